"""The back-office roles, as Django groups with their permissions.

- *redacteur*: all content of the three apps (campaigns, manifestos, regions),
  including every contact card.
- *regiomanager*: their own contact card (photo, phone, e-mail, bio), and the parties
  and their responses (lobby follow-through) of the municipalities and provinces of
  their own district; the contact admin and the party admin enforce those limits.
- *beheerder*: the accounts of redacteuren and regiomanagers (create them, deactivate
  them, link them to a contact card) and login lockouts (see and lift them); nothing of
  the content, no superusers, no other roles (campaigns/admin_accounts.py enforces
  which accounts and roles, `MANAGEABLE_ROLES`).

`roles_sync()` is idempotent and runs after every `migrate`, so the groups
always carry the permissions of the models that exist.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITOR = "redacteur"
REGIOMANAGER = "regiomanager"
ACCOUNT_MANAGER = "beheerder"
# The roles a beheerder gives and takes: never their own, never a superuser.
MANAGEABLE_ROLES = [EDITOR, REGIOMANAGER]
CONTENT_APPS = ["campaigns", "manifestos", "regions"]
# Held by editors and superusers: change any contact card, not only one's own.
MANAGE_ALL_CONTACTS = "regions.manage_all_contacts"
# Held by editors and superusers: record parties and responses of every region.
MANAGE_ALL_PARTIES = "manifestos.manage_all_parties"
REGIOMANAGER_PERMISSIONS = [
    "regions.view_contact",
    "regions.change_contact",
    *(
        f"manifestos.{action}_{model}"
        for model in ("party", "adoption")
        for action in ("view", "add", "change", "delete")
    ),
]

# No deleting accounts (deactivate them: their history stays theirs), no groups.
ACCOUNT_MANAGER_PERMISSIONS = [
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]


def _permissions(codes):
    permissions = []
    for code in codes:
        app_label, codename = code.split(".")
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return permissions


@transaction.atomic
def roles_sync():
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    regiomanager, _ = Group.objects.get_or_create(name=REGIOMANAGER)
    regiomanager.permissions.set(_permissions(REGIOMANAGER_PERMISSIONS))
    account_manager, _ = Group.objects.get_or_create(name=ACCOUNT_MANAGER)
    account_manager.permissions.set(_permissions(ACCOUNT_MANAGER_PERMISSIONS))
    return editor, regiomanager


def sync_roles_after_migrate(sender, **kwargs):
    """post_migrate receiver: permissions exist only after migrating, so groups follow then.

    It runs after each app's migrations; the groups are synced once every permission a
    role needs exists (the content apps' permissions are created one app at a time).
    """
    needed = {
        tuple(code.split(".")) for code in REGIOMANAGER_PERMISSIONS + ACCOUNT_MANAGER_PERMISSIONS
    }
    existing = set(
        Permission.objects.filter(
            content_type__app_label__in={app_label for app_label, _codename in needed}
        ).values_list("content_type__app_label", "codename")
    )
    if needed <= existing:
        roles_sync()
