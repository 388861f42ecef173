"""Reference data shared by clusters and organisations: initiators, sectors, specialisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db_functions import PolishCollate
from core.natural_keys import NaturalKeyModel
from core.querysets import DirectoryQuerySet
from core.slug_urls import slug_url

from .sources import source_field


class InitiatorKind(models.TextChoices):
    CITY = "city", _("Gmina Lublin")
    MARSHAL = "marshal", _("Urząd Marszałkowski")
    OTHER = "other", _("inne podmioty")


class Initiator(NaturalKeyModel):
    """Who started a cluster: the city, the marshal's office, or another body."""

    name = models.CharField(_("nazwa"), max_length=200, unique=True)
    short_name = models.CharField(_("skrót"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("rodzaj"), max_length=20, choices=InitiatorKind.choices)
    source = source_field(
        "initiators", verbose_name=_("źródło"), help_text=_("Gdzie podano, kto założył klastry.")
    )

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inicjator")
        verbose_name_plural = _("inicjatorzy")
        ordering = [PolishCollate("name")]

    def __str__(self):
        return self.name


class Sector(NaturalKeyModel):
    """The upper level of specialisations, e.g. "Medycyna i zdrowie"."""

    name = models.CharField(_("nazwa"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("kolejność"), default=0)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("sektor")
        verbose_name_plural = _("sektory")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Specialisation(NaturalKeyModel):
    """A field of competence offered by clusters and organisations, e.g. "e-zdrowie"."""

    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="specialisations", verbose_name=_("sektor")
    )
    name = models.CharField(_("nazwa"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("opis"), blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("specjalizacja")
        verbose_name_plural = _("specjalizacje")
        ordering = ["sector__position", "sector__name", PolishCollate("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "name"], name="specialisation_unique_name_in_sector"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("clusters:specialisation-detail", self.slug)
