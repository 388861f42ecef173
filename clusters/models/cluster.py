from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.constraints import FieldConstraintsMixin, plausible_year_constraint
from core.db_functions import PolishCollate
from core.natural_keys import NaturalKeyModel
from core.permissions import edits_everything
from core.querysets import DirectoryQuerySet
from core.slug_urls import slug_url
from core.text import polish_sorted
from ecosystems.models import Ecosystem

from .completeness import annotate_completeness, stale_before
from .reference import Initiator, Specialisation
from .sources import (
    MIDDLE_SINCE,
    RECENT_SINCE,
    ActivityEvidence,
    EvidenceRecency,
    Source,
    source_field,
)


class ClusterForm(models.TextChoices):
    AGREEMENT = "agreement", _("porozumienie klastrowe")
    ECOSYSTEM_PROGRAMME = "ecosystem", _("program ekosystemowy")
    ASSOCIATION = "association", _("stowarzyszenie")
    OTHER = "other", _("inna forma")


class ClusterStatus(models.TextChoices):
    ACTIVE = "active", _("aktywny")
    LIMITED = "limited", _("nieaktywny lub o ograniczonej aktywności")
    UNASSESSED = "unassessed", _("jeszcze nie oceniono")


def _latest_report():
    """The outer cluster's latest member report, as ``reports_in_order`` orders them: the highest
    year, an undated report (the seed's, newer than every dated source) after all."""
    from .reports import MemberReport

    return MemberReport.objects.filter(cluster=OuterRef("pk")).order_by(
        F("as_of_year").desc(nulls_first=True), "-pk"
    )


class ClusterQuerySet(DirectoryQuerySet):
    def public(self):
        """Published clusters; every row that depends on a cluster follows it (``scoped.py``)."""
        return self.filter(published=True)

    def for_staff(self, user):
        """The clusters this user may edit: all for administrators, their own for office staff."""
        if edits_everything(user):
            return self
        if not (user.is_active and user.is_staff):
            return self.none()
        return self.filter(staff=user)

    def with_listing_data(self):
        """What a result card reads with the row; its specialisations are read for the whole
        page at once (``clusters.cards.card_specialisations``), an export prefetches them."""
        return self.select_related("initiator", "ecosystem")

    def with_member_count(self):
        """Annotate the latest member report: ``member_count`` (None without one), the year it
        describes (``member_count_year``, None when the source gives none) and whether the source
        said "more than" (``member_count_is_lower_bound``).

        "Latest" as ``reports_in_order`` puts it: the highest year, an undated report after all.
        """
        latest = _latest_report()
        return self.annotate(
            member_count=Subquery(latest.values("total")[:1]),
            member_count_year=Subquery(latest.values("as_of_year")[:1]),
            member_count_is_lower_bound=Subquery(latest.values("is_lower_bound")[:1]),
        )

    def with_member_count_source(self):
        """Also annotate where the latest member count comes from (``member_count_source``: the
        publisher and title, ``member_count_source_url``), for exports that carry it per row."""
        latest = _latest_report()
        return self.annotate(
            member_count_source=Subquery(latest.values("source__title")[:1]),
            member_count_source_url=Subquery(latest.values("source__url")[:1]),
        )

    def with_latest_evidence(self):
        """Annotate ``latest_evidence_date`` (the newest documented activity, None if none was
        found) and ``evidence_recency`` (its ``EvidenceRecency`` group), computed on every query."""
        return self.with_latest_evidence_date().with_evidence_recency()

    def with_latest_evidence_date(self):
        """Annotate ``latest_evidence_date`` alone (what a result card shows): the group is three
        more subqueries a page of rows does not need unless it filters by it."""
        if "latest_evidence_date" in self.query.annotations:
            return self
        newest = ActivityEvidence.objects.filter(cluster=OuterRef("pk")).order_by("-date")
        return self.annotate(latest_evidence_date=Subquery(newest.values("date")[:1]))

    def with_evidence_recency(self):
        """Annotate ``evidence_recency`` (and ``latest_evidence_date``, which it groups)."""
        if "evidence_recency" in self.query.annotations:
            return self
        return self.with_latest_evidence_date().annotate(
            evidence_recency=models.Case(
                models.When(
                    latest_evidence_date__gte=RECENT_SINCE, then=Value(EvidenceRecency.RECENT)
                ),
                models.When(
                    latest_evidence_date__gte=MIDDLE_SINCE, then=Value(EvidenceRecency.MIDDLE)
                ),
                models.When(latest_evidence_date__isnull=False, then=Value(EvidenceRecency.OLD)),
                default=Value(EvidenceRecency.NONE),
                output_field=models.CharField(),
            )
        )

    def with_completeness(self):
        """Annotate what a profile lacks (``completeness.py``): ``has_<check>`` and the score
        ``completeness``, both sortable."""
        return annotate_completeness(self)

    def stale(self, today):
        """Clusters whose data nobody has checked for over a year (or ever)."""
        return self.filter(Q(data_checked__isnull=True) | Q(data_checked__lt=stale_before(today)))

    def count_by(self, field):
        """{value of ``field``: number of clusters}, in one query; values with no cluster are absent."""
        return dict(self.order_by().values_list(field).annotate(n=models.Count("pk")))


class Cluster(FieldConstraintsMixin, NaturalKeyModel):
    name = models.CharField(_("nazwa"), max_length=200, unique=True)
    official_name = models.CharField(
        _("pełna nazwa"),
        max_length=300,
        blank=True,
        help_text=_("Gdy różni się od nazwy zwyczajowej."),
    )
    aliases = models.CharField(
        _("inne nazwy i skróty"),
        max_length=500,
        blank=True,
        help_text=_("Oddzielone przecinkami, np. dawne nazwy i skróty; wyszukiwarka je znajduje."),
    )
    names_source = source_field("named_clusters", verbose_name=_("źródło nazw"))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    form = models.CharField(
        _("forma"),
        max_length=20,
        choices=ClusterForm.choices,
        blank=True,
        help_text=_("Pozostaw puste, jeśli źródła jej nie podają."),
    )
    status = models.CharField(
        _("aktywność"),
        max_length=20,
        choices=ClusterStatus.choices,
        default=ClusterStatus.UNASSESSED,
    )
    founded_year = models.PositiveSmallIntegerField(_("rok założenia"), null=True, blank=True)
    founded_note = models.CharField(
        _("uwaga o założeniu"),
        max_length=300,
        blank=True,
        help_text=_("Np. gdy źródła podają różne daty; każda data ma też swój ślad ze źródłem."),
    )
    founded_source = source_field("founded_clusters", verbose_name=_("źródło roku założenia"))
    website = models.URLField(_("strona internetowa"), blank=True)
    email = models.EmailField(_("e-mail kontaktowy"), blank=True)
    phone = models.CharField(_("telefon kontaktowy"), max_length=40, blank=True)
    address = models.CharField(_("adres biura"), max_length=300, blank=True)
    contact_source = source_field("contact_clusters", verbose_name=_("źródło danych kontaktowych"))
    description = models.TextField(_("opis"), blank=True)
    description_sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="described_clusters",
        verbose_name=_("źródła opisu"),
        help_text=_("Źródła faktów, z których napisano opis (własnymi słowami)."),
    )
    initiator = models.ForeignKey(
        Initiator, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("inicjator")
    )
    ecosystem = models.ForeignKey(
        Ecosystem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clusters",
        verbose_name=_("ekosystem"),
    )
    is_ecosystem_anchor = models.BooleanField(
        _("klaster wiodący ekosystemu"),
        default=False,
        help_text=_("Klaster, wokół którego zbudowano ekosystem (najwyżej jeden na ekosystem)."),
    )
    specialisations = models.ManyToManyField(
        Specialisation, blank=True, related_name="clusters", verbose_name=_("specjalizacje")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="staffed_clusters",
        verbose_name=_("pracownicy biura klastra"),
        help_text=_("Konta, które mogą edytować dane tego klastra."),
    )
    published = models.BooleanField(
        _("opublikowany"),
        default=True,
        help_text=_(
            "Odznacz, by przygotować wpis przed publikacją: klaster, jego członkowie, państwa "
            "partnerskie i pozostałe dane znikną ze wszystkich stron, wyszukiwarki i eksportów."
        ),
    )
    data_checked = models.DateField(
        _("dane sprawdzone"),
        null=True,
        blank=True,
        help_text=_(
            "Dzień, w którym osoba porównała profil ze źródłami. Ustaw ręcznie; zapis jej nie zmienia."
        ),
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ostatni zapis"), auto_now=True)

    objects = ClusterQuerySet.as_manager()

    CONSTRAINT_FIELDS = {
        "cluster_founded_year_plausible": "founded_year",
        "cluster_anchor_needs_ecosystem": "is_ecosystem_anchor",
    }

    class Meta:
        verbose_name = _("klaster")
        verbose_name_plural = _("klastry")
        ordering = [PolishCollate("name")]
        permissions = [("edit_all_clusters", _("Może edytować wszystkie klastry"))]
        constraints = [
            plausible_year_constraint("founded_year", "cluster_founded_year_plausible"),
            models.CheckConstraint(
                condition=Q(is_ecosystem_anchor=False) | Q(ecosystem__isnull=False),
                name="cluster_anchor_needs_ecosystem",
                violation_error_message=_("Klaster wiodący musi należeć do ekosystemu."),
            ),
            models.UniqueConstraint(
                fields=["ecosystem"],
                condition=Q(is_ecosystem_anchor=True),
                name="cluster_one_anchor_per_ecosystem",
                violation_error_message=_("Ten ekosystem ma już klaster wiodący."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("clusters:detail", self.slug)

    @property
    def status_is_stated(self):
        """Whether a source states the seed's active / inactive wording for this cluster."""
        return self.status != ClusterStatus.UNASSESSED

    def unknown_on_card(self, specialisations=None):
        """What a listing card cannot say, to be named once ("brak danych: rok założenia, …"): the
        messages untranslated (``gettext_noop``), which the card translates once per language.

        Reads the annotations of ``with_member_count()`` and ``with_latest_evidence()``, and the
        card's ``specialisations`` (else the prefetched ones): no query.
        """
        gaps = []
        if self.founded_year is None:
            gaps.append(gettext_noop("rok założenia"))
        if getattr(self, "member_count", None) is None:
            gaps.append(gettext_noop("liczba członków"))
        if getattr(self, "latest_evidence_date", None) is None:
            gaps.append(gettext_noop("udokumentowana aktywność"))
        if not (self.specialisations.all() if specialisations is None else specialisations):
            gaps.append(gettext_noop("specjalizacje"))
        return gaps

    @cached_property
    def reports_in_order(self):
        """Member reports oldest first (an undated one last); uses the profile's prefetch if any."""
        if "member_reports" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.member_reports.all())
        return list(self.member_reports.chronological())

    @property
    def latest_report(self):
        return self.reports_in_order[-1] if self.reports_in_order else None

    @cached_property
    def evidence_newest_first(self):
        """Documented activities, newest first; uses the profile's prefetch if any."""
        if "activity_evidence" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.activity_evidence.all())
        return list(self.activity_evidence.newest_first().select_related("source"))

    @property
    def latest_evidence(self):
        return self.evidence_newest_first[0] if self.evidence_newest_first else None

    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    def partner_groups(self):
        """[(tie label, [(country name, partner country)] by name)] in the order of ``Tie``, empty
        ties left out."""
        from .dependents import Tie, country_name

        by_tie = {}
        for partner in self.partner_countries.all():
            by_tie.setdefault(partner.tie, []).append((country_name(partner.country.code), partner))
        return [
            (label, polish_sorted(by_tie[tie], key=lambda row: row[0]))
            for tie, label in Tie.choices
            if tie in by_tie
        ]
