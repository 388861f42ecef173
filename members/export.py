"""Organisations as text for the CSV exports (the listing's and the investor's).

An export may be every organisation of the directory (200,000 at scale), so it is read as values,
a chunk at a time, never as model instances: per row, Django's ``get_FOO_display()`` rebuilds the
field's dict of choices (translating every label to hash it), a related manager's ``.all()`` builds
a queryset, and ``reverse()`` walks the URL patterns, which together took most of the time. Here the
labels are looked up in dicts made once per file, each chunk's memberships and specialisations come
in one query each, and a profile's address is the reversed pattern with the slug put in.
"""

from dataclasses import dataclass
from itertools import batched

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    F,
    Func,
    Q,
)
from django.urls import reverse
from django_countries import countries

from clusters.models import Specialisation
from core.languages import localized
from core.text import polish_sort_key

from .models import Membership, MembershipRole, OrganisationType, Place, Voivodeship

_SLUG_MARK = "slug-goes-here"


def absolute_url_maker(request, viewname):
    """slug → the absolute address of ``viewname``'s page for that slug, reversed only once."""
    head, _mark, tail = request.build_absolute_uri(
        reverse(viewname, kwargs={"slug": _SLUG_MARK})
    ).partition(_SLUG_MARK)
    return lambda slug: f"{head}{slug}{tail}"


def _in_language(field):
    """``field`` as the active language shows it (empty English → Polish), as a value."""
    return ExpressionWrapper(localized(field), output_field=CharField())


def _among(lookup, ids):
    """``lookup`` IN ``ids``; on PostgreSQL ``= ANY(array)`` with the ids as one parameter: a list
    of thousands of placeholders costs psycopg more to format than the query costs to run."""
    if connection.vendor == "postgresql":
        return Q(_AnyOf(F(lookup), ids))
    return Q(**{f"{lookup}__in": ids})


class _AnyOf(Func):
    """``column = ANY('{1,2,…}'::bigint[])``: the ids written as one array literal. Given as a
    list, Django prepares each id through the array's field and psycopg then adapts each one
    again: 2,000 ids a chunk, twice a chunk, were a tenth of a 200,000-row file's time."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__(expression)
        self.ids = "{" + ",".join(str(int(pk)) for pk in ids) + "}"

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        return f"{column} = ANY(%s::bigint[])", (*column_params, self.ids)


def labels(choices):
    """{value: label} in the active language, made once (``get_FOO_display()`` makes it per call)."""
    return {value: str(label) for value, label in choices.choices}


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    """An organisation as the CSV files write it, every label in the active language."""

    name: str
    organisation_type: str
    city: str
    voivodeship: str
    country: str
    place: str
    website: str
    clusters: str  # "Cluster (role, role); Cluster (role)"
    specialisations: str  # "name, name"
    url: str


def organisation_records(queryset, request, chunk_size):
    """An OrganisationRecord per row of ``queryset`` (which has ``with_place()``), in its order,
    with two more queries per ``chunk_size`` rows. Call it while the file's language is active."""
    type_labels, voivodeship_labels = labels(OrganisationType), labels(Voivodeship)
    place_labels, role_labels = labels(Place), labels(MembershipRole)
    country_names, sort_keys = {"": ""}, {}
    url = absolute_url_maker(request, "members:detail")
    rows = (
        # Values as Django reads them: modeltranslation's rewriting (of names the query already
        # spells out in a language, below) would make a dict and a tuple of every row.
        queryset.rewrite(False)
        .prefetch_related(None)
        .annotate(export_name=_in_language("name"))
        .values_list(
            "pk",
            "export_name",
            "organisation_type",
            "city",
            "voivodeship",
            "country",
            "place",
            "website",
            "slug",
        )
    )
    for chunk in batched(rows.iterator(chunk_size=chunk_size), chunk_size):
        ids = [row[0] for row in chunk]
        clusters = _clusters_with_roles(ids, role_labels, sort_keys)
        specialisations = _specialisation_names(ids)
        for pk, name, kind, city, voivodeship, country, place, website, slug in chunk:
            if country not in country_names:
                country_names[country] = str(countries.name(country))
            yield OrganisationRecord(
                name=name,
                organisation_type=type_labels.get(kind, kind),
                city=city,
                voivodeship=voivodeship_labels.get(voivodeship, voivodeship),
                country=country_names[country],
                place=place_labels[place],
                website=website,
                clusters=clusters.get(pk, ""),
                specialisations=", ".join(specialisations.get(pk, ())),
                url=url(slug),
            )


def _clusters_with_roles(ids, role_labels, sort_keys):
    """{organisation id: "Cluster (role, role); Cluster (role)"}: the clusters in the Polish order
    of their names, each with its roles in the memberships' order (``members.grouping.roles_by``).
    ``sort_keys`` keeps each cluster name's sort key from one chunk to the next."""
    by_organisation = {}
    memberships = (
        Membership.objects.public()
        .filter(_among("organisation_id", ids))
        .annotate(cluster_name=_in_language("cluster__name"))
        # Within one organisation and cluster the default ordering is the role's; its other keys
        # (the cluster's and the organisation's names) would join all organisations to sort.
        .order_by("role")
        .values_list("organisation_id", "cluster_id", "cluster_name", "role")
    )
    for organisation_id, cluster_id, cluster_name, role in memberships:
        clusters = by_organisation.setdefault(organisation_id, {})
        clusters.setdefault((cluster_id, cluster_name), []).append(role_labels.get(role, role))
        if cluster_name not in sort_keys:
            sort_keys[cluster_name] = polish_sort_key(cluster_name)
    return {
        organisation_id: "; ".join(
            f"{name} ({', '.join(roles)})"
            for (_pk, name), roles in sorted(clusters.items(), key=lambda c: sort_keys[c[0][1]])
        )
        for organisation_id, clusters in by_organisation.items()
    }


def _specialisation_names(ids):
    """{organisation id: [specialisation names]} in the specialisations' own order."""
    by_organisation = {}
    rows = (
        Specialisation.objects.rewrite(False)
        .filter(_among("organisations", ids))
        .annotate(organisation_id=F("organisations"), label=_in_language("name"))
        .values_list("organisation_id", "label")
    )
    for organisation_id, label in rows:
        by_organisation.setdefault(organisation_id, []).append(label)
    return by_organisation
