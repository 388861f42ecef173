from django.views.generic import TemplateView


class _Placeholder(TemplateView):
    template_name = "base.html"


class SpecialisationListView(_Placeholder):
    pass


class SpecialisationDetailView(_Placeholder):
    pass
