import datetime

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

ROWS = [
    ("/a/?x=1&y=2", mark_safe('<span lang="pl">Łódź &amp; Co</span>'), "<b>członek</b>", True),
    ("/b/", 'O\'Brien "Ltd"', "", False),
    ("/c/", 12345, None, 0),
    ("/d/", datetime.date(2024, 3, 18), 2.5, 1),
]

BODY = (
    '\n    <li><a href="{{ url }}">{{ name }}</a>{% if note %} <span>{{ note }}</span>{% else %}-'
    '{% endif %}{% if anchor %} ({% translate "klaster wiodący" %}){% endif %}'
    "{% blocktranslate trimmed with initiator=name %}inicjator: {{ initiator }}{% endblocktranslate %}"
    "{% blocktranslate %}Klastry w katalogu: {{ note }}{% endblocktranslate %}</li>\n    "
)


def render(source, rows):
    return (
        engines["django"].from_string("{% load i18n fast_rows %}" + source).render({"rows": rows})
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_rows_print_what_a_for_loop_prints(language):
    with translation.override(language):
        expected = render("{% for url, name, note, anchor in rows %}" + BODY + "{% endfor %}", ROWS)
        fast = render("{% rows url, name, note, anchor in rows %}" + BODY + "{% endrows %}", ROWS)
    assert fast == expected
    assert "&amp;y=2" in fast and "&lt;b&gt;członek&lt;/b&gt;" in fast  # escaped
    assert '<span lang="pl">Łódź &amp; Co</span>' in fast  # safe text as it is


def test_rows_of_one_value_and_no_rows():
    assert render("{% rows x in rows %}[{{ x }}]{% endrows %}", ["a<", "b"]) == "[a&lt;][b]"
    assert render("{% rows x in rows %}[{{ x }}]{% endrows %}", []) == ""


def test_rows_render_any_other_tag_with_the_rows_variables():
    body = (
        "{{ name|upper }} {% if url == '/b/' %}B{% endif %} {{ other }} {% url 'clusters:home' %};"
    )
    assert render("{% rows url, name, note, anchor in rows %}" + body + "{% endrows %}", ROWS) == (
        render("{% for url, name, note, anchor in rows %}" + body + "{% endfor %}", ROWS)
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_translated_variable_is_rendered_per_row(language):
    """Only a literal {% translate "…" %} is the same on every row (rendered once per loop)."""
    rows = [("a", "klaster wiodący"), ("b", "<i>x</i>"), ("c", "")]
    body = '[{% translate b %}|{% translate b|upper %}|{% translate "klaster wiodący" %}]'
    with translation.override(language):
        fast = render("{% rows a, b in rows %}" + body + "{% endrows %}", rows)
        expected = render("{% for a, b in rows %}" + body + "{% endfor %}", rows)
    assert fast == expected
    assert "][&lt;i&gt;x&lt;/i&gt;|&lt;I&gt;X&lt;/I&gt;|" in fast and "][||" in fast


def test_an_if_on_the_loops_surroundings_is_decided_once_and_prints_what_for_prints(monkeypatch):
    """An {% if %} reading no loop variable (a table's flag, missing or given) has one answer for
    every row: asked once per loop, each row printed as {% for %} prints it."""
    from django.template import base

    body = (
        "[{{ url }}{% if not flag %}-no flag{% endif %}{% if flag and other %} both{% else %}"
        " {{ name }}{% endif %}{% if flag|default:url %}!{% endif %}]"
    )

    def both(context):
        source = "{% rows url, name, note, anchor in rows %}" + body + "{% endrows %}"
        loop = "{% for url, name, note, anchor in rows %}" + body + "{% endfor %}"
        template = "{% load fast_rows %}"
        fast = engines["django"].from_string(template + source).render({"rows": ROWS, **context})
        expected = engines["django"].from_string(loop).render({"rows": ROWS, **context})
        return fast, expected

    lookups = []
    original = base.Variable._resolve_lookup

    def counted(self, context):
        if self.var == "flag":
            lookups.append(self.var)
        return original(self, context)

    monkeypatch.setattr(base.Variable, "_resolve_lookup", counted)
    for context in ({}, {"flag": True}, {"flag": True, "other": 1}, {"flag": ""}):
        lookups.clear()
        fast, expected = both(context)
        assert fast == expected, context
    # the flag is read per row in {% for %}, once per loop and {% if %} in {% rows %} (one that
    # also reads a row's value, as "flag|default:url" above, is asked per row)
    lookups.clear()
    engines["django"].from_string(
        "{% load fast_rows %}{% rows url, name, note, anchor in rows %}{% if not flag %}x{% endif %}"
        "{% if flag %}y{% endif %}{% endrows %}"
    ).render({"rows": ROWS})
    assert len(lookups) == 2
