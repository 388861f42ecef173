from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from clusters.filters import ACTIVITY_HELP
from clusters.models import Cluster, InitiatorKind, PartnerCountry, Specialisation
from core.json_rows import RowQuery, branch, instance, model_ordering, row_fields
from core.links import named_link
from core.listing.counts import cached_count
from core.templatetags.content_language import text_in_language
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation
from pages.figures import activity_bars, split_bars


def _total(queryset, **count):
    """``queryset`` counted in one row (grouped by a constant)."""
    return (
        queryset.order_by()
        .annotate(everything=Value(1, output_field=IntegerField()))
        .values("everything")
        .annotate(**count)
    )


def _figures():
    """The home page's figures counted by the database in one query (core.json_rows): public
    clusters by initiator kind, with how many name a website and a contact of their office; the
    specialisations; the ecosystems with their published clusters."""
    clusters = Cluster.objects.public()
    in_ecosystem = (
        clusters.filter(ecosystem=OuterRef("pk"))
        .order_by()
        .values("ecosystem")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "by_initiator": branch(
            clusters.order_by()
            .values("initiator__kind")
            .annotate(
                n=Count("pk"),
                with_website=Count("pk", filter=~Q(website="")),
                with_contact=Count("pk", filter=~Q(email="") | ~Q(phone="") | ~Q(address="")),
            ),
            {
                "kind": "initiator__kind",
                "n": "n",
                "with_website": "with_website",
                "with_contact": "with_contact",
            },
        ),
        "specialisations": branch(
            _total(Specialisation.objects.public(), n=Count("pk")), {"n": "n"}
        ),
        # the seed's order (position, name)
        "ecosystems": branch(
            Ecosystem.objects.public().annotate(cluster_count=Coalesce(Subquery(in_ecosystem), 0)),
            {**row_fields(Ecosystem), "cluster_count": "cluster_count"},
            model_ordering(Ecosystem.objects.all()),
        ),
    }


HOME_FIGURES = RowQuery(_figures, ahead=())


def _ecosystem(row):
    ecosystem = instance(Ecosystem, row)
    ecosystem.cluster_count = row["cluster_count"]
    return ecosystem


class HomeView(TemplateView):
    """What the directory is, the source presentation's figures computed live, and entry points."""

    template_name = "clusters/home.html"

    def get_context_data(self, **kwargs):
        found = HOME_FIGURES.rows()
        by_initiator = {row["kind"]: row["n"] for row in found["by_initiator"]}
        cluster_total = sum(by_initiator.values())
        by_activity, by_status = activity_bars(cluster_total)
        ecosystems = [_ecosystem(row) for row in found["ecosystems"]]
        context = {
            "page_title": _("Katalog klastrów Lublina i województwa lubelskiego"),
            "cluster_total": cluster_total,
            "coverage": {
                name: sum(row[name] for row in found["by_initiator"])
                for name in ("with_website", "with_contact")
            },
            "initiator_bars": split_bars(
                by_initiator, InitiatorKind.choices, cluster_total, "initiator_kind"
            ),
            "activity_bars": by_activity,
            "activity_meaning": ACTIVITY_HELP,
            "status_bars": by_status,
            "ecosystems": ecosystems,
            "ecosystem_cards": [
                (
                    *named_link(ecosystem),
                    text_in_language(ecosystem, "summary", paragraphs=False),
                    ecosystem.cluster_count,
                )
                for ecosystem in ecosystems
            ],
            # every public organisation: exact, counted once per data version (a national
            # catalogue's 200,000 are too many to count on every visit)
            "organisation_total": cached_count(
                ["home", "organisations"],
                lambda: MemberOrganisation.objects.public_counted().count(),
            ),
            # a distinct count over every partner row (5-15 ms at scale), kept like the one above
            "country_total": cached_count(
                ["home", "countries"],
                lambda: (
                    PartnerCountry.objects.public().order_by().values("country").distinct().count()
                ),
            ),
            "specialisation_total": found["specialisations"][0]["n"],
        }
        return super().get_context_data(**context, **kwargs)
