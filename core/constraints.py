"""Database constraints reported next to the form field they are about.

Django already validates model constraints in forms, but as errors of the whole form. A model that
maps constraint names to fields in ``CONSTRAINT_FIELDS`` gets the same rule, written once in
``Meta.constraints``, reported on the field in ``clean()``; Django then skips re-checking it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A year a record may carry (founded, reported, awarded, joined): the database, the admin's forms and
# the listing's year filters all refuse anything outside it.
FIRST_PLAUSIBLE_YEAR = 1900
LAST_PLAUSIBLE_YEAR = 2100


def plausible_year_constraint(field: str, name: str) -> models.CheckConstraint:
    """``field`` empty or a year between FIRST_ and LAST_PLAUSIBLE_YEAR, as a named constraint."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": FIRST_PLAUSIBLE_YEAR, f"{field}__lte": LAST_PLAUSIBLE_YEAR}),
        name=name,
        violation_error_message=_("Podaj rok między 1900 a 2100."),
    )


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
