"""The back office of the directory, in Polish, scoped by ``backoffice.scoping``.

This package holds what is nobody's domain: the site's titles, the accounts and the admin log. Each
domain app registers its own models in its ``admin`` module with the mixins of ``backoffice.scoping``.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import accounts, log  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("Klastry Lubelskie – administracja")
admin.site.site_title = _("Klastry Lubelskie – administracja")
admin.site.index_title = _("Dane katalogu klastrów")
