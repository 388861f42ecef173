"""``{% rows a, b in items %}…{% endrows %}``: a loop over many rows, its body kept in the template.

The template engine spends ~20-30 µs on a row of a ``{% for %}`` printing three values: each
``{{ value }}`` is looked up, localised and escaped through Django's lazy-aware wrappers. A page
listing hundreds of links (an ecosystem's 150 rows, an organisation's 242 clusters) spent most of
its time there. ``rows`` reads its body once, when the template is compiled: text, a plain
``{{ variable }}`` of the loop, ``{% if variable %}…{% else %}…{% endif %}`` on one, an ``{% if %}``
that reads no loop variable (decided once per loop, not once per row) and a constant
``{% translate "…" %}`` are joined directly, and a ``{% blocktranslate %}`` of loop variables is
translated once per loop, a text value escaped as ``conditional_escape`` does (other values go
through Django's own ``render_value_in_context``); any other tag or filter is rendered by the
engine with the row's variables in the context. The output is the ``{% for %}``
loop's, byte for byte (there is no ``forloop``).
"""

import html
import re

from django import template
from django.template.base import (
    TextNode,
    Variable,
    VariableDoesNotExist,
    VariableNode,
    render_value_in_context,
)
from django.template.defaulttags import IfNode, TemplateLiteral
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

_TEXT, _VALUE, _CONSTANT, _IF, _NODE, _BLOCK, _LOOP_IF = range(7)


def _loop_variable(filter_expression, names):
    """The position among ``names`` of a plain ``{{ name }}`` (no filter), or None."""
    variable = filter_expression.var
    if filter_expression.filters or not isinstance(variable, Variable):
        return None
    lookups = variable.lookups
    if lookups is None or len(lookups) != 1 or lookups[0] not in names:
        return None
    return names.index(lookups[0])


def _compile(nodelist, names):
    """The body as a list of parts: (_TEXT, text), (_VALUE, position), (_CONSTANT, node),
    (_IF, position, parts if true, parts otherwise), (_LOOP_IF, node, parts if true, parts
    otherwise), (_BLOCK, node, {placeholder: position}) or (_NODE, node) rendered by the engine."""
    parts = []
    for node in nodelist:
        if isinstance(node, TextNode):
            parts.append((_TEXT, node.s))
        elif (
            isinstance(node, VariableNode)
            and (position := _loop_variable(node.filter_expression, names)) is not None
        ):
            parts.append((_VALUE, position))
        elif isinstance(node, TranslateNode) and _constant_translation(node):
            parts.append((_CONSTANT, node))
        elif isinstance(node, IfNode) and (test := _compile_if(node, names)):
            parts.append(test)
        elif isinstance(node, BlockTranslateNode) and (block := _compile_block(node, names)):
            parts.append(block)
        else:
            parts.append((_NODE, node))
    return parts


def _constant_translation(node):
    """Whether a {% translate %} prints the same on every row: a literal (``"…"``, whose text the
    tag turned into a literal ``Variable``) without filters, context or ``asvar``. A variable (a
    loop's one or not) is rendered per row, as ``{% for %}`` renders it."""
    expression = node.filter_expression
    variable = expression.var
    return not (node.asvar or node.message_context or expression.filters) and (
        not isinstance(variable, Variable) or variable.literal is not None
    )


def _compile_if(node, names):
    """(_IF, …) for ``{% if variable %}…{% else %}…{% endif %}`` on a loop variable, (_LOOP_IF,
    …) for an ``{% if %}…{% else %}…{% endif %}`` that reads no loop variable (its test is the same
    on every row: ``{% if not no_share %}``), else None."""
    branches = node.conditions_nodelists
    condition, if_true = branches[0]
    if len(branches) > 2 or (len(branches) == 2 and branches[1][0] is not None):
        return None
    otherwise = branches[1][1] if len(branches) == 2 else ()
    if not any(_reads_loop(expression, names) for expression in _expressions(condition)):
        return (_LOOP_IF, node, _compile(if_true, names), _compile(otherwise, names))
    if not isinstance(condition, TemplateLiteral):
        return None
    position = _loop_variable(condition.value, names)
    if position is None:
        return None
    return (_IF, position, _compile(if_true, names), _compile(otherwise, names))


def _expressions(condition):
    """The filter expressions an ``{% if %}``'s condition (a tree of smartif operators) reads."""
    if isinstance(condition, TemplateLiteral):
        return [condition.value]
    children = (condition.first, condition.second)
    return [found for child in children if child is not None for found in _expressions(child)]


def _reads_loop(expression, names):
    """Whether a filter expression (its variable or a filter's argument) reads a loop variable."""
    variables = [expression.var] + [
        value for _filter, arguments in expression.filters for lookup, value in arguments if lookup
    ]
    return any(
        isinstance(variable, Variable) and variable.lookups and variable.lookups[0] in names
        for variable in variables
    )


def _holds(condition, context):
    """An ``{% if %}``'s test as IfNode makes it: a missing variable is false."""
    try:
        return bool(condition.eval(context))
    except VariableDoesNotExist:
        return False


def _compile_block(node, names):
    """(_BLOCK, node, {placeholder: position}) for a {% blocktranslate %} without plural, context
    or ``asvar`` whose values are all loop variables (``with a=b`` or named directly), else None."""
    if node.plural or node.counter or node.message_context or node.asvar:
        return None
    positions = {}
    for placeholder, value in node.extra_context.items():
        position = _loop_variable(value, names)
        if position is None:
            return None
        positions[placeholder] = position
    _message, placeholders = node.render_token_list(node.singular)
    for placeholder in placeholders:
        if placeholder not in positions:
            if placeholder not in names:
                return None
            positions[placeholder] = names.index(placeholder)
    return (_BLOCK, node, positions)


class RowsNode(template.Node):
    def __init__(self, names, sequence, nodelist):
        self.names, self.sequence, self.nodelist = names, sequence, nodelist
        self.parts = _compile(nodelist, names)

    def render(self, context):
        items = self.sequence.resolve(context, ignore_failures=True) or ()
        constants = {}
        single = len(self.names) == 1
        out = []
        for item in items:
            values = (item,) if single else tuple(item)
            if len(values) != len(self.names):
                raise ValueError(f"Need {len(self.names)} values to unpack in {{% rows %}}")
            self._render(self.parts, values, context, constants, out)
        return mark_safe("".join(out))  # noqa: S308 - every value is escaped in _value

    def _render(self, parts, values, context, constants, out):
        for part in parts:
            kind = part[0]
            if kind == _TEXT:
                out.append(part[1])
            elif kind == _VALUE:
                out.append(_value(values[part[1]], context))
            elif kind == _CONSTANT:
                node = part[1]
                if node not in constants:
                    constants[node] = node.render(context)
                out.append(constants[node])
            elif kind == _IF:
                branch = part[2] if values[part[1]] else part[3]
                self._render(branch, values, context, constants, out)
            elif kind == _LOOP_IF:
                node = part[1]
                if node not in constants:
                    constants[node] = _holds(node.conditions_nodelists[0][0], context)
                self._render(
                    part[2] if constants[node] else part[3], values, context, constants, out
                )
            elif kind == _BLOCK:
                out.append(self._block(part, values, context, constants))
            else:
                with context.push(dict(zip(self.names, values, strict=True))):
                    out.append(part[1].render_annotated(context))

    def _block(self, part, values, context, constants):
        """A {% blocktranslate %}: the message translated once per loop, the row's values put in
        (escaped as the tag escapes them); a message its translation cannot fill goes through the
        tag itself, as the tag handles it."""
        _kind, node, positions = part
        if node not in constants:
            message, _placeholders = node.render_token_list(node.singular)
            constants[node] = translation.gettext(message)
        data = {name: _value(values[position], context) for name, position in positions.items()}
        try:
            return constants[node] % data
        except (KeyError, ValueError):
            with context.push(dict(zip(self.names, values, strict=True))):
                return node.render_annotated(context)


def _value(value, context):
    """``value`` as ``{{ value }}`` prints it: text escaped (safe text as it is), anything else
    through the template engine's own path (numbers and dates localised)."""
    if isinstance(value, str) and context.autoescape:
        return value if hasattr(value, "__html__") else html.escape(value)
    return render_value_in_context(value, context)


@register.tag
def rows(parser, token):
    """``{% rows a, b in items %}…{% endrows %}``: ``{% for %}`` for long lists of plain rows."""
    bits = token.split_contents()
    if len(bits) < 4 or bits[-2] != "in":
        raise template.TemplateSyntaxError("{% rows a, b in items %} takes names and a list")
    names = re.split(r" *, *", " ".join(bits[1:-2]))
    if not all(names):
        raise template.TemplateSyntaxError(f"{{% rows %}}: bad variables in {token.contents!r}")
    sequence = parser.compile_filter(bits[-1])
    nodelist = parser.parse(("endrows",))
    parser.delete_first_token()
    return RowsNode(names, sequence, nodelist)
