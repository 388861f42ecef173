"""Small, explicit factories for tests that need a handful of rows rather than the real data."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clusters.models import (
    ActivityEvidence,
    Cluster,
    DatePrecision,
    Event,
    Initiator,
    InitiatorKind,
    KeyFigure,
    Label,
    LabelKind,
    MemberReport,
    PartnerCountry,
    Project,
    Sector,
    Source,
    Specialisation,
    Tie,
)
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, Membership, OrganisationType

PASSWORD = "correct-horse-battery-staple"


class EcosystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ecosystem

    name = factory.Sequence(lambda n: f"Lubelska Wyżyna Testowa {n}")
    slug = factory.Sequence(lambda n: f"wyzyna-testowa-{n}")
    position = factory.Sequence(lambda n: n)


class InitiatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiator

    name = factory.Sequence(lambda n: f"Inicjator {n}")
    slug = factory.Sequence(lambda n: f"inicjator-{n}")
    kind = InitiatorKind.OTHER


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Sektor {n}")
    slug = factory.Sequence(lambda n: f"sektor-{n}")


class SpecialisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialisation

    sector = factory.SubFactory(SectorFactory)
    name = factory.Sequence(lambda n: f"Specjalizacja {n}")
    slug = factory.Sequence(lambda n: f"specjalizacja-{n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Klaster Testowy {n}")
    slug = factory.Sequence(lambda n: f"klaster-testowy-{n}")
    initiator = factory.SubFactory(InitiatorFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"zrodlo-{n}")
    title = factory.Sequence(lambda n: f"Źródło {n}")
    url = factory.Sequence(lambda n: f"https://zrodlo.example.org/{n}")


class MemberReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberReport

    cluster = factory.SubFactory(ClusterFactory)
    source = factory.SubFactory(SourceFactory)
    total = 10


class ActivityEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityEvidence

    cluster = factory.SubFactory(ClusterFactory)
    summary = factory.Sequence(lambda n: f"spotkanie członków {n}")
    date = factory.Faker("date_between", start_date="-10y")
    date_precision = DatePrecision.DAY
    source = factory.SubFactory(SourceFactory)


class PartnerCountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCountry

    cluster = factory.SubFactory(ClusterFactory)
    country = "DE"
    tie = Tie.EXPERTS


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Wydarzenie {n}")
    scope = "international"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Projekt {n}")


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    cluster = factory.SubFactory(ClusterFactory)
    value = 100
    label = factory.Sequence(lambda n: f"liczba {n}")


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    cluster = factory.SubFactory(ClusterFactory)
    kind = LabelKind.ESCA_BRONZE
    year = 2016


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberOrganisation

    name = factory.Sequence(lambda n: f"Organizacja {n}")
    slug = factory.Sequence(lambda n: f"organizacja-{n}")
    organisation_type = OrganisationType.ENTERPRISE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(MemberOrganisationFactory)
    cluster = factory.SubFactory(ClusterFactory)


def _user(username, *, groups=(), **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def office_user(username="biuro", clusters=()):
    """An office account in the staff group (created by `setup_roles`), attached to `clusters`."""
    from backoffice.roles import OFFICE_STAFF_GROUP, ensure_roles

    ensure_roles()
    user = _user(username, groups=[OFFICE_STAFF_GROUP])
    user.staffed_clusters.set(clusters)
    return user


def directory_admin(username="administrator"):
    from backoffice.roles import DIRECTORY_ADMIN_GROUP, ensure_roles

    ensure_roles()
    return _user(username, groups=[DIRECTORY_ADMIN_GROUP])
