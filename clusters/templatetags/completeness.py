"""The admin home page's "what is missing, what is stale" table (templates/admin/index.html)."""

from django import template
from django.utils import timezone

from clusters.models import CHECKS, Cluster
from clusters.models.completeness import completeness_percent, missing, stale_before

register = template.Library()

# ?sort= on the admin home page -> order of the table; the name breaks ties.
SORTS = {
    "completeness": ("completeness", "name"),
    "-completeness": ("-completeness", "name"),
    "checked": ("check_age_order", "data_checked", "name"),
    "-checked": ("-check_age_order", "-data_checked", "name"),
}


@register.inclusion_tag("admin/clusters/completeness_dashboard.html", takes_context=True)
def completeness_dashboard(context):
    request = context["request"]
    sort = request.GET.get("sort", "")
    clusters = Cluster.objects.for_staff(request.user).with_completeness()
    clusters = clusters.order_by(*SORTS[sort]) if sort in SORTS else clusters
    today = timezone.localdate()
    stale_date = stale_before(today)
    rows = [
        {
            "cluster": cluster,
            "percent": completeness_percent(cluster),
            "missing": missing(cluster),
            "stale": cluster.data_checked is None or cluster.data_checked < stale_date,
        }
        for cluster in clusters
    ]
    return {
        "request": request,
        "rows": rows,
        "check_count": len(CHECKS),
        "sort": sort,
        "csrf_token": context.get("csrf_token"),
    }
