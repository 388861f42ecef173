"""Who may edit what. The querysets' ``for_staff(user)`` methods build on this one predicate."""

EDIT_ALL_PERMISSION = "clusters.edit_all_clusters"


def edits_everything(user) -> bool:
    """Directory administrators (and superusers) edit every cluster; office staff only their own."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(EDIT_ALL_PERMISSION)))
