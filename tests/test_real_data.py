"""The real data in fixtures/ loads into an empty database and says what the seed and FACTS.md say."""

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from clusters.models import (
    ActivityEvidence,
    Cluster,
    Event,
    EventScope,
    EvidenceRecency,
    Initiator,
    InitiatorKind,
    KeyFigure,
    Label,
    LabelKind,
    MemberReport,
    PartnerCountry,
    Source,
    Tie,
)
from core.text import polish_slug
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, Membership, MembershipRole, OrganisationType

pytestmark = pytest.mark.django_db

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
LM = "klaster-lubelska-medycyna"

# FACTS.md §2: each ecosystem and the cluster it was built around, in the seed's order.
ANCHORS = {
    "Lubelska Wyżyna Motoryzacyjna i Maszynowa": "Wyżyna Przemysłowa",
    "Lubelska Wyżyna Lotnicza": "Lubelski Klaster Zaawansowanych Technologii Lotniczych",
    "Lubelska Wyżyna IT": "Lubelska Wyżyna IT",
    "Lubelska Wyżyna Medyczna": "Klaster Lubelska Medycyna",
    "Lubelska Wyżyna Biotechnologiczna": "Lubelski Klaster Biotechnologiczny",
}

# FACTS.md §4: the organisations named as members or coordinators, with their type and place.
NAMED_ORGANISATIONS = {
    "Uniwersytet Medyczny w Lublinie": (OrganisationType.HIGHER_EDUCATION, "Lublin"),
    "PZL-Świdnik": (OrganisationType.ENTERPRISE, "Świdnik"),
    "Lubelski Park Naukowo-Technologiczny": (OrganisationType.BUSINESS_SUPPORT, "Lublin"),
    "LW Bogdanka": (OrganisationType.ENTERPRISE, "Bogdanka"),
    "Grupa Azoty Puławy": (OrganisationType.ENTERPRISE, "Puławy"),
    "PGE Dystrybucja": (OrganisationType.ENTERPRISE, "Lublin"),
    "Polskie Centrum Fotoniki i Światłowodów": (OrganisationType.HIGHER_EDUCATION, ""),
    "Uniwersytet Marii Curie-Skłodowskiej": (OrganisationType.HIGHER_EDUCATION, "Lublin"),
    "Wschodnia Agencja Rozwoju sp. z o.o.": (OrganisationType.BUSINESS_SUPPORT, "Lublin"),
    "Wojewódzki Klub Techniki i Racjonalizacji w Lublinie": (
        OrganisationType.BUSINESS_SUPPORT,
        "Lublin",
    ),
    "Fundacja Rozwoju Lubelszczyzny": (OrganisationType.BUSINESS_SUPPORT, "Lublin"),
    "Instytut Uprawy Nawożenia i Gleboznawstwa – PIB": (
        OrganisationType.HIGHER_EDUCATION,
        "Puławy",
    ),
    "Instytut Agrofizyki PAN": (OrganisationType.HIGHER_EDUCATION, "Lublin"),
    "Lubelska Fundacja Rozwoju": (OrganisationType.BUSINESS_SUPPORT, "Lublin"),
}


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in ("ecosystems", "clusters", "members")
        for model in apps.get_app_config(app).get_models()
    }


def lm_reports():
    return MemberReport.objects.filter(cluster__slug=LM).chronological()


def test_fixtures_name_rows_by_natural_keys_never_by_primary_key():
    for path in sorted(FIXTURE_DIR.glob("*.json")):
        for record in json.loads(path.read_text()):
            assert "pk" not in record, f"{path.name}: {record['model']} has a primary key"


def test_the_seed_lists_23_clusters(real_data):
    assert Cluster.objects.count() == 23


def test_clusters_split_by_initiator_five_city_three_marshal_fifteen_other(real_data):
    split = dict(Cluster.objects.values_list("initiator__kind").annotate(n=Count("pk")).order_by())
    assert split == {InitiatorKind.CITY: 5, InitiatorKind.MARSHAL: 3, InitiatorKind.OTHER: 15}
    assert Initiator.objects.get(kind=InitiatorKind.MARSHAL).short_name == "UMWL"


def test_the_three_marshal_clusters_were_all_started_in_2023(real_data):
    marshal = Cluster.objects.filter(initiator__kind=InitiatorKind.MARSHAL)
    assert set(marshal.values_list("founded_year", flat=True)) == {2023}


def test_cluster_slugs_transliterate_polish_letters(real_data):
    for name, slug in Cluster.objects.values_list("name", "slug"):
        assert slug == polish_slug(name)
    assert Cluster.objects.filter(slug="klaster-designu-innowacji-i-mody").exists()


def test_five_ecosystems_each_built_around_its_anchor_cluster(real_data):
    ecosystems = list(Ecosystem.objects.order_by("position"))
    assert [e.name for e in ecosystems] == list(ANCHORS)
    for ecosystem in ecosystems:
        anchor = Cluster.objects.get(ecosystem=ecosystem, is_ecosystem_anchor=True)
        assert anchor.name == ANCHORS[ecosystem.name]
        assert ecosystem.summary and ecosystem.description
    assert Cluster.objects.filter(is_ecosystem_anchor=True).count() == 5


def test_lubelska_medycyna_latest_report_is_the_seeds_184_members(real_data):
    latest = lm_reports().last()
    assert latest.as_of_year is None  # the seed gives no date
    assert latest.total == 184
    assert [count for _, count in latest.breakdown()] == [150, 13, 10, 9, 2]
    assert sum(count for _, count in latest.breakdown()) == latest.total
    assert (latest.voivodeship_count, latest.in_voivodeship, latest.in_lublin) == (11, 153, 117)


def test_lubelska_medycyna_shares_are_computed_from_counts_not_the_seeds_wrong_percentages(
    real_data,
):
    latest = lm_reports().last()
    assert latest.share(latest.in_voivodeship) == 83
    assert latest.share(latest.in_lublin) == 64


def test_lubelska_medycyna_member_history_runs_139_159_over_160_184_in_order(real_data):
    reports = list(lm_reports())
    assert [(r.as_of_year, r.total_display) for r in reports] == [
        (2019, "139"),
        (2021, "159"),
        (2021, "ponad 160"),
        (None, "184"),
    ]
    assert reports[0].enterprises == 112
    assert reports[0].source.url == "https://lublin.eu/biznes-i-nauka/przedsiebiorcy/klastry/"
    assert reports[1].source.date == datetime.date(2021, 4, 2)
    assert reports[2].hospitals == 11
    assert reports[3].source.url == ""  # the seed presentation has no address


def test_other_clusters_reported_members_come_with_year_and_source(real_data):
    others = MemberReport.objects.exclude(cluster__slug=LM)
    assert others.count() == 14
    assert all(r.as_of_year and r.source_id for r in others)
    dolina = others.get(cluster__slug="klaster-dolina-ekologicznej-zywnosci")
    assert (dolina.as_of_year, dolina.total) == (2013, 21)
    assert dolina.source.url.startswith("http://www.dolinaeko.pl/news/627")
    drewno = others.get(cluster__slug="stowarzyszenie-lubelskie-drewno")
    assert (drewno.as_of_year, drewno.total, drewno.enterprises) == (2019, 70, 70)
    ict = others.filter(cluster__slug="wschodni-klaster-ict")
    assert [(r.as_of_year, r.total_display) for r in ict.chronological()] == [
        (2016, "ponad 100"),
        (2019, "103"),
        (2021, "ponad 150"),
    ]


def test_lubelska_medycyna_has_exactly_the_seeds_eight_specialisations(real_data):
    names = set(Cluster.objects.get(slug=LM).specialisations.values_list("name", flat=True))
    assert names == {
        "wyroby medyczne",
        "robotyka medyczna",
        "e-zdrowie",
        "leki, suplementy diety i substancje bioaktywne",
        "żywność funkcjonalna",
        "medycyna weterynaryjna",
        "promocja zdrowia",
        "turystyka medyczna",
    }


def test_lubelska_medycyna_has_22_partner_countries_8_formal_12_experts_2_networks(real_data):
    partners = PartnerCountry.objects.filter(cluster__slug=LM)
    by_tie = dict(partners.values_list("tie").annotate(n=Count("pk")).order_by())
    assert by_tie == {Tie.FORMAL: 8, Tie.EXPERTS: 12, Tie.NETWORK: 2}
    assert partners.values("country").distinct().count() == 22
    via = {p.country.code: p.via for p in partners if p.via}
    assert via == {
        "SE": "NordicProof",
        "DK": "NordicProof",
        "FI": "NordicProof",
        "BE": "ECCP",
        "IE": "ECHAlliance",
    }


def test_lubelska_medycyna_organised_four_international_events(real_data):
    events = Event.objects.filter(cluster__slug=LM, scope=EventScope.INTERNATIONAL)
    assert sorted(events.values_list("year", "name")) == [
        (2018, "Health and Medical Tourism Summit Eastern Europe"),
        (2019, "International Health Tourism Forum Lublin"),
        (2021, "LubTech Digital Health"),
        (2023, "LubTech Smart Food"),
    ]


def test_lubelska_medycyna_key_figures_read_over_200(real_data):
    figures = [str(f) for f in KeyFigure.objects.filter(cluster__slug=LM)]
    assert figures == [
        "ponad 200 wydarzeń międzynarodowych i krajowych z udziałem biura klastra",
        "ponad 200 publikacji w mediach lokalnych, krajowych i zagranicznych",
    ]


def test_lubelska_medycyna_official_name_projects_and_coordinators(real_data):
    lm = Cluster.objects.get(slug=LM)
    assert lm.official_name == "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych"
    assert set(lm.projects.values_list("name", flat=True)) == {
        "Lubelskie Konsorcjum Turystyki Medycznej",
        "Lubelskie Obserwatorium Turystyki Medycznej",
        "ProVaHealth – Product Validation in Health",
    }
    assert lm.name_en == "Lublin Medicine – Medical & Wellness Cluster"
    coordinators = Membership.objects.filter(cluster=lm).coordinators()
    assert set(coordinators.values_list("organisation__name", flat=True)) == {
        "Urząd Miasta Lublin",
        "Uniwersytet Medyczny w Lublinie",
    }


def test_labels_kkk_for_photonics_and_ict_and_esca_bronze_for_lubelska_medycyna(real_data):
    labels = {
        (label.cluster.slug, label.kind): label for label in Label.objects.select_related("cluster")
    }
    assert set(labels) == {
        ("klaster-fotoniki-i-swiatlowodow", LabelKind.KEY_CLUSTER),
        ("wschodni-klaster-ict", LabelKind.KEY_CLUSTER),
        ("wschodni-klaster-ict", LabelKind.ESCA_BRONZE),  # year not stated by its source
        (LM, LabelKind.ESCA_BRONZE),
    }
    assert all(label.source_id for label in labels.values())
    photonics = labels["klaster-fotoniki-i-swiatlowodow", LabelKind.KEY_CLUSTER]
    assert (photonics.year, str(photonics.valid_until)) == (None, "2024-12-31")
    ict = labels["wschodni-klaster-ict", LabelKind.KEY_CLUSTER]
    assert (ict.year, str(ict.valid_from)) == (2016, "2016-10-25")
    assert labels[LM, LabelKind.ESCA_BRONZE].year == 2016


def test_every_organisation_named_in_facts_exists_with_its_type_and_place(real_data):
    for name, (organisation_type, city) in NAMED_ORGANISATIONS.items():
        organisation = MemberOrganisation.objects.get(name=name)
        assert organisation.organisation_type == organisation_type, name
        assert organisation.city == city, name
        assert organisation.voivodeship == ("lubelskie" if city else ""), name


def test_photonics_cluster_was_cofounded_by_five_organisations_in_2012(real_data):
    founders = Membership.objects.filter(
        cluster__slug="klaster-fotoniki-i-swiatlowodow", role=MembershipRole.FOUNDER
    )
    assert set(founders.values_list("organisation__name", "since_year")) == {
        ("Polskie Centrum Fotoniki i Światłowodów", 2012),
        ("InPhoTech", 2012),
        ("Elmat (Fibrain)", 2012),
        ("CoMin", 2012),
        ("Uniwersytet Marii Curie-Skłodowskiej", 2012),
    }


def test_clusters_without_a_known_coordinator_have_none(real_data):
    for slug in ("eastern-bioactives-cluster", "esta-klaster", "klaster-designu-innowacji-i-mody"):
        assert not Membership.objects.filter(cluster__slug=slug).exists(), slug
    # FACTS-more: the 2023 letters of intent name signatories, no source names a coordinator.
    for slug in ("lubelski-klaster-gospodarki-obiegu-zamknietego", "lubelski-klaster-wodorowy"):
        assert not Membership.objects.filter(cluster__slug=slug).coordinators().exists(), slug
        assert (
            Membership.objects.filter(cluster__slug=slug, role=MembershipRole.FOUNDER).count() == 5
        )


def test_the_city_is_one_organisation_with_its_aliases_and_every_city_role(real_data):
    assert not MemberOrganisation.objects.filter(name="Gmina Lublin").exists()
    city = MemberOrganisation.objects.get(slug="urzad-miasta-lublin")
    assert {"Gmina Lublin", "UM Lublin"} <= set(city.alias_list())
    roles = set(city.memberships.values_list("cluster__slug", "role"))
    assert roles == {
        (LM, MembershipRole.COORDINATOR),
        (LM, MembershipRole.FOUNDER),
        ("lubelska-wyzyna-it", MembershipRole.COORDINATOR),
        ("lubelski-klaster-zaawansowanych-technologii-lotniczych", MembershipRole.FOUNDER),
        ("lubelski-klaster-biotechnologiczny", MembershipRole.COORDINATOR),
        ("lubelski-klaster-biotechnologiczny", MembershipRole.FOUNDER),
    }


def test_every_cited_fact_points_to_a_source_and_every_cluster_has_a_description(real_data):
    for model in (MemberReport, PartnerCountry, Event, KeyFigure, Label, ActivityEvidence):
        assert not model.objects.filter(source__isnull=True).exists(), model.__name__
    assert not Membership.objects.filter(source__isnull=True).exists()
    for cluster in Cluster.objects.all():
        assert cluster.description and cluster.description_sources.exists(), cluster.slug
        assert cluster.data_checked == datetime.date(2026, 11, 29), cluster.slug
        if cluster.founded_year:
            assert cluster.founded_source_id, cluster.slug
        if cluster.name_en:
            assert cluster.names_source_id, cluster.slug


def test_sources_are_dated_as_precisely_as_they_state_and_never_more(real_data):
    by_slug = {source.slug: source for source in Source.objects.all()}
    assert by_slug["medycyna-2024-03-19-gala-10-lecia"].when == "19 marca 2024"
    assert by_slug["radio-lublin-2019-03-check-it"].when == "marzec 2019"
    assert by_slug["lublin-eu-klastry-2019"].when == "2019"
    assert by_slug["city-list-pl"].when == "bez daty"


def test_latest_evidence_groups_the_clusters_by_how_recent_it_is(real_data):
    clusters = Cluster.objects.with_latest_evidence()
    groups = clusters.count_by("evidence_recency")
    assert groups == {
        EvidenceRecency.RECENT: 4,
        EvidenceRecency.MIDDLE: 3,
        EvidenceRecency.OLD: 6,
        EvidenceRecency.NONE: 10,
    }
    lm = clusters.get(slug=LM)
    assert lm.latest_evidence_date == datetime.date(2024, 3, 18)
    assert lm.latest_evidence.summary == "gala 10-lecia klastra w Trybunale Koronnym"
    assert lm.latest_evidence.when == "18 marca 2024"
    # Being listed on a city page is not evidence of activity.
    listed_only = clusters.get(slug="stowarzyszenie-lubelskie-drewno")
    assert listed_only.evidence_recency == EvidenceRecency.NONE


def test_every_organisation_facts_more_names_with_its_town(real_data):
    towns = {
        "PPHU MALINEX": "Łęczna",
        "GRANT Sp. z o.o.": "Ostrowiec Świętokrzyski",
        "ABM Greiffenberger Polska Sp. z o.o.": "Lublin",
        "FŁT-Kraśnik S.A.": "Kraśnik",
        "Podkarpacka Izba Rolnictwa Ekologicznego": "Świlcza",
        "Herbapol-Lublin": "Lublin",
    }
    for name, town in towns.items():
        assert MemberOrganisation.objects.get(name=name).city == town, name
    assert MemberOrganisation.objects.get(name="GRANT Sp. z o.o.").voivodeship == "swietokrzyskie"
    founders = Membership.objects.filter(
        cluster__slug="wschodni-klaster-obrobki-metali", role=MembershipRole.FOUNDER
    )
    assert founders.count() == 13


def test_loading_again_adds_no_rows_and_keeps_edited_values_until_a_reset(real_data):
    before = row_counts()
    Cluster.objects.filter(slug=LM).update(website="https://example.com", founded_year=1999)
    lm_reports().filter(as_of_year=None).update(in_lublin=1)

    call_command("load_real_data", verbosity=0)

    assert row_counts() == before
    lm = Cluster.objects.get(slug=LM)
    assert (lm.website, lm.founded_year) == ("https://example.com", 1999)
    assert lm_reports().last().in_lublin == 1

    call_command("load_real_data", "--reset", "--noinput", verbosity=0)

    lm = Cluster.objects.get(slug=LM)
    assert (lm.website, lm.founded_year) == ("https://medycyna.lublin.eu", 2014)
    assert lm_reports().last().in_lublin == 117


def test_loading_again_keeps_the_office_accounts_attached_to_a_cluster(real_data, office_user):
    lm = Cluster.objects.get(slug=LM)
    lm.staff.add(office_user)

    call_command("load_real_data", verbosity=0)

    assert list(lm.staff.all()) == [office_user]


def test_organisations_whose_type_no_source_states_have_no_type(real_data):
    unstated = [
        "Fundacja Lubelska Wyżyna Motoryzacyjna i Maszynowa",
        "Magiczny Ogród",
        "Software Camp",
    ]
    for name in unstated:
        assert MemberOrganisation.objects.get(name=name).organisation_type == "", name


def test_a_test_that_does_not_ask_for_the_real_data_finds_none_of_it():
    """tests/conftest.py loads the real data once for all the tests that ask for it, which run
    first, and rolls it back before any other test."""
    assert not Cluster.objects.exists()
    assert not Ecosystem.objects.exists()
    assert not MemberOrganisation.objects.exists()
