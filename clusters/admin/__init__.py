"""The back office of the directory, in Polish, scoped by ``clusters.admin_scoping``.

The cluster page (``cluster.py``) carries every dependent row as an inline; the dependents and the
shared reference data also have their own pages. ``members/admin.py`` and ``ecosystems/admin.py``
register the rest.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import accounts, cluster, dependents, loaded, log, reference  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("Klastry Lubelskie – administracja")
admin.site.site_title = _("Klastry Lubelskie – administracja")
admin.site.index_title = _("Dane katalogu klastrów")
