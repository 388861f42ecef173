"""FilterSets of the cluster listing and the investor's search; members/filters.py reuses the pieces.

A filter over a many-valued relation (specialisations, partner countries, memberships) keeps the rows
with ``pk__in`` a subquery instead of a join, so a row never appears twice and no ``distinct()`` is
needed under any sort order.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clusters.models import (
    Cluster,
    ClusterForm,
    ClusterStatus,
    EvidenceRecency,
    InitiatorKind,
    PartnerCountry,
    Specialisation,
)
from core.constraints import FIRST_PLAUSIBLE_YEAR, LAST_PLAUSIBLE_YEAR
from core.db_functions import every_word_starts_a_word
from core.languages import columns_for_matching
from core.listing.filtersets import ListingFilterSet
from core.listing.memo import per_data_version
from core.text import MAX_QUERY_LENGTH, clean_query, polish_sorted, query_words
from ecosystems.models import Ecosystem

YEAR_WIDGET = forms.NumberInput(
    attrs={"min": FIRST_PLAUSIBLE_YEAR, "max": LAST_PLAUSIBLE_YEAR, "inputmode": "numeric"}
)


class Match:
    ANY = "any"
    ALL = "all"
    CHOICES = [
        (ANY, _("dowolną z wybranych specjalizacji")),
        (ALL, _("wszystkie wybrane specjalizacje")),
    ]


def rows_related_to(queryset, lookup, values, *, every=False, **through):
    """The rows of ``queryset`` related through ``lookup`` to any (or ``every``) of ``values``;
    ``through`` conditions hold on the same related row (a membership of a published cluster)."""
    if every:
        for value in values:
            queryset = queryset.filter(pk__in=_related_rows(queryset.model, lookup, value, through))
        return queryset
    return queryset.filter(pk__in=_related_rows(queryset.model, lookup, values, through, many=True))


def _related_rows(model, lookup, value, through, *, many=False):
    """The ids (a subquery) of the ``model`` rows related through ``lookup`` to ``value`` (any of
    ``value`` with ``many``), read from the table that holds the relation (a through table,
    memberships, partner countries): the ``model`` table is not joined in again (at 200,000
    organisations that join read every organisation's id for a count of 19,000)."""
    first, _sep, rest = lookup.partition("__")
    field = model._meta.get_field(first)
    if field.many_to_many and not field.auto_created:  # a ManyToManyField of the model
        related = field.remote_field.through._base_manager
        row_field, value_lookup = field.m2m_field_name(), field.m2m_reverse_field_name()
    elif field.one_to_many:  # rows pointing at the model (memberships, partner countries)
        related = field.related_model._base_manager
        row_field, value_lookup = field.field.name, None
    else:  # the row's own value or a to-one relation's: as the lookup says
        related = model.objects
        row_field, value_lookup = "pk", first
    value_lookup = "__".join(part for part in (value_lookup, rest) if part) or "pk"
    conditions = {f"{value_lookup}__in" if many else value_lookup: value}
    for name, condition in through.items():
        head, _sep, tail = name.partition("__")
        if head != first:
            raise ValueError(f"{name} is not a condition on the related row of {lookup}")
        conditions[tail if row_field != "pk" else name] = condition
    return related.filter(**conditions).values(row_field)


def text_filter(label, fields):
    """Rows where every word of the text starts a word of one of ``fields``, ignoring case and
    diacritics: the site search's match (``core.db_functions.every_word_starts_a_word``), so
    "lodz" finds "Łódź" and "świdnik" finds "PZL-Świdnik" in both."""

    def search(queryset, name, value):
        # the columns of the page's language (and Polish, shown where English is missing)
        columns = columns_for_matching(queryset.model, fields)
        return every_word_starts_a_word(queryset, columns, query_words(clean_query(value)))

    return django_filters.CharFilter(label=label, method=search, max_length=MAX_QUERY_LENGTH)


class MemberFilter(django_filters.CharFilter):
    """The clusters one organisation belongs to, named by its slug: where an organisation's page
    sends a visitor when it has more clusters than the page shows (``members.views``). Not a field
    a visitor types in: a hidden input keeps it while other filters change, and its chip names the
    organisation."""

    # a slug: the same rows in either language, and a value PostgreSQL can estimate
    matches_text = False

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Organizacja członkowska"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return rows_related_to(qs, "memberships__organisation__slug", [value])

    def describe(self, value):
        """The chip's text: the organisation's name while visitors may see it, else the slug."""
        # the organisations' model reached through the memberships: clusters import no members
        membership = Cluster._meta.get_field("memberships").related_model
        organisations = membership._meta.get_field("organisation").related_model.objects
        organisation = organisations.public().filter(slug=value).first()
        return organisation.name if organisation else value


def public_specialisations_by_slug():
    """{slug: Specialisation (with its sector)} of the public specialisations, in their order,
    built once per data version."""

    def compute():
        return {
            specialisation.slug: specialisation
            for specialisation in Specialisation.objects.public().select_related("sector")
        }

    return per_data_version(("public-specialisations-by-slug",), compute)


class KeptSpecialisationsField(django_filters.fields.ModelMultipleChoiceField):
    """The chosen slugs checked against the public specialisations kept per data version, not by
    a query per request: the investor's page checks its choice twice (its clusters' filters and
    its organisations'), each a query Django builds, compiles and runs. Gives the chosen
    specialisations in their order, with the errors Django's field gives."""

    def _check_values(self, value):
        try:
            chosen = {str(slug) for slug in value}
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        known = public_specialisations_by_slug()
        for slug in value:
            if str(slug) not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return [specialisation for slug, specialisation in known.items() if slug in chosen]


class SpecialisationFilter(django_filters.ModelMultipleChoiceFilter):
    """Specialisations chosen by slug, shown grouped by sector; any or all of them (``match``)."""

    group_by = "sector"
    field_class = KeptSpecialisationsField

    def __init__(self, *args, lookup="specialisations", **kwargs):
        self.lookup = lookup
        kwargs.setdefault("label", _("Specjalizacja"))
        kwargs.setdefault("to_field_name", "slug")
        # the field checks choices against the public specialisations (KeptSpecialisationsField)
        kwargs["queryset"] = Specialisation.objects.public().select_related("sector")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        # nothing chosen is the field's ``queryset.none()``: told by its query, not by running it
        # through the compiler (``not value`` would)
        if isinstance(value, QuerySet) and value.query.is_empty():
            return qs
        if not value:
            return qs
        every = self.parent.form.cleaned_data.get("match") == Match.ALL
        return rows_related_to(qs, self.lookup, list(value), every=every)


def ecosystem_filter(lookup, **through):
    return django_filters.ModelChoiceFilter(
        label=_("Ekosystem"),
        queryset=Ecosystem.objects.public(),
        to_field_name="slug",
        method=lambda qs, name, value: rows_related_to(qs, lookup, [value], **through),
        empty_label=_("wszystkie"),
    )


def checkbox_filter(label, choices, **kwargs):
    """Any of the ticked values of a field with ``choices`` (a TextChoices class), as checkboxes.

    A field of the row itself (or of a to-one relation) never repeats a row: no ``distinct()``.
    """
    return django_filters.MultipleChoiceFilter(
        label=label,
        choices=choices.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
        **kwargs,
    )


def match_filter():
    match = django_filters.ChoiceFilter(
        label=_("Pokaż te, które oferują"),
        choices=Match.CHOICES,
        method=lambda qs, name, value: qs,  # read by SpecialisationFilter
        empty_label=None,
        widget=forms.RadioSelect,
    )
    # Not a filter of its own: it only qualifies the chosen specialisations, and "any" is what the
    # form sends when nobody touched it. So it shows as a chip only for "all" with a specialisation.
    match.qualifies = "specialisation"
    match.default = Match.ANY
    return match


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def year_filter(label, lookup_expr):
    return YearFilter(
        field_name="founded_year",
        lookup_expr=lookup_expr,
        label=label,
        min_value=FIRST_PLAUSIBLE_YEAR,
        max_value=LAST_PLAUSIBLE_YEAR,
        widget=YEAR_WIDGET,
    )


def partner_country_choices():
    """The partner countries of public clusters, in Polish order: built once per data version
    (the form's options and its validation ask for them on every request)."""

    def compute():
        codes = (
            PartnerCountry.objects.public().order_by().values_list("country", flat=True).distinct()
        )
        return polish_sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    return per_data_version(("partner-countries",), compute)


class ClusterInvestorFilter(ListingFilterSet):
    """What the investor's search asks of clusters: specialisations and the ecosystem."""

    specialisation = SpecialisationFilter()
    match = match_filter()
    ecosystem = django_filters.ModelChoiceFilter(
        label=_("Ekosystem"),
        queryset=Ecosystem.objects.public(),
        to_field_name="slug",
        empty_label=_("wszystkie"),
    )

    class Meta:
        model = Cluster
        fields = []


# What the activity grouping means, said beside the filter, the chart and the statistics.
ACTIVITY_HELP = _(
    "Według daty najnowszego śladu działalności klastra w publicznych źródłach (wydarzenie, projekt, "
    "posiedzenie, nagroda). Sama obecność na liście klastrów nie jest takim śladem."
)


class ClusterFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("founded_min"), data.get("founded_max")
        if low is not None and high is not None and low > high:
            self.add_error("founded_max", _("Rok „do” nie może być wcześniejszy niż rok „od”."))
        return data


class ClusterFilter(ClusterInvestorFilter):
    q = text_filter(
        _("Nazwa lub opis zawiera"),
        ("name", "official_name", "aliases", "description"),
    )
    initiator_kind = checkbox_filter(_("Inicjator"), InitiatorKind, field_name="initiator__kind")
    # The group is annotated only when the filter is used (``with_evidence_recency``): a page of
    # rows shows the date alone.
    activity = checkbox_filter(
        _("Ostatnia udokumentowana aktywność"),
        EvidenceRecency,
        field_name="evidence_recency",
        help_text=ACTIVITY_HELP,
        method=lambda qs, name, value: qs.with_evidence_recency().filter(
            evidence_recency__in=value
        ),
    )
    status = checkbox_filter(_("Aktywność według źródła"), ClusterStatus)
    form = checkbox_filter(_("Forma"), ClusterForm)
    country = django_filters.ChoiceFilter(
        label=_("Państwo partnerskie"),
        choices=partner_country_choices,
        method=lambda qs, name, value: rows_related_to(qs, "partner_countries__country", [value]),
        empty_label=_("wszystkie"),
    )
    founded_min = year_filter(_("Założony od roku"), "gte")
    founded_max = year_filter(_("Założony do roku"), "lte")
    member = MemberFilter()

    class Meta(ClusterInvestorFilter.Meta):
        form = ClusterFilterForm
