from django.views.generic import TemplateView


class _Placeholder(TemplateView):
    template_name = "base.html"


class ClusterListView(_Placeholder):
    pass


class ClusterExportView(_Placeholder):
    pass
