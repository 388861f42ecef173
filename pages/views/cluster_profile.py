from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from clusters.citations import Citations
from clusters.models import Cluster
from core.bounded import Preview, preview
from core.charts import column_chart, share_bars
from core.db_functions import PolishCollate
from core.languages import InLanguage
from core.listing.counts import cached_count
from core.structured_data import ld_json_script
from core.text import polish_sorted
from members.models import MemberOrganisation, Membership, MembershipRole
from pages.profile_gaps import profile_gaps


def organisation_json_ld(cluster, request, coordinators):
    """schema.org Organization for a cluster profile, from what the directory knows."""
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": cluster.name,
        "alternateName": [n for n in (cluster.official_name_pl, cluster.name_en) if n],
        "url": request.build_absolute_uri(cluster.get_absolute_url()),
        "sameAs": [cluster.website] if cluster.website else [],
        "description": cluster.description,
        "foundingDate": str(cluster.founded_year) if cluster.founded_year else None,
        "email": cluster.email,
        "telephone": cluster.phone,
        "address": cluster.address,
        "knowsAbout": [specialisation.name for specialisation in cluster.specialisations.all()],
        "award": [str(label) for label in cluster.labels.all()],
        # Coordinators as schema.org members: the sources call them coordinators, not owners.
        "member": [
            {
                "@type": "Organization",
                "name": organisation.name,
                "url": request.build_absolute_uri(organisation.get_absolute_url()),
            }
            for organisation in coordinators
        ],
    }


def organisation_rows(organisations, memberships):
    """[(organisation, [role labels except "członek"], [sources])] for ``organisations``, in their
    order, from their ``memberships`` (of one cluster)."""
    rows = {organisation.pk: (organisation, [], []) for organisation in organisations}
    for membership in memberships:
        if membership.organisation_id not in rows:
            continue
        _organisation, roles, sources = rows[membership.organisation_id]
        if membership.role != MembershipRole.MEMBER:
            roles.append(membership.get_role_display())
        if membership.source is not None and membership.source not in sources:
            sources.append(membership.source)
    return list(rows.values())


def members_of(cluster):
    """(coordinator memberships by organisation name, a Preview of (organisation, roles, sources)
    rows: the first organisations of the cluster by name and how many it has), in three queries
    whatever the cluster's size: a big cluster's page names the first ones and links to the rest."""
    memberships = Membership.objects.filter(cluster=cluster)  # the cluster is public
    organisations = preview(
        MemberOrganisation.objects.filter(
            Exists(memberships.filter(organisation=OuterRef("pk")))
        ).order_by(PolishCollate(InLanguage("name"))),
        # counted once per data version (a big cluster has thousands of members)
        count=lambda: cached_count(
            ["cluster-members", cluster.pk],
            memberships.values("organisation").distinct().count,
        ),
    )
    # The shown organisations' memberships and every coordinator's, in one query.
    related = list(
        memberships.filter(
            Q(organisation__in=[o.pk for o in organisations]) | Q(role=MembershipRole.COORDINATOR)
        )
        .select_related("organisation", "source")
        .order_by("role", "pk")
    )
    coordinations = polish_sorted(
        (m for m in related if m.role == MembershipRole.COORDINATOR),
        key=lambda membership: membership.organisation.name,
    )
    rows = organisation_rows(organisations, related)
    return coordinations, Preview(rows, organisations.total)


class ClusterDetailView(DetailView):
    template_name = "clusters/cluster_detail.html"
    context_object_name = "cluster"

    def get_queryset(self):
        return Cluster.objects.public().with_profile_data()

    def get_context_data(self, **kwargs):
        cluster = self.object
        coordinations, organisations = members_of(cluster)
        coordinators = [membership.organisation for membership in coordinations]
        report = cluster.latest_report
        reports = cluster.reports_in_order
        partner_groups = cluster.partner_groups()
        evidence = cluster.evidence_newest_first
        context = {
            "page_title": cluster.name,
            "page_description": _(
                "Profil klastra %(name)s: forma, koordynator, specjalizacje, członkowie, "
                "państwa partnerskie, wydarzenia i wyróżnienia."
            )
            % {"name": cluster.name},
            "citations": Citations(),
            "coordinations": coordinations,
            "evidence": evidence,
            "gaps": profile_gaps(
                cluster,
                coordinators=coordinators,
                report=report,
                organisations=organisations,
                evidence=evidence,
            ),
            "report": report,
            "reports": reports,
            "type_bars": share_bars(report.breakdown(), report.total) if report else [],
            "place_bars": share_bars(report.geography(), report.total) if report else [],
            "history": column_chart((r.period, r.total) for r in reports)
            if len(reports) > 1
            else None,
            "organisations": organisations,
            "partner_groups": partner_groups,
            "partner_total": len(
                {p.country.code for _label, group in partner_groups for p in group}
            ),
            "partner_sum": sum(len(group) for _label, group in partner_groups),
            "structured_data": ld_json_script(
                organisation_json_ld(cluster, self.request, coordinators)
            ),
        }
        return super().get_context_data(**context, **kwargs)
