"""Whose record an organisation is, and what an office may do with one that is not its own.

The rule (README, "Accounts"):

- An office edits an organisation's record while the organisation belongs to its clusters and to
  no other (``MemberOrganisation.objects.for_staff``). A record shared by several offices' clusters
  is edited by the directory's administrators only: no office may rewrite what another office's
  cluster shows about its member.
- An office may link any listed organisation to its cluster, but an organisation whose record it
  does not edit only as an ordinary member: never as coordinator or founder of its cluster. The
  membership is marked ``linked_by_office`` and does not count for the rule above, so linking
  neither hands the record to the linking office nor takes it away from the organisation's own
  offices.
- Administrators set any role and may lift the mark (which makes the organisation shared).
"""

from django import forms
from django.utils.translation import gettext as _

from core.permissions import edits_everything

from .models import MemberOrganisation, MembershipRole


def edits_record(user, organisation) -> bool:
    return MemberOrganisation.objects.for_staff(user).filter(pk=organisation.pk).exists()


class MembershipForm(forms.ModelForm):
    """A membership as an office saves it: links to others' organisations are plain members."""

    user = None  # set per request by ``membership_form``

    def clean(self):
        cleaned_data = super().clean()
        organisation = cleaned_data.get("organisation") or getattr(
            self.instance, "organisation", None
        )
        if organisation is None or self.user is None or edits_everything(self.user):
            return cleaned_data
        new_link = self.instance.pk is None or "organisation" in self.changed_data
        if not (new_link or "role" in self.changed_data):
            return cleaned_data  # a row as the directory set it (a shared coordinator) stays
        linked = not edits_record(self.user, organisation)
        if linked and cleaned_data.get("role", MembershipRole.MEMBER) != MembershipRole.MEMBER:
            self.add_error(
                "role",
                _(
                    "Organizację „%(name)s” prowadzi biuro innego klastra: możesz ją dołączyć do "
                    "swojego klastra tylko jako członka."
                )
                % {"name": organisation},
            )
        if new_link:
            self.instance.linked_by_office = linked
        return cleaned_data


def membership_form(user, form=MembershipForm):
    """``form`` bound to the user saving it (the admin builds a form class per request)."""
    return type(form.__name__, (form,), {"user": user})
