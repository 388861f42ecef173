from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.charts import percent_of
from core.constraints import FieldConstraintsMixin, plausible_year_constraint
from core.natural_keys import NaturalKeyModel

from .cluster import Cluster
from .scoped import ClusterDependentQuerySet
from .sources import source_field

VOIVODESHIPS_IN_POLAND = 16

# The organisation-type breakdown of a report, in the order the seed presents it.
BREAKDOWN_FIELDS = (
    "enterprises",
    "business_support",
    "higher_education",
    "hospitals",
    "public_administration",
    "other_members",
)


def _at_most(field: str, limit: str, name: str, message) -> models.CheckConstraint:
    """``field`` unstated or no more than the field ``limit``."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": F(limit)}),
        name=name,
        violation_error_message=message,
    )


class MemberReportQuerySet(ClusterDependentQuerySet):
    def chronological(self):
        """Oldest first; a report without a year comes from the current source and closes the list."""
        return self.order_by(F("as_of_year").asc(nulls_last=True), "pk")


class MemberReport(FieldConstraintsMixin, NaturalKeyModel):
    """Member figures a cluster reported at one time. Percentages are derived, never stored."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="member_reports", verbose_name=_("klaster")
    )
    as_of_year = models.PositiveSmallIntegerField(
        _("stan na rok"),
        null=True,
        blank=True,
        help_text=_("Pozostaw puste, jeśli źródło nie podaje roku."),
    )
    source = source_field("member_reports", required=True)
    total = models.PositiveIntegerField(_("członków ogółem"))
    is_lower_bound = models.BooleanField(
        _("„ponad”"), default=False, help_text=_("Zaznacz, gdy źródło podaje „ponad N”.")
    )
    note = models.CharField(
        _("uwaga"),
        max_length=300,
        blank=True,
        help_text=_("Co jeszcze źródło mówi o członkach, gdy nie da się tego policzyć."),
    )
    enterprises = models.PositiveIntegerField(_("przedsiębiorstwa"), null=True, blank=True)
    business_support = models.PositiveIntegerField(
        _("instytucje otoczenia biznesu"), null=True, blank=True
    )
    higher_education = models.PositiveIntegerField(
        _("szkolnictwo wyższe i nauka"), null=True, blank=True
    )
    hospitals = models.PositiveIntegerField(_("szpitale"), null=True, blank=True)
    public_administration = models.PositiveIntegerField(
        _("administracja publiczna"), null=True, blank=True
    )
    other_members = models.PositiveIntegerField(_("inne podmioty"), null=True, blank=True)
    voivodeship_count = models.PositiveSmallIntegerField(
        _("liczba województw"),
        null=True,
        blank=True,
        help_text=_("Z ilu województw pochodzą członkowie."),
    )
    in_voivodeship = models.PositiveIntegerField(
        _("w województwie lubelskim"), null=True, blank=True
    )
    in_lublin = models.PositiveIntegerField(_("w Lublinie"), null=True, blank=True)

    objects = MemberReportQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "as_of_year", "source__slug")
    CONSTRAINT_FIELDS = {
        "report_breakdown_within_total": "total",
        "report_in_voivodeship_within_total": "in_voivodeship",
        "report_lublin_within_voivodeship": "in_lublin",
        "report_lublin_within_total": "in_lublin",
        "report_voivodeship_count_valid": "voivodeship_count",
        "report_year_plausible": "as_of_year",
    }

    class Meta:
        verbose_name = _("raport o członkach")
        verbose_name_plural = _("raporty o członkach")
        ordering = ["cluster__name", F("as_of_year").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "as_of_year", "source"], name="report_unique_per_source_and_year"
            ),
            models.CheckConstraint(
                condition=Q(
                    total__gte=sum(
                        (Coalesce(F(field), 0) for field in BREAKDOWN_FIELDS[1:]),
                        start=Coalesce(F(BREAKDOWN_FIELDS[0]), 0),
                    )
                ),
                name="report_breakdown_within_total",
                violation_error_message=_(
                    "Suma członków według rodzaju organizacji przekracza liczbę członków ogółem."
                ),
            ),
            _at_most(
                "in_voivodeship",
                "total",
                "report_in_voivodeship_within_total",
                _("W województwie nie może działać więcej członków, niż liczy klaster."),
            ),
            _at_most(
                "in_lublin",
                "in_voivodeship",
                "report_lublin_within_voivodeship",
                _("W Lublinie nie może działać więcej członków niż w całym województwie."),
            ),
            _at_most(
                "in_lublin",
                "total",
                "report_lublin_within_total",
                _("W Lublinie nie może działać więcej członków, niż liczy klaster."),
            ),
            models.CheckConstraint(
                condition=Q(voivodeship_count__isnull=True)
                | Q(voivodeship_count__gte=1, voivodeship_count__lte=VOIVODESHIPS_IN_POLAND),
                name="report_voivodeship_count_valid",
                violation_error_message=_("Liczba województw musi wynosić od 1 do 16."),
            ),
            plausible_year_constraint("as_of_year", "report_year_plausible"),
        ]

    def __str__(self):
        return f"{self.cluster}: {self.total_display} ({self.period})"

    @property
    def total_display(self):
        """ "ponad 160" when the source gives a lower bound, else the plain count; grouped by
        thousands ("5 602") as the counts beside it are."""
        total = number_format(self.total, force_grouping=True)
        return f"{_('ponad')} {total}" if self.is_lower_bound else total

    def _stated(self, fields):
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in fields
            if getattr(self, field) is not None
        ]

    def breakdown(self):
        """(label, count) for each organisation type the report states, in the seed's order."""
        return self._stated(BREAKDOWN_FIELDS)

    def share(self, count):
        """Whole-number percentage of the total, computed from counts (the seed's own were wrong)."""
        return percent_of(count, self.total)

    def geography(self):
        """(label, count) for where members work, as far as the report states it."""
        return self._stated(("in_voivodeship", "in_lublin"))

    @property
    def period(self):
        """The report's year, or an honest "no date" (an undated report is the newest source)."""
        return str(self.as_of_year) if self.as_of_year else _("bez daty")
