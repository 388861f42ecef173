from core.natural_keys import NaturalKeyQuerySet
from core.permissions import edits_everything


class ClusterDependentQuerySet(NaturalKeyQuerySet):
    """Rows that belong to one cluster (``cluster`` foreign key) follow that cluster's visibility."""

    def public(self):
        return self

    def for_staff(self, user):
        if edits_everything(user):
            return self
        from .cluster import Cluster

        return self.filter(cluster__in=Cluster.objects.for_staff(user))
