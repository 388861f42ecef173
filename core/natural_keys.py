"""Natural keys declared once per model, so fixtures load by slug and never by primary key.

A model lists its key as lookups (``NATURAL_KEY = ("cluster__slug", "name")``); the queryset finds
rows by it and the model serialises itself by it. Loading the same fixture twice updates rows in place.
"""

from django.db import models


class NaturalKeyQuerySet(models.QuerySet):
    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.NATURAL_KEY, key, strict=True)))


class NaturalKeyModel(models.Model):
    NATURAL_KEY: tuple[str, ...] = ("slug",)

    class Meta:
        abstract = True

    def natural_key(self):
        values = []
        for lookup in self.NATURAL_KEY:
            value = self
            for part in lookup.split("__"):
                value = getattr(value, part)
            values.append(value)
        return tuple(values)
