"""The two back-office roles, as Django groups. `setup_roles` (and `make run`) create them."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

DIRECTORY_ADMIN_GROUP = "Administratorzy katalogu"
OFFICE_STAFF_GROUP = "Biuro klastra"

# app label -> model -> actions an office may take. Anything not listed stays with administrators:
# offices cannot create or delete clusters, nor edit shared reference data.
OFFICE_STAFF_PERMISSIONS = {
    "clusters": {
        "cluster": ("view", "change"),
        "memberreport": ("view", "add", "change", "delete"),
        "partnercountry": ("view", "add", "change", "delete"),
        "event": ("view", "add", "change", "delete"),
        "project": ("view", "add", "change", "delete"),
        "keyfigure": ("view", "add", "change", "delete"),
        "label": ("view", "add", "change", "delete"),
        "activityevidence": ("view", "add", "change", "delete"),
        "source": ("view", "add", "change"),
        "initiator": ("view",),
        "sector": ("view",),
        "specialisation": ("view",),
    },
    "ecosystems": {"ecosystem": ("view",)},
    "members": {
        "memberorganisation": ("view", "add", "change"),
        "membership": ("view", "add", "change", "delete"),
    },
}

DIRECTORY_APPS = ("ecosystems", "clusters", "members")
# Administrators also read the admin log (who changed what, and when); nobody edits it. They manage
# office accounts, but not groups or permissions: who may manage accounts (or is a superuser) is a
# superuser's decision (backoffice.account_rights keeps them off superusers and administrators too).
DIRECTORY_EXTRA_PERMISSIONS = Q(content_type__app_label="admin", codename="view_logentry") | Q(
    content_type__app_label="auth",
    codename__in=["view_user", "add_user", "change_user", "delete_user", "view_group"],
)


def _office_permissions():
    condition = Q(pk__in=[])
    for app_label, models in OFFICE_STAFF_PERMISSIONS.items():
        for model, actions in models.items():
            condition |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return Permission.objects.filter(condition)


def ensure_roles():
    """Create or refresh both groups; safe to call again (permissions are set, not appended)."""
    admins, _ = Group.objects.get_or_create(name=DIRECTORY_ADMIN_GROUP)
    admins.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=DIRECTORY_APPS) | DIRECTORY_EXTRA_PERMISSIONS
        )
    )
    office, _ = Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    office.permissions.set(_office_permissions())
    return admins, office
