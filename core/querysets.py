"""The base of every model's queryset: natural keys and the two visibility rules every caller asks.

``public()`` is what visitors may see, ``for_staff(user)`` the rows a back-office user may touch.
As written here they fit shared reference data (ecosystems, initiators, sectors, specialisations):
public, read by every staff account, changed only by those whose role grants it. A model whose rows
belong to someone (a cluster, its dependent rows, an organisation) narrows both in its own app.
"""

from core.natural_keys import NaturalKeyQuerySet


class DirectoryQuerySet(NaturalKeyQuerySet):
    def public(self):
        return self.all()

    def for_staff(self, user):
        return self.all()
