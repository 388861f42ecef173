from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedRow(models.Model):
    """What ``load_real_data`` last wrote to a row: the fingerprint of its values, by natural key.

    A row whose values still have this fingerprint was edited by nobody since, so the loader may
    update it; any other row was changed (or removed, or renamed) in the admin and is kept.
    """

    model = models.CharField(_("model"), max_length=100)
    natural_key = models.CharField(_("klucz naturalny"), max_length=1000)
    fingerprint = models.CharField(_("odcisk wartości"), max_length=64)
    loaded_at = models.DateTimeField(_("wczytano"), auto_now=True)

    class Meta:
        verbose_name = _("wiersz wczytany z danych źródłowych")
        verbose_name_plural = _("wiersze wczytane z danych źródłowych")
        constraints = [
            models.UniqueConstraint(fields=["model", "natural_key"], name="loaded_row_unique_key")
        ]

    def __str__(self):
        return f"{self.model} {self.natural_key}"
