"""The admin pages of the member-list import: upload, preview, confirm; the export and template.

The file travels from the preview to the confirmation signed (with the cluster and the user) in a
hidden field, so nothing is stored between the two and a forged or edited one is refused. The
cluster always comes from the user's own clusters (``Cluster.objects.for_staff``): another one's id
gets 404, whether in the form, the signed field or the export's URL.
"""

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from core.csv_safety import csv_rows
from core.text import polish_slug

from . import member_import
from .models import MembershipRole, OrganisationType, Voivodeship

SALT = "members.import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.none(), label=gettext_lazy("Klaster"))
    file = forms.FileField(
        label=gettext_lazy("Plik CSV"),
        help_text=gettext_lazy("UTF-8, kolumny oddzielone średnikami lub przecinkami."),
    )

    def __init__(self, clusters, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        if len(clusters) == 1:
            self.fields["cluster"].initial = clusters[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Plik jest większy niż 5 MB."))
        try:
            return member_import.decode(upload.read())
        except member_import.FileError as error:
            raise forms.ValidationError(str(error)) from error


def _own_cluster(request, pk):
    try:
        return get_object_or_404(Cluster.objects.for_staff(request.user), pk=int(pk))
    except (TypeError, ValueError) as error:
        raise Http404 from error


def import_view(model_admin, request):
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    clusters = Cluster.objects.for_staff(request.user).order_by("name")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import listy członków z pliku CSV"),
    }
    status = 200
    if request.method == "POST" and "signed" in request.POST:
        try:
            payload = signing.loads(request.POST["signed"], salt=SALT, max_age=3600)
        except signing.BadSignature:
            return HttpResponse(
                _("Podgląd wygasł albo został zmieniony: wczytaj plik ponownie."), status=400
            )
        if payload["user"] != request.user.pk:
            raise PermissionDenied
        cluster = _own_cluster(request, payload["cluster"])
        plan = member_import.plan(payload["text"], cluster, request.user)
        if not plan.errors:
            counts = member_import.apply(plan, request.user)
            model_admin.message_user(
                request,
                _(
                    "Zaimportowano listę członków klastra %(cluster)s: utworzono %(created)d, "
                    "zmieniono %(updated)d, bez zmian %(unchanged)d."
                )
                % {
                    "cluster": cluster,
                    "created": plan.count("create"),
                    "updated": plan.count("update"),
                    "unchanged": plan.count("unchanged"),
                    **counts,
                },
            )
            return redirect("admin:members_membership_changelist")
        # The directory changed since the preview: show what is wrong now.
        return _preview(request, context, plan, payload["text"], status=400)
    if request.method == "POST":
        if request.POST.get("cluster"):
            _own_cluster(request, request.POST["cluster"])  # another office's cluster: 404
        form = UploadForm(clusters, request.POST, request.FILES)
        if form.is_valid():
            cluster, text = form.cleaned_data["cluster"], form.cleaned_data["file"]
            try:
                plan = member_import.plan(text, cluster, request.user)
            except member_import.FileError as error:
                form.add_error("file", str(error))
            else:
                return _preview(request, context, plan, text)
        status = 400
    else:
        form = UploadForm(clusters)
    return TemplateResponse(
        request,
        "admin/members/import_upload.html",
        {**context, "form": form, "clusters": clusters},
        status=status,
    )


def _preview(request, context, plan, text, status=200):
    signed = signing.dumps(
        {"cluster": plan.cluster.pk, "user": request.user.pk, "text": text},
        salt=SALT,
        compress=True,
    )
    errors = [row for row in plan.rows if row.errors]
    shown = errors or [row for row in plan.rows if row.action != "unchanged"]
    return TemplateResponse(
        request,
        "admin/members/import_preview.html",
        {
            **context,
            "title": _("Podgląd importu: %(cluster)s") % {"cluster": plan.cluster},
            "plan": plan,
            "rows": shown,
            "error_count": len(plan.errors),
            "created": plan.count("create"),
            "updated": plan.count("update"),
            "unchanged": plan.count("unchanged"),
            # Nothing to confirm when the file changes nothing.
            "signed": signed if not errors and len(shown) else None,
        },
        status=status,
    )


def _csv_response(rows, filename):
    response = HttpResponse(
        "\ufeff" + "".join(csv_rows(rows, ";")), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_view(model_admin, request, cluster_id):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    cluster = _own_cluster(request, cluster_id)
    return _csv_response(
        member_import.export_rows(cluster), f"czlonkowie-{polish_slug(cluster.name)}.csv"
    )


def _labels(choices):
    return ", ".join(f"{label} ({value})" for value, label in choices)


def template_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    header = [str(label) for _key, label in member_import.COLUMNS]
    explained = [
        _("wymagana; organizacje już w katalogu są rozpoznawane po nazwie i skrótach"),
        _("jedno z: %(values)s; puste = brak danych")
        % {"values": _labels(OrganisationType.choices)},
        _("np. Lublin"),
        _("jedno z: %(values)s; tylko dla Polski") % {"values": _labels(Voivodeship.choices)},
        _("nazwa po polsku albo kod, np. Polska lub PL"),
        _("pełny adres, np. https://example.pl"),
        _("%(values)s; kilka ról po przecinku; puste = członek")
        % {"values": _labels(MembershipRole.choices)},
        _("rok, np. 2019"),
    ]
    example = [
        _("Przykładowa Spółka z o.o."),
        str(OrganisationType.ENTERPRISE.label),
        "Lublin",
        str(Voivodeship.LUBELSKIE.label),
        "Polska",
        "https://example.pl",
        str(MembershipRole.MEMBER.label),
        2020,
    ]
    # Rows whose first cell starts with "#" are explanations: the import skips them.
    notes = [f"# {label}: {text}" for label, text in zip(header, explained, strict=True)]
    return _csv_response(
        [header, *[[note] for note in notes], example], "szablon-listy-czlonkow.csv"
    )
