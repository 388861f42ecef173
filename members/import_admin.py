"""The admin pages of the member-list import: upload, preview, confirm; the exports and templates.

The file (CSV or XLSX, read into rows by ``import_files``) travels from the preview to the
confirmation as those rows, signed (with the cluster and the user) in a hidden field, so nothing is
stored between the two and a forged or edited one is refused. The cluster always comes from the
user's own clusters (``Cluster.objects.for_staff``): another one's id gets 404, whether in the
form, the signed field or the export's URL.

A file longer than ``STREAM_ABOVE_ROWS`` rows is previewed and applied on a streamed page
(``backoffice.streaming``) that shows the progress as the rows are checked and written; a shorter
one gets the plain page (and, once applied, a redirect to the membership list). Everything that
can be refused with a status code (the form, the file's structure, the signature) is checked
before the stream starts; what is found later (rows with errors, a failure while writing) is told
in the streamed page, and nothing is written.
"""

import logging

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.streaming import progress_end, progress_line, progress_start, streamed_page
from clusters.models import Cluster
from core.csv_safety import csv_rows
from core.text import polish_slug
from core.xlsx_safety import XLSX_CONTENT_TYPE

from . import import_files, member_files, member_import

logger = logging.getLogger(__name__)

SALT = "members.import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
STREAM_ABOVE_ROWS = 500


class UploadForm(forms.Form):
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.none(), label=gettext_lazy("Klaster"))
    file = forms.FileField(
        label=gettext_lazy("Plik XLSX lub CSV"),
        help_text=gettext_lazy(
            "XLSX (czytany jest pierwszy arkusz) albo CSV w UTF-8 z kolumnami oddzielonymi "
            "średnikami lub przecinkami; do 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,.csv,text/csv,{XLSX_CONTENT_TYPE}"}
        ),
    )

    def __init__(self, clusters, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        if len(clusters) == 1:
            self.fields["cluster"].initial = clusters[0].pk

    def clean_file(self):
        """The file's rows (``import_files.Table``)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Plik jest większy niż 5 MB."))
        try:
            return import_files.read_upload(upload.read(), upload.name or "", member_import.COLUMNS)
        except import_files.FileError as error:
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
        "title": _("Import listy członków z pliku XLSX lub CSV"),
    }
    if request.method == "POST" and "signed" in request.POST:
        return _confirm(model_admin, request, context)
    status = 200
    if request.method == "POST":
        if request.POST.get("cluster"):
            _own_cluster(request, request.POST["cluster"])  # another office's cluster: 404
        form = UploadForm(clusters, request.POST, request.FILES)
        if form.is_valid():
            cluster, table = form.cleaned_data["cluster"], form.cleaned_data["file"]
            if len(table) > STREAM_ABOVE_ROWS:
                return _streamed_preview(request, context, cluster, table)
            plan = member_import.plan(table, cluster, request.user)
            return _preview(request, context, plan, table)
        status = 400
    else:
        form = UploadForm(clusters)
    return TemplateResponse(
        request,
        "admin/members/import_upload.html",
        {**context, "form": form, "clusters": clusters},
        status=status,
    )


def _confirm(model_admin, request, context):
    try:
        payload = signing.loads(request.POST["signed"], salt=SALT, max_age=3600)
        table = import_files.Table.from_payload(payload["table"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return HttpResponse(
            _("Podgląd wygasł albo został zmieniony: wczytaj plik ponownie."), status=400
        )
    if payload["user"] != request.user.pk:
        raise PermissionDenied
    cluster = _own_cluster(request, payload["cluster"])
    if len(table) > STREAM_ABOVE_ROWS:
        return _streamed_apply(request, context, cluster, table)
    plan = member_import.plan(table, cluster, request.user)
    if not plan.errors:
        member_import.apply(plan, request.user)
        model_admin.message_user(request, _result_message(plan))
        return redirect("admin:members_membership_changelist")
    # The directory changed since the preview: show what is wrong now.
    return _preview(request, context, plan, table, status=400)


def _result_message(plan):
    return _(
        "Zaimportowano listę członków klastra %(cluster)s: utworzono %(created)d, "
        "zmieniono %(updated)d, bez zmian %(unchanged)d."
    ) % {
        "cluster": plan.cluster,
        "created": plan.count("create"),
        "updated": plan.count("update"),
        "unchanged": plan.count("unchanged"),
    }


def _preview_context(request, context, plan, table):
    signed = signing.dumps(
        {"cluster": plan.cluster.pk, "user": request.user.pk, "table": table.payload()},
        salt=SALT,
        compress=True,
    )
    errors = [row for row in plan.rows if row.errors]
    shown = errors or [row for row in plan.rows if row.action != "unchanged"]
    return {
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
    }


def _preview(request, context, plan, table, status=200):
    return TemplateResponse(
        request,
        "admin/members/import_preview.html",
        _preview_context(request, context, plan, table),
        status=status,
    )


def _number(value):
    return formats.number_format(value, force_grouping=True)


def _checked(done, total):
    return progress_line(
        _("Sprawdzono %(done)s z %(total)s wierszy")
        % {"done": _number(done), "total": _number(total)},
        done,
        total,
    )


def _progress(event):
    stage, done, total = event
    if stage == "check":
        return _checked(done, total)
    if stage == "write":
        return progress_line(_("Zapisano organizacje i członkostwa."), done, total)
    if stage == "finish":
        return progress_line(_("Zapisuję historię zmian i kończę import…"), done, total)
    return progress_line(
        _("Zapisano w historii zmian %(done)s z %(total)s rekordów")
        % {"done": _number(done), "total": _number(total)},
        done,
        total,
    )


def _checking(steps):
    """The progress lines of a ``plan_steps`` generator; returns its plan."""
    plan = None
    while plan is None:
        try:
            event = next(steps)
        except StopIteration as done:
            plan = done.value
        else:
            yield _progress(event)
    return plan


def _failed(request, what):
    logger.exception("Member import failed while %s (user %s)", what, request.user.pk)
    return format_html(
        '<p class="errornote" role="alert">{}</p>',
        _(
            "Import przerwał błąd serwera: nic nie zostało zapisane. Spróbuj ponownie za chwilę, "
            "a jeśli błąd się powtórzy, napisz do administratorów katalogu."
        ),
    )


def _streamed_preview(request, context, cluster, table):
    context = {**context, "title": _("Podgląd importu: %(cluster)s") % {"cluster": cluster}}

    def body():
        yield progress_start()
        try:
            plan = yield from _checking(member_import.plan_steps(table, cluster, request.user))
            yield progress_line(_("Sprawdzono wszystkie wiersze; przygotowuję podgląd…"), 1, 1)
            preview = render_to_string(
                "admin/members/_import_preview_body.html",
                _preview_context(request, context, plan, table),
                request=request,
            )
            yield _checked(len(table), len(table))  # the line left shown: what was done
            yield progress_end()
            yield preview
        except Exception:
            yield progress_end()
            yield _failed(request, "previewing")

    return streamed_page(request, "admin/members/import_stream.html", context, body())


def _streamed_apply(request, context, cluster, table):
    context = {**context, "title": _("Import listy członków: %(cluster)s") % {"cluster": cluster}}

    def body():
        yield progress_start()
        try:
            plan = yield from _checking(member_import.plan_steps(table, cluster, request.user))
            if plan.errors:
                # The directory changed since the preview: show what is wrong now.
                yield progress_end()
                yield render_to_string(
                    "admin/members/_import_preview_body.html",
                    _preview_context(request, context, plan, table),
                    request=request,
                )
                return
            recorded = 0
            for event in member_import.apply_steps(plan, request.user):
                if event[0] == "history":
                    recorded = event[2]
                yield _progress(event)
            if recorded:  # committed: the line left shown says what was done
                yield _progress(("history", recorded, recorded))
            yield progress_end()
            yield render_to_string(
                "admin/members/_import_result.html",
                {"message": _result_message(plan), "opts": context["opts"]},
                request=request,
            )
        except Exception:
            yield progress_end()
            yield _failed(request, "applying")

    return streamed_page(request, "admin/members/import_stream.html", context, _finishing(body()))


def _finishing(job):
    """The HTML ``job`` yields; if the browser goes away meanwhile, ``job`` is still run to its
    end (unseen): the office asked for the import, and a page that is not streamed would be
    finished too. (Closed half-way instead, the import's transaction would roll back.)"""
    for chunk in job:
        try:
            yield chunk
        except GeneratorExit:
            for _chunk in job:
                pass
            raise


def _csv_response(rows, filename):
    response = HttpResponse(
        "\ufeff" + "".join(csv_rows(rows, ";")), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(rows, filename):
    response = HttpResponse(member_files.workbook(rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_view(model_admin, request, cluster_id, file_format="csv"):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    cluster = _own_cluster(request, cluster_id)
    rows = member_import.export_rows(cluster)
    filename = f"czlonkowie-{polish_slug(cluster.name)}.{file_format}"
    if file_format == "xlsx":
        return _xlsx_response(rows, filename)
    return _csv_response(rows, filename)


def template_view(model_admin, request, file_format="csv"):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if file_format == "xlsx":
        return _xlsx_response(member_files.template_rows(), "szablon-listy-czlonkow.xlsx")
    return _csv_response(member_files.template_csv_rows(), "szablon-listy-czlonkow.csv")
