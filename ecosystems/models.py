from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EcosystemQuerySet(models.QuerySet):
    def public(self):
        return self

    def for_staff(self, user):
        # Ecosystems are shared reference data: everyone reads them, only administrators edit.
        return self

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Ecosystem(models.Model):
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

    objects = EcosystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("ekosystem gospodarczy")
        verbose_name_plural = _("ekosystemy gospodarcze")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ecosystems:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
