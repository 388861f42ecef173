"""``{% field_group %}`` (core/templatetags/facet_options.py) writes a text or number field's group
as Django's own templates do (``as_field_group``): label, help text, errors, the box."""

import re

import pytest
from django import forms

from core.templatetags.facet_options import field_group


class Filters(forms.Form):
    q = forms.CharField(label="Nazwa zawiera", max_length=200, required=False)
    year = forms.IntegerField(
        label="Rok?",
        required=False,
        min_value=1900,
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "list": "years", "placeholder": 'np. "2019" <rok>'}
        ),
    )
    cluster = forms.CharField(label="Klaster", required=False, help_text="Nazwa, np. „medycyna”.")
    needed = forms.CharField(label="Wymagane")
    choice = forms.ChoiceField(label="Wybór", choices=[("a", "A")], required=False)


def squashed(html):
    return re.sub(r"\s*\n\s*", "", str(html))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": 'x"><script>alert(1)</script>', "year": "1950", "cluster": "lub", "needed": "t"},
        {"year": "abc", "q": "a" * 300},  # errors: a number, a length, a required field
        {"year": "1800", "choice": "zz"},
    ],
)
@pytest.mark.parametrize("name", ["q", "year", "cluster", "needed", "choice"])
def test_a_field_group_is_the_one_djangos_templates_write(data, name):
    form = Filters(data) if data else Filters()
    form.is_valid()
    assert squashed(field_group(form[name])) == squashed(form[name].as_field_group())


def test_the_group_says_what_is_wrong_and_points_the_box_at_it():
    form = Filters({"year": "abc"})
    form.is_valid()
    html = str(field_group(form["year"]))
    assert '<ul class="errorlist" id="id_year_error"><li>' in html
    assert 'aria-invalid="true" aria-describedby="id_year_error"' in html
    assert 'value="abc"' in html
