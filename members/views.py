from django.views.generic import TemplateView


class _Placeholder(TemplateView):
    template_name = "base.html"


class OrganisationListView(_Placeholder):
    pass


class OrganisationExportView(_Placeholder):
    pass


class OrganisationDetailView(_Placeholder):
    pass
