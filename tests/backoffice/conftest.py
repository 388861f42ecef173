"""Two clusters side by side and cluster A's office: the fixture every scoping test walks with."""

from types import SimpleNamespace

import pytest

from clusters.models import (
    ActivityEvidence,
    Cluster,
    Event,
    KeyFigure,
    Label,
    MemberReport,
    PartnerCountry,
    Project,
    Source,
)
from inbox.models import Correction, Message
from members.models import MemberOrganisation, Membership
from tests import factories

B_NAME = "Klaster Beta"


def _side(cluster, marker):
    organisation = factories.MemberOrganisationFactory(name=f"Organizacja {marker}")
    source = factories.SourceFactory(title=f"Źródło {marker}")
    return {
        Cluster: cluster,
        Source: source,
        MemberReport: factories.MemberReportFactory(cluster=cluster, source=source),
        ActivityEvidence: factories.ActivityEvidenceFactory(
            cluster=cluster, summary=f"ślad {marker}", source=source
        ),
        PartnerCountry: factories.PartnerCountryFactory(cluster=cluster, via=f"sieć {marker}"),
        Event: factories.EventFactory(cluster=cluster, name=f"Wydarzenie {marker}"),
        Project: factories.ProjectFactory(cluster=cluster, name=f"Projekt {marker}"),
        KeyFigure: factories.KeyFigureFactory(cluster=cluster, label=f"liczba {marker}"),
        Label: factories.LabelFactory(cluster=cluster),
        MemberOrganisation: organisation,
        Membership: factories.MembershipFactory(cluster=cluster, organisation=organisation),
        Message: factories.MessageFactory(cluster=cluster, body=f"Pytanie do biura {marker}"),
        Correction: factories.CorrectionFactory(
            cluster=cluster, what_is_wrong=f"Błąd na stronie {marker}"
        ),
    }


@pytest.fixture
def world(db):
    a = factories.ClusterFactory(name="Klaster Alfa")
    b = factories.ClusterFactory(name=B_NAME)
    user = factories.office_user("biuro-alfa", clusters=[a])
    return SimpleNamespace(a=_side(a, "Alfa"), b=_side(b, "Beta"), user=user)


@pytest.fixture
def office_client(client, world):
    client.force_login(world.user)
    return client


def sign_in(client, who, cluster):
    """Sign ``client`` in as a directory administrator or as ``cluster``'s office."""
    user = (
        factories.directory_admin()
        if who == "directory_admin"
        else factories.office_user("biuro", clusters=[cluster])
    )
    client.force_login(user)
    return user
