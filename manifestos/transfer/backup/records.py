"""Accounts and the change history in a backup: Django's own serialisation, per model list.

Unlike the content, accounts and history have no format of their own to keep: they
are written with Django's serializers, ids kept and relations to groups, permissions,
content types and users named by their natural keys, so they fit a database whose
permissions and content types were numbered by another `migrate`. Adding a model is
adding it to a list.

What a backup leaves out is listed too, with why; tests/manifestos/test_backup.py
checks that every model of the site is in one list or the other.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from reversion.models import Revision, Version

from regions.models import Contact

from .archive import BackupError

# Groups before users: a user names their groups. Password hashes, active, staff and
# superuser flags, groups and permissions of their own are all fields of the user.
ACCOUNT_MODELS = [Group, get_user_model()]
# The admin's log (with the old and new values it kept before the revisions), and the
# revisions (config/revisions.py): each revision before its versions.
HISTORY_MODELS = [LogEntry, Revision, Version]
# Model labels a backup leaves out, and why.
LEFT_OUT = {
    Permission._meta.label: "made by migrate for every model",
    ContentType._meta.label: "made by migrate for every model",
    Session._meta.label: "logins do not survive a restore: everyone logs in again",
    "axes.AccessAttempt": "failed logins and lockouts belong to the server, not the site",
    "axes.AccessAttemptExpiration": "failed logins and lockouts belong to the server",
    "axes.AccessFailureLog": "failed logins and lockouts belong to the server",
    "axes.AccessLog": "failed logins and lockouts belong to the server",
}


def records_dump(models):
    """The objects of `models`, in this order, as Django's JSON serialisation (text)."""
    objects = [obj for model in models for obj in model._default_manager.order_by("pk")]
    return serializers.serialize("json", objects, use_natural_foreign_keys=True)


def records_load(text, member):
    """Write the objects of `records_dump`'s text, ids included; errors name the member."""
    try:
        for deserialized in serializers.deserialize("json", text):
            deserialized.save()
    except (DeserializationError, DatabaseError) as exc:
        raise BackupError(f"{member} kan niet worden teruggezet: {exc}") from exc


def history_floors(models):
    """{model: the highest id the history of `models` names} for the models it names by
    number (LogEntry: a content type and an object id, as django-reversion's versions)."""
    floors = {}
    for model in models:
        if not {"content_type", "object_id"} <= {field.name for field in model._meta.fields}:
            continue
        names = model._default_manager.values_list("content_type", "object_id").distinct()
        for content_type_id, object_id in names:
            named = ContentType.objects.get_for_id(content_type_id).model_class()
            if named is not None and str(object_id).isdigit():
                floors[named] = max(floors.get(named, 0), int(object_id))
    return floors


def records_delete(models):
    """Remove every object of `models`, the last first (users before their groups)."""
    for model in reversed(models):
        model._default_manager.all().delete()


def contact_accounts_export():
    """{contact slug: username} of every contact card linked to an account."""
    return dict(
        Contact.objects.filter(user__isnull=False)
        .order_by("slug")
        .values_list("slug", f"user__{get_user_model().USERNAME_FIELD}")
    )


def contact_accounts_load(links, member):
    """Link each contact card to its account again; every link that cannot be made is
    an error (the accounts and contacts of one backup belong together)."""
    user_model = get_user_model()
    users = dict(
        user_model.objects.filter(
            **{f"{user_model.USERNAME_FIELD}__in": list(links.values())}
        ).values_list(user_model.USERNAME_FIELD, "pk")
    )
    contacts = dict(Contact.objects.filter(slug__in=list(links)).values_list("slug", "pk"))
    errors = [
        f"{member}: contactpersoon {slug!r} of account {username!r} ontbreekt."
        for slug, username in links.items()
        if slug not in contacts or username not in users
    ]
    if errors:
        raise BackupError(errors)
    Contact.objects.update(user=None)
    for slug, username in links.items():
        Contact.objects.filter(pk=contacts[slug]).update(user=users[username])
