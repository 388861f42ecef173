from django.views.generic import TemplateView


class _Placeholder(TemplateView):
    template_name = "base.html"


class EcosystemListView(_Placeholder):
    pass


class EcosystemDetailView(_Placeholder):
    pass
