from django.conf import settings
from django.http import Http404
from django.utils import dateformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView

import core.bounded
from clusters.citations import Citations
from clusters.models import Source
from clusters.profile_rows import attach, profile_branches, profile_keys, public_cluster
from core.charts import column_chart, share_bars
from core.db_functions import PolishCollate
from core.json_rows import RowQuery, branch, instance, row_fields
from core.languages import InLanguage
from core.links import named_link
from core.listing.counts import cached_count
from core.slug_urls import slug_url_maker
from core.structured_data import ld_json_script
from core.templatetags.content_language import in_language, polish, row_namer, text_in_language
from core.text import polish_sorted
from members.models import MemberOrganisation, Membership, MembershipRole
from pages.first_organisations import among_first, first_members
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


# The organisations' columns a profile shows (a link and the name in the page's language).
ORGANISATION_COLUMNS = ("id", "name", "name_pl", "name_en", "slug")
# A membership's own columns, not the organisation's names copied on it (members.name_copies).
MEMBERSHIP_COLUMNS = tuple(
    field.attname
    for field in Membership._meta.concrete_fields
    if field.attname not in Membership.DERIVED_FIELDS
)


def member_branches(*, cluster, size):
    """{name: branch} of the profile's members: the memberships of the cluster's first ``size``
    organisations by name (in that order; each organisation's roles by role, then as entered) and
    every coordinator's membership."""
    first = first_members(cluster, size)
    fields = {
        **row_fields(Membership, only=MEMBERSHIP_COLUMNS),
        **row_fields(MemberOrganisation, "organisation", only=ORGANISATION_COLUMNS),
        **row_fields(Source, "source"),
    }
    return {
        "shown_memberships": branch(
            Membership.objects.filter(among_first(first), cluster=cluster),
            fields,
            [PolishCollate(InLanguage("organisation__name")), "role", "pk"],
        ),
        "coordinators": branch(
            Membership.objects.filter(cluster=cluster, role=MembershipRole.COORDINATOR),
            fields,
            ["pk"],
        ),
    }


def _profile_branches(**keys):
    return {
        **profile_branches(**keys),
        **member_branches(cluster=keys["cluster"], size=core.bounded.PREVIEW_SIZE + 1),
    }


# Everything a profile shows but the cluster's own row, in one query (core.json_rows).
PROFILE_ROWS = RowQuery(
    _profile_branches,
    ahead=(core.bounded.PREVIEW_SIZE,),
    cluster=int,
    initiator=int,
    ecosystem=int,
    names_source=int,
    founded_source=int,
    contact_source=int,
)


def membership(row, cluster):
    item = instance(Membership, row, only=MEMBERSHIP_COLUMNS)
    Membership.organisation.field.set_cached_value(
        item, instance(MemberOrganisation, row, "organisation", only=ORGANISATION_COLUMNS)
    )
    Membership.source.field.set_cached_value(item, instance(Source, row, "source"))
    Membership.cluster.field.set_cached_value(item, cluster)
    return item


def members_of(cluster, found, total):
    """(coordinator memberships by organisation name, a Preview of (address, name, role labels
    but "członek", [sources]) rows: the first organisations of the cluster by name and the
    ``total`` it has) from the rows ``member_branches`` read: a big cluster's page names the first
    ones and links to the rest.

    The preview's rows are made from the JSON rows as they are (a Source instance only for a
    cited membership), not from a Membership, an organisation and a source instance each, whose
    address and name's descriptor the row would then ask for: the same text at a third of the
    cost."""
    language = get_language() or settings.LANGUAGE_CODE
    own = f"organisation__name_{language}"
    labels = {value: str(label) for value, label in MembershipRole.choices}
    address = slug_url_maker("members:detail")
    named = row_namer(language)
    sources_by_id = {}
    rows = {}
    for row in found["shown_memberships"]:
        organisation_id = row["organisation_id"]
        shown = rows.get(organisation_id)
        if shown is None:
            _name, name = named(row.get(own), row["organisation__name_pl"])
            shown = rows[organisation_id] = (address(row["organisation__slug"]), name, [], [])
        role = row["role"]
        if role != MembershipRole.MEMBER:
            shown[2].append(labels.get(role, role))
        source_id = row["source__id"]
        if source_id is not None:
            source = sources_by_id.get(source_id)
            if source is None:
                source = sources_by_id[source_id] = instance(Source, row, "source")
            if source not in shown[3]:
                shown[3].append(source)
    rows = [(url, name, ", ".join(roles), sources) for url, name, roles, sources in rows.values()]
    organisations = core.bounded.cut(rows, lambda: total)
    coordinations = polish_sorted(
        (membership(row, cluster) for row in found["coordinators"]),
        key=lambda item: item.organisation.name,
    )
    return coordinations, organisations


def dependent_rows(cluster, reports):
    """The rows of the profile's lists of what the cluster reports and runs, as ``{% rows %}``
    prints them (``{% for %}`` over the instances, a filter and a tag a value, cost a profile
    4 ms): {name: [tuple]} for the member counts over time, events, projects and key figures."""
    return {
        "report_rows": [
            (
                report.total_display,
                report.period,
                report.source,
                text_in_language(report, "note", paragraphs=False) if report.note else "",
            )
            for report in reports
        ],
        "event_rows": [
            (
                event.website,
                in_language(event, "name"),
                event.year,
                event.get_scope_display(),
                event.source,
            )
            for event in cluster.events.all()
        ],
        "project_rows": [
            (
                project.website,
                in_language(project, "name"),
                text_in_language(project, "description", paragraphs=False)
                if project.description
                else "",
                project.source,
            )
            for project in cluster.projects.all()
        ],
        "figure_rows": [
            (figure.is_lower_bound, figure.value, in_language(figure, "label"), figure.source)
            for figure in cluster.key_figures.all()
        ],
    }


class ClusterDetailView(DetailView):
    template_name = "clusters/cluster_detail.html"
    context_object_name = "cluster"

    def get_object(self, queryset=None):
        cluster = public_cluster(self.kwargs["slug"])
        if cluster is None:
            raise Http404
        # how many organisations it has: counted once per data version (thousands in a big
        # cluster), it decides whether the list is cut
        self.member_total = cached_count(
            ["cluster-members", cluster.pk],
            # built only when counted: most requests read the count kept
            lambda: (
                Membership.objects.filter(cluster=cluster).values("organisation").distinct().count()
            ),
        )
        self.found = PROFILE_ROWS.rows(shape=(core.bounded.PREVIEW_SIZE,), **profile_keys(cluster))
        return attach(cluster, self.found)

    def get_context_data(self, **kwargs):
        cluster = self.object
        coordinations, organisations = members_of(cluster, self.found, self.member_total)
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
            "specialisation_links": [named_link(s) for s in cluster.specialisations.all()],
            "partner_groups": [
                (label, [(name, partner.via, partner.source) for name, partner in group])
                for label, group in partner_groups
            ],
            "partner_total": len(
                {partner.country.code for _label, group in partner_groups for _n, partner in group}
            ),
            "partner_sum": sum(len(group) for _label, group in partner_groups),
            "evidence_rows": [
                (
                    dateformat.format(item.date, "Y-m-d") if item.date else "",
                    item.when,
                    polish(item.summary),
                    item.source,
                )
                for item in evidence
            ],
            "structured_data": ld_json_script(
                organisation_json_ld(cluster, self.request, coordinators)
            ),
            **dependent_rows(cluster, reports),
        }
        return super().get_context_data(**context, **kwargs)
