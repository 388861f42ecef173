"""Helpers of the member-import tests: uploading a file, reading a page streamed or not, confirming."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from members.models import MemberOrganisation, Membership

IMPORT_URL = "admin:members_membership_import"
COLUMNS = [
    "nazwa organizacji",
    "rodzaj",
    "miejscowość",
    "województwo",
    "państwo",
    "strona internetowa",
    "rola",
    "rok przystąpienia",
]
HEADER = ";".join(COLUMNS) + "\n"


def upload(client, cluster, data, *, bom=False, name="lista.csv", **extra):
    if isinstance(data, str):
        data = (("\ufeff" if bom else "") + data).encode("utf-8")
    return client.post(
        reverse(IMPORT_URL),
        {"cluster": cluster.pk, "file": SimpleUploadedFile(name, data)},
        **extra,
    )


def page(response):
    """The page's HTML, whether it was streamed or not (a stream is read once, then kept)."""
    if not response.streaming:
        return response.content.decode()
    if not hasattr(response, "streamed_html"):
        response.streamed_html = b"".join(response.streaming_content).decode()
    return response.streamed_html


def signed_in(html):
    """The signed preview in a page's confirmation form, or None."""
    found = re.search(r'name="signed" value="([^"]+)"', html)
    return found and found.group(1)


def confirm(client, preview):
    signed = preview.context["signed"] if not preview.streaming else signed_in(page(preview))
    return client.post(reverse(IMPORT_URL), {"signed": signed})


def counts():
    return MemberOrganisation.objects.count(), Membership.objects.count()


def xlsx(rows, *, header=COLUMNS, title="Członkowie"):
    """A workbook whose first sheet holds ``header`` and ``rows`` (values typed as given)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
