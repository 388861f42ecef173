from django.views.generic import TemplateView


class _Placeholder(TemplateView):
    template_name = "base.html"


class SearchView(_Placeholder):
    pass
