from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from clusters.models import Specialisation

from .grouping import roles_by
from .models import MemberOrganisation, Membership


class _Placeholder(TemplateView):
    template_name = "base.html"


class OrganisationListView(_Placeholder):
    pass


class OrganisationExportView(_Placeholder):
    pass


class OrganisationDetailView(DetailView):
    """One organisation: what it is, where it works, its clusters (with role), its specialisations."""

    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return MemberOrganisation.objects.public().prefetch_related(
            Prefetch("memberships", Membership.objects.public().select_related("cluster")),
            Prefetch("specialisations", Specialisation.objects.select_related("sector")),
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            page_title=organisation.name,
            page_description=_(
                "%(name)s w katalogu Klastry Lubelskie: klastry, do których należy, i specjalizacje."
            )
            % {"name": organisation.name},
            clusters=roles_by(organisation.memberships.all(), "cluster"),
            **kwargs,
        )
