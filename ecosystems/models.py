from django.db import models
from django.utils.translation import gettext_lazy as _

from core.natural_keys import NaturalKeyModel
from core.querysets import DirectoryQuerySet
from core.slug_urls import slug_url


class Ecosystem(NaturalKeyModel):
    """One of the five "Lubelskie Wyżyny Gospodarcze" (economic ecosystems of Lublin)."""

    name = models.CharField(_("nazwa"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("krótki opis"),
        max_length=300,
        blank=True,
        help_text=_("Jedno zdanie na listę ekosystemów."),
    )
    description = models.TextField(_("opis"), blank=True)
    position = models.PositiveSmallIntegerField(_("kolejność"), default=0)

    # Shared reference data: everyone reads it, only administrators edit it.
    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ekosystem gospodarczy")
        verbose_name_plural = _("ekosystemy gospodarcze")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("ecosystems:detail", self.slug)
