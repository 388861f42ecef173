from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldConstraintsMixin, plausible_year_constraint
from core.db_functions import PolishCollate
from core.natural_keys import NaturalKeyModel
from core.permissions import edits_everything
from core.querysets import DirectoryQuerySet
from core.text import polish_sorted
from ecosystems.models import Ecosystem

from .reference import Initiator, Specialisation


class ClusterForm(models.TextChoices):
    AGREEMENT = "agreement", _("porozumienie klastrowe")
    ECOSYSTEM_PROGRAMME = "ecosystem", _("program ekosystemowy")
    ASSOCIATION = "association", _("stowarzyszenie")
    OTHER = "other", _("inna forma")


class ClusterStatus(models.TextChoices):
    ACTIVE = "active", _("aktywny")
    LIMITED = "limited", _("nieaktywny lub o ograniczonej aktywności")
    UNASSESSED = "unassessed", _("jeszcze nie oceniono")


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
        return self.select_related("initiator", "ecosystem").prefetch_related(
            "specialisations__sector"
        )

    def with_profile_data(self):
        """Everything a cluster's profile shows that lives in this app, in a fixed number of queries.

        Memberships live in ``members`` (an app above this one): the profile view prefetches them.
        """
        from .reports import MemberReport

        return self.select_related("initiator", "ecosystem").prefetch_related(
            models.Prefetch("specialisations", Specialisation.objects.select_related("sector")),
            models.Prefetch("member_reports", MemberReport.objects.chronological()),
            "partner_countries",
            "events",
            "projects",
            "key_figures",
            "labels",
        )

    def with_member_count(self):
        """Annotate ``member_count``: the total of the latest member report (None without one).

        "Latest" as ``reports_in_order`` puts it: the highest year, an undated report after all.
        """
        from .reports import MemberReport

        latest = MemberReport.objects.filter(cluster=OuterRef("pk")).order_by(
            F("as_of_year").desc(nulls_first=True), "-pk"
        )
        return self.annotate(member_count=Subquery(latest.values("total")[:1]))

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
    website = models.URLField(_("strona internetowa"), blank=True)
    email = models.EmailField(_("e-mail kontaktowy"), blank=True)
    phone = models.CharField(_("telefon kontaktowy"), max_length=40, blank=True)
    address = models.CharField(_("adres biura"), max_length=300, blank=True)
    description = models.TextField(_("opis"), blank=True)
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
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ostatnia aktualizacja"), auto_now=True)

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
        return reverse("clusters:detail", kwargs={"slug": self.slug})

    @cached_property
    def reports_in_order(self):
        """Member reports oldest first (an undated one last); uses the profile's prefetch if any."""
        if "member_reports" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.member_reports.all())
        return list(self.member_reports.chronological())

    @property
    def latest_report(self):
        return self.reports_in_order[-1] if self.reports_in_order else None

    def partner_groups(self):
        """[(tie label, partner countries by Polish name)] in the order of ``Tie``, empty ties left out."""
        from .dependents import Tie

        by_tie = {}
        for partner in self.partner_countries.all():
            by_tie.setdefault(partner.tie, []).append(partner)
        return [
            (label, polish_sorted(by_tie[tie], key=lambda p: p.country.name))
            for tie, label in Tie.choices
            if tie in by_tie
        ]
