from core.permissions import edits_everything
from core.querysets import DirectoryQuerySet


class ClusterDependentQuerySet(DirectoryQuerySet):
    """Rows that belong to one cluster (``cluster`` foreign key) follow that cluster's visibility."""

    def public(self):
        return self.filter(cluster__published=True)

    def for_staff(self, user):
        if edits_everything(user):
            return self.all()
        from .cluster import Cluster

        return self.filter(cluster__in=Cluster.objects.for_staff(user))
