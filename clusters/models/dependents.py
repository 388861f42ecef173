"""Rows a cluster owns and its office edits: partner countries, events, projects, figures, labels."""

import datetime
import functools

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from core.constraints import FieldConstraintsMixin, plausible_year_constraint
from core.natural_keys import NaturalKeyModel

from .cluster import Cluster
from .scoped import ClusterDependentQuerySet
from .sources import source_field


def cluster_fk(related_name):
    return models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("klaster")
    )


class Tie(models.TextChoices):
    FORMAL = "formal", _("partnerstwo formalne")
    EXPERTS = "experts", _("eksperci i organizacje eksperckie")
    NETWORK = "network", _("sieć współpracy")


@functools.cache
def _country_names(language):
    return {}


def country_name(code):
    """The name of the country of ``code`` in the active language, translated once per language
    and process: django-countries translates it on every call (a profile's 22 partner countries
    took 0.7 ms)."""
    names = _country_names(get_language() or settings.LANGUAGE_CODE)
    name = names.get(code)
    if name is None:
        name = names[code] = str(countries.name(code))
    return name


class PartnerCountry(NaturalKeyModel):
    cluster = cluster_fk("partner_countries")
    country = CountryField(_("państwo"))
    tie = models.CharField(_("rodzaj powiązania"), max_length=20, choices=Tie.choices)
    via = models.CharField(
        _("za pośrednictwem"),
        max_length=100,
        blank=True,
        help_text=_("Sieć lub program, przez który powstało powiązanie, np. NordicProof, ECCP."),
    )
    source = source_field("partner_countries")

    objects = ClusterDependentQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "country", "tie")

    class Meta:
        verbose_name = _("państwo partnerskie")
        verbose_name_plural = _("państwa partnerskie")
        ordering = ["cluster__name", "tie", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "country", "tie"], name="partner_country_unique_tie"
            ),
        ]

    def __str__(self):
        return f"{self.country.name} ({self.get_tie_display()})"

    def natural_key(self):
        return (self.cluster.slug, self.country.code, self.tie)


class EventScope(models.TextChoices):
    INTERNATIONAL = "international", _("międzynarodowe")
    NATIONAL = "national", _("krajowe")


class Event(FieldConstraintsMixin, NaturalKeyModel):
    """An event the cluster organised."""

    cluster = cluster_fk("events")
    name = models.CharField(_("nazwa"), max_length=300)
    year = models.PositiveSmallIntegerField(_("rok"), null=True, blank=True)
    scope = models.CharField(_("zasięg"), max_length=20, choices=EventScope.choices)
    website = models.URLField(_("strona internetowa"), blank=True)
    source = source_field("events")

    objects = ClusterDependentQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "name")
    CONSTRAINT_FIELDS = {"event_year_plausible": "year"}

    class Meta:
        verbose_name = _("wydarzenie")
        verbose_name_plural = _("wydarzenia")
        ordering = ["cluster__name", F("year").desc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="event_unique_name"),
            plausible_year_constraint("year", "event_year_plausible"),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name


class Project(NaturalKeyModel):
    cluster = cluster_fk("projects")
    name = models.CharField(_("nazwa"), max_length=300)
    description = models.TextField(_("opis"), blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    source = source_field("projects")

    objects = ClusterDependentQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "name")

    class Meta:
        verbose_name = _("projekt")
        verbose_name_plural = _("projekty")
        ordering = ["cluster__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="project_unique_name"),
        ]

    def __str__(self):
        return self.name


class KeyFigure(NaturalKeyModel):
    """A headline figure, e.g. "ponad 200 publikacji w mediach"."""

    cluster = cluster_fk("key_figures")
    value = models.PositiveIntegerField(_("wartość"))
    is_lower_bound = models.BooleanField(
        _("„ponad”"), default=False, help_text=_("Zaznacz, gdy źródło podaje „ponad N”.")
    )
    label = models.CharField(_("czego dotyczy"), max_length=300)
    position = models.PositiveSmallIntegerField(_("kolejność"), default=0)
    source = source_field("key_figures")

    objects = ClusterDependentQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "label")

    class Meta:
        verbose_name = _("liczba kluczowa")
        verbose_name_plural = _("liczby kluczowe")
        ordering = ["cluster__name", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "label"], name="key_figure_unique_label"),
        ]

    def __str__(self):
        return f"{_('ponad') + ' ' if self.is_lower_bound else ''}{self.value} {self.label}"


class LabelKind(models.TextChoices):
    KEY_CLUSTER = "kkk", _("Krajowy Klaster Kluczowy")
    ESCA_BRONZE = "esca-bronze", _("ESCA – brązowa odznaka")
    ESCA_SILVER = "esca-silver", _("ESCA – srebrna odznaka")
    ESCA_GOLD = "esca-gold", _("ESCA – złota odznaka")


class Label(FieldConstraintsMixin, NaturalKeyModel):
    """A status or quality label held for a period; whether it has expired is computed from today."""

    cluster = cluster_fk("labels")
    kind = models.CharField(_("rodzaj"), max_length=20, choices=LabelKind.choices)
    year = models.PositiveSmallIntegerField(
        _("rok przyznania"),
        null=True,
        blank=True,
        help_text=_("Gdy źródło podaje tylko rok."),
    )
    valid_from = models.DateField(_("ważny od"), null=True, blank=True)
    valid_until = models.DateField(_("ważny do"), null=True, blank=True)
    source = source_field("labels")

    objects = ClusterDependentQuerySet.as_manager()

    NATURAL_KEY = ("cluster__slug", "kind", "year")
    CONSTRAINT_FIELDS = {
        "label_validity_ordered": "valid_until",
        "label_year_plausible": "year",
    }

    class Meta:
        verbose_name = _("wyróżnienie")
        verbose_name_plural = _("wyróżnienia")
        ordering = ["cluster__name", "kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "kind", "year"], name="label_unique_award"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="label_validity_ordered",
                violation_error_message=_("Data końca ważności nie może poprzedzać daty początku."),
            ),
            plausible_year_constraint("year", "label_year_plausible"),
        ]

    def __str__(self):
        return self.get_kind_display()

    def is_expired(self, today: datetime.date | None = None) -> bool:
        if self.valid_until is None:
            return False
        return self.valid_until < (today or timezone.localdate())
