"""How complete and how fresh a cluster's public profile is: the back office's "what is missing".

Each check is one thing a visitor looks for on a profile; the score is the number of checks met,
computed by the database (so the admin sorts by it) and never stored. The percentage and the list of
what is missing are derived from the same annotations, so the dashboard and the sort never disagree.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

# Not checked for longer than this (in months) and an office gets a reminder.
STALE_AFTER_MONTHS = 12


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    relation: str = ""  # a reverse relation that must hold at least one row
    condition: Q | None = None  # or a condition on the cluster's own fields


CHECKS = (
    Check("description", _("opis"), condition=Q(description_length__gt=0)),
    Check("website", _("strona internetowa"), condition=~Q(website="")),
    Check("contact", _("e-mail lub telefon"), condition=~Q(email="") | ~Q(phone="")),
    Check("address", _("adres biura"), condition=~Q(address="")),
    Check("founded_year", _("rok założenia"), condition=Q(founded_year__isnull=False)),
    Check("member_count", _("liczba członków"), relation="member_reports"),
    Check("members_listed", _("lista członków"), relation="memberships"),
    Check("specialisations", _("specjalizacje"), relation="specialisations"),
    Check("sources", _("źródła opisu"), relation="description_sources"),
)


def _has(check):
    return f"has_{check.key}"


def completeness_annotations(model):
    """``has_<check>`` booleans and ``completeness`` (checks met) for a queryset of ``model``."""
    annotations = {}
    for check in CHECKS:
        if check.relation:
            field = model._meta.get_field(check.relation)
            if field.many_to_many and not field.auto_created:
                # A many-to-many declared on the cluster: its through table holds the links.
                through = field.remote_field.through
                rows = through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
            else:
                rows = field.related_model._default_manager.filter(
                    **{field.field.name: OuterRef("pk")}
                )
            annotations[_has(check)] = Exists(rows)
        else:
            annotations[_has(check)] = Case(When(check.condition, then=Value(True)), default=False)
    score = sum(
        (Case(When(**{_has(check): True}, then=Value(1)), default=Value(0)) for check in CHECKS),
        start=Value(0),
    )
    return annotations, score


def annotate_completeness(queryset):
    annotations, score = completeness_annotations(queryset.model)
    return (
        queryset.annotate(description_length=Length("description"))
        .annotate(**annotations)
        .annotate(completeness=score)
        .annotate(
            # Never checked sorts as the oldest check.
            check_age_order=Case(
                When(data_checked__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    )


def missing(cluster):
    """The labels of the checks an annotated cluster fails, in the order of ``CHECKS``."""
    return [check.label for check in CHECKS if not getattr(cluster, _has(check))]


def completeness_percent(cluster):
    return round(100 * cluster.completeness / len(CHECKS))


def stale_before(today: date) -> date:
    """The day ``STALE_AFTER_MONTHS`` months before ``today`` (29 February falls back to the 28th)."""
    months = today.year * 12 + today.month - 1 - STALE_AFTER_MONTHS
    year, month = divmod(months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
