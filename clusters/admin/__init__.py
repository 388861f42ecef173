"""The clusters' part of the back office, scoped by ``backoffice.scoping``.

The cluster page (``cluster.py``) carries every dependent row as an inline; the dependents and the
shared reference data also have their own pages; ``accounts.py`` adds the clusters whose office an
account runs to the user's page. ``members/admin.py`` and ``ecosystems/admin.py`` register the rest,
``backoffice.admin`` the accounts, the admin log and the site's titles.
"""

from . import accounts, cluster, dependents, loaded, reference  # noqa: F401  (registers the ModelAdmins)
