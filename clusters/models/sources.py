"""Where the directory's facts come from, and what the sources show a cluster doing.

A ``Source`` is a record (address, title or publisher, the date of the page or of the fact, or an
explicit "no date"); member reports, labels, events, projects, partner ties, memberships, activity
evidence and a cluster's description and basic facts point to one. ``ActivityEvidence`` is a dated
thing a cluster was documented doing; how recent a cluster's latest evidence is, is computed
(``ClusterQuerySet.with_latest_evidence``), never stored.
"""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldConstraintsMixin
from core.natural_keys import NaturalKeyModel
from core.permissions import edits_everything
from core.querysets import DirectoryQuerySet

from .scoped import ClusterDependentQuerySet


class DatePrecision(models.TextChoices):
    """How much of a date the source states: sources often give only a month or a year."""

    DAY = "day", _("dzień")
    MONTH = "month", _("miesiąc")
    YEAR = "year", _("rok")
    NONE = "none", _("bez daty")


def truncate_date(date, precision):
    """The date as far as ``precision`` states it: 1st of the month, 1st of January, or None."""
    if date is None or precision == DatePrecision.NONE:
        return None
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    return date


def format_partial_date(date, precision):
    """ "18 marca 2024", "marzec 2024", "2024" or "bez daty", as far as the source states it."""
    return _formatted_date(date, precision, get_language())


# A profile lists some 30 dated sources and events, each date_format call ~20 µs; the same dates
# come back on every request, and the text follows from the date, precision and language alone.
@functools.lru_cache(maxsize=4096)
def _formatted_date(date, precision, language):
    """``format_partial_date`` in ``language``, the active language (part of the key only)."""
    if date is None or precision == DatePrecision.NONE:
        return str(_("bez daty"))
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        month = date_format(date, "F")
        # Polish writes month names in lower case ("marzec 2024"); Django's are capitalised.
        if (language or "").startswith("pl"):
            month = month.lower()
        return f"{month} {date.year}"
    return date_format(date, "j E Y")  # genitive month in Polish: "18 marca 2024"


def _precision_matches_date(prefix=""):
    """A date is stored exactly when the precision says there is one."""
    date, precision = f"{prefix}date", f"{prefix}date_precision"
    return Q(**{f"{date}__isnull": True, precision: DatePrecision.NONE}) | Q(
        Q(**{f"{date}__isnull": False}) & ~Q(**{precision: DatePrecision.NONE})
    )


class PartialDateMixin(FieldConstraintsMixin):
    """``date`` + ``date_precision``; ``clean()`` cuts the date to what the precision states."""

    class Meta:
        abstract = True

    def clean(self):
        self.date = truncate_date(self.date, self.date_precision)
        if self.date is None and self.date_precision != DatePrecision.NONE:
            raise ValidationError({"date": _("Podaj datę albo wybierz „bez daty”.")})
        super().clean()

    @property
    def when(self):
        return format_partial_date(self.date, self.date_precision)


class SourceQuerySet(DirectoryQuerySet):
    def _citations(self):
        """(model, field pointing at the source, path from that model to its cluster or None)."""
        from .cluster import Cluster

        for relation in self.model._meta.related_objects:
            model = relation.related_model
            if model is Cluster:
                yield model, relation.field.name, "pk"
            else:
                has_cluster = any(f.name == "cluster" for f in model._meta.get_fields())
                yield model, relation.field.name, "cluster" if has_cluster else None

    def for_staff(self, user):
        """An office edits a source only while every row citing it belongs to its clusters.

        A source is shared (the city's 2019 table backs eleven clusters' member counts): changing
        it changes what other clusters' profiles cite, which is the directory's decision.
        """
        if edits_everything(user):
            return self
        from .cluster import Cluster

        mine = Cluster.objects.for_staff(user)
        cited_by_mine, cited_by_others = Q(pk__in=[]), Q(pk__in=[])
        for model, field, cluster in self._citations():
            citing = model._default_manager.filter(**{field: OuterRef("pk")})
            if cluster is None:  # reference data (initiators): the directory's own
                cited_by_others |= Exists(citing)
                continue
            cited_by_mine |= Exists(citing.filter(**{f"{cluster}__in": mine}))
            cited_by_others |= Exists(citing.exclude(**{f"{cluster}__in": mine}))
        return self.filter(cited_by_mine).exclude(cited_by_others)

    def for_staff_choices(self, user):
        """Any source may be cited: sources are public records of where a fact was read."""
        return self.public()


class Source(PartialDateMixin, NaturalKeyModel):
    slug = models.SlugField(_("identyfikator"), max_length=200, unique=True)
    url = models.URLField(_("adres"), max_length=500, blank=True)
    title = models.CharField(_("tytuł"), max_length=300)
    publisher = models.CharField(
        _("wydawca"), max_length=200, blank=True, help_text=_("Np. Urząd Miasta Lublin.")
    )
    date = models.DateField(
        _("data"),
        null=True,
        blank=True,
        help_text=_("Data strony albo faktu, tak dokładna, jak podaje źródło."),
    )
    date_precision = models.CharField(
        _("dokładność daty"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.NONE,
    )

    objects = SourceQuerySet.as_manager()

    CONSTRAINT_FIELDS = {"source_date_matches_precision": "date_precision"}

    class Meta:
        verbose_name = _("źródło")
        verbose_name_plural = _("źródła")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=_precision_matches_date(),
                name="source_date_matches_precision",
                violation_error_message=_("Podaj datę albo wybierz dokładność „bez daty”."),
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_unique_url",
                violation_error_message=_("Źródło o tym adresie już istnieje."),
            ),
        ]

    def __str__(self):
        publisher = f"{self.publisher}: " if self.publisher else ""
        return f"{publisher}{self.title} ({self.when})"


def source_field(related_name, *, required=False, verbose_name=None, help_text=""):
    """A foreign key to the source of a fact; a source cited anywhere cannot be deleted."""
    return models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=not required,
        blank=not required,
        related_name=related_name,
        verbose_name=verbose_name or _("źródło"),
        help_text=help_text,
    )


# How recent a cluster's latest documented activity is: the groups the list, filter and charts use.
RECENT_SINCE = datetime.date(2023, 1, 1)
MIDDLE_SINCE = datetime.date(2019, 1, 1)


class EvidenceRecency(models.TextChoices):
    RECENT = "recent", _("2023 lub później")
    MIDDLE = "middle", _("2019–2022")
    OLD = "old", _("2018 lub wcześniej")
    NONE = "none", _("nie znaleziono datowanych śladów")


def recency_of(date):
    if date is None:
        return EvidenceRecency.NONE
    if date >= RECENT_SINCE:
        return EvidenceRecency.RECENT
    if date >= MIDDLE_SINCE:
        return EvidenceRecency.MIDDLE
    return EvidenceRecency.OLD


class ActivityEvidenceQuerySet(ClusterDependentQuerySet):
    def newest_first(self):
        return self.order_by("-date", "summary")


class ActivityEvidence(PartialDateMixin, NaturalKeyModel):
    """Something a public source documents the cluster doing, and when (as precisely as stated).

    Only activity counts: a cluster merely listed on a city page is not evidence that it works.
    """

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="activity_evidence",
        verbose_name=_("klaster"),
    )
    summary = models.CharField(
        _("co"), max_length=300, help_text=_("Np. „gala 10-lecia klastra w Trybunale Koronnym”.")
    )
    date = models.DateField(_("kiedy"))
    date_precision = models.CharField(
        _("dokładność daty"),
        max_length=10,
        choices=DatePrecision.choices[:3],
        default=DatePrecision.DAY,
    )
    source = source_field("activity_evidence", required=True)

    objects = ActivityEvidenceQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "summary")
    CONSTRAINT_FIELDS = {"evidence_is_dated": "date_precision"}

    class Meta:
        verbose_name = _("udokumentowana aktywność")
        verbose_name_plural = _("udokumentowane aktywności")
        ordering = ["cluster__name", "-date", "summary"]
        # a cluster's newest evidence (with_latest_evidence: the /klastry/ activity filter and sort)
        indexes = [models.Index(fields=["cluster", "-date"], name="evidence_newest_first")]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "summary"], name="evidence_unique_summary"),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.NONE),
                name="evidence_is_dated",
                violation_error_message=_("Ślad aktywności musi mieć datę (choćby sam rok)."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster}: {self.summary} ({self.when})"

    @property
    def recency(self):
        return recency_of(self.date)
