"""Database constraints reported next to the form field they are about.

Django already validates model constraints in forms, but as errors of the whole form. A model that
maps constraint names to fields in ``CONSTRAINT_FIELDS`` gets the same rule, written once in
``Meta.constraints``, reported on the field in ``clean()``; Django then skips re-checking it.
"""

from django.core.exceptions import ValidationError
from django.db import models


class FieldConstraintsMixin(models.Model):
    CONSTRAINT_FIELDS: dict[str, str] = {}

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        for constraint in self._meta.constraints:
            field = self.CONSTRAINT_FIELDS.get(constraint.name)
            if field is None or not isinstance(constraint, models.CheckConstraint):
                continue
            try:
                constraint.validate(type(self), self)
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)
