"""/czlonkowie/?q= on PostgreSQL reads the organisations' stored folded words (members 0019) through
their trigram index, and finds what the text filter promises in each of the columns it reads."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from core.db_functions import WORDS_COLUMN, stored_words_column
from core.languages import columns_for_matching
from members.filters import OrganisationFilter
from members.models import MemberOrganisation
from tests.factories import MemberOrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

URL = reverse("members:list")


def names(response):
    return [organisation.name for organisation, _clusters in response.context["rows"]]


@pytest.mark.parametrize(
    ("column", "value", "query"),
    [
        ("name", "Zakład Ślusarski", "slusar"),
        ("aliases", "ZŚ, Ślusarnia", "ślusarnia"),
        ("city", "Łódź", "LODZ"),
        ("description", "Obróbka stali nierdzewnej", "nierdzew"),
        ("name_en", "Locksmith Works", "locksmith"),
        ("description_en", "Stainless steel machining", "stainless machin"),
    ],
)
def test_every_column_of_the_filter_is_searched_and_follows_an_edit(client, column, value, query):
    organisation = MemberOrganisationFactory(name="Firma Alfa")
    MemberOrganisationFactory(name="Firma Beta", description="Piekarnia")
    assert names(client.get(URL, {"q": query})) == []
    setattr(organisation, column, value)
    organisation.save()
    assert names(client.get(URL, {"q": query})) == [organisation.name]
    setattr(organisation, column, "" if column not in ("name",) else "Firma Gamma")
    organisation.save()
    assert names(client.get(URL, {"q": query})) == []


def test_a_word_matches_only_at_the_start_of_a_word_of_one_column():
    MemberOrganisationFactory(name="Grupa Rolnictwa", city="Puławy")
    MemberOrganisationFactory(name="Lubelski ICT", city="Lublin")

    def found(text):
        filterset = OrganisationFilter({"q": text}, queryset=MemberOrganisation.objects.all())
        return sorted(filterset.qs.values_list("name", flat=True))

    assert found("ict") == ["Lubelski ICT"]
    assert found("pulawy rolnic") == ["Grupa Rolnictwa"]
    # the columns are kept apart: the end of the name and the start of the town are not one word
    assert found("ictlublin") == []


def test_the_text_filter_finds_its_rows_through_the_trigram_index():
    MemberOrganisationFactory.create_batch(3)
    rows = OrganisationFilter(
        {"q": "medycyna"}, queryset=MemberOrganisation.objects.with_place()
    ).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = rows.explain()
    assert "organisation_words" in plan
    assert "immutable_unaccent" not in plan  # no column is unaccented per row


def test_the_stored_words_are_those_of_the_columns_the_filter_reads_in_every_language(settings):
    # STORED_WORDS must name what the migration stored: a field added to the model's constant
    # without a migration would be silently missed by the filter
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
            "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE a.attrelid = %s::regclass AND a.attname = %s",
            [MemberOrganisation._meta.db_table, WORDS_COLUMN],
        )
        (expression,) = cursor.fetchone()
    stored = re.findall(r"COALESCE\(\(?(\w+)", expression)
    assert stored == list(MemberOrganisation.STORED_WORDS)
    # and the filter reads exactly those columns on a page in any language
    for code, _name in settings.LANGUAGES:
        columns = columns_for_matching(
            MemberOrganisation, ("name", "aliases", "city", "description"), code
        )
        assert stored_words_column(MemberOrganisation, columns) == WORDS_COLUMN
