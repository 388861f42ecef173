"""Stand-ins for the values a query compiled once takes on each call (``core.json_rows``,
``core.compiled_rows``): the queryset is built and compiled with a ``Placeholder`` where a value
goes, the compiled parameters are searched for its slots, and each call puts its values there.
"""

from django.db.models import Expression

# In a slot's repr, so that a parameter built from a placeholder's text is caught.
_SLOT_MARK = "row-query-slot"


class _Slot:
    """What a placeholder (or a list's item) leaves among the compiled parameters: found by its
    type, so no real parameter can be taken for it (as a sentinel value could), and a driver
    refuses it if one is ever left unreplaced."""

    __slots__ = ("name", "position")

    def __init__(self, name, position):
        self.name, self.position = name, position

    def __repr__(self):
        return f"<{_SLOT_MARK} {self.name}{'' if self.position is None else [self.position]}>"


class Placeholder(Expression):
    """A value given by each call: compiled as a parameter (a list's as ``(%s, …)``, for an
    ``__in`` lookup), its slot marking where the value goes.

    An expression, not a stand-in value: Django prepares, converts and checks only plain values
    (6.1 compiles a lookup whose integer is out of the field's range to no condition or to no
    rows), an expression goes into the SQL as it compiles. A list is one expression, not a list of
    them: a related ``__in`` (``cluster__in=``) converts each item of a list to an id."""

    def __init__(self, name, length=None):
        super().__init__()
        self.length = length
        positions = (None,) if length is None else range(length)
        self.slots = [_Slot(name, position) for position in positions]

    def __repr__(self):
        return f"Placeholder({', '.join(map(repr, self.slots))})"

    def as_sql(self, compiler, connection):
        if self.length is None:
            return "%s", list(self.slots)
        return f"({', '.join(['%s'] * self.length)})", list(self.slots)

    def get_group_by_cols(self):
        return []


def slots_of(params):
    """{index of a compiled parameter: (placeholder's name, position in its list or None)}."""
    return {
        index: (param.name, param.position)
        for index, param in enumerate(params)
        if isinstance(param, _Slot)
    }


def refuse_made_from_placeholders(params):
    """A parameter made from a placeholder's text would carry the first call's value for ever."""
    if any(isinstance(param, str) and _SLOT_MARK in param for param in params):
        raise ValueError("A parameter is made from a placeholder: pass placeholders to lookups.")
