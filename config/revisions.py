"""Revisions: every admin save is a version (django-reversion) with who and when; the
history compares two versions as whole texts, side by side, reverts an object with its
children, and brings back a deleted one.

Each app registers its models here (`register`), naming the children that go with an
object (`follow`: an edition's themes, a theme's recommendations). A revision then holds
the object and its children as they were; `revision_revert` puts back exactly that tree:
children added since are deleted, changed ones get their old values, deleted ones come
back with their ids, atomically, and is itself saved as a new revision. Only the object's
own tree is reverted, never other objects that happen to share the revision (an import).

`RevisionAdminMixin` (for a ModelAdmin, config/revision_admin.py) records the revisions
and adds the pages: the history with its versions, the comparison of two
(config/revision_changes.py), the confirmation before reverting and the list of deleted
objects to bring back. Reverting is a save like any other: models send
their signals (the page cache, config/page_cache.py), and the version check of
config/concurrency.py refuses a revert over a change saved after the page was opened.

Before the revisions, the admin log kept old and new values of changed fields (cut at 300
characters) in its messages; those entries stay readable, read-only, on the history page
(`logged_values`).
"""

import json
from collections import deque
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Revision, Version

from config.ordering import move_aside

# {model: names of its reverse relations whose rows go with it into a revision}
_FOLLOW = {}
# {model: names of fields its versions leave out}
_EXCLUDE = {}


def register(model, follow=(), exclude=()):
    """Keep versions of `model`, with the rows of its reverse relations `follow`."""
    _FOLLOW[model] = tuple(follow)
    _EXCLUDE[model] = tuple(exclude)
    reversion.register(model, follow=follow, exclude=exclude)
    for signal in (pre_save, pre_delete):
        signal.connect(_keep_as_it_was, sender=model, dispatch_uid=f"revisions:{model}")


def _children_relations(model):
    """[(child model, name of its foreign key to `model`)] of the followed relations."""
    relations = []
    for name in _FOLLOW.get(model, ()):
        relation = model._meta.get_field(name)
        relations.append((relation.related_model, relation.field.attname))
    return relations


# The user of the revision being recorded (`revision_by`), for the versions kept of what
# they delete.
_acting_user = ContextVar("revision_user", default=None)


@contextmanager
def revision_by(user, comment=""):
    """Saves within are one revision by `user`; what they delete keeps a last version."""
    token = _acting_user.set(user)
    try:
        with reversion.create_revision():
            reversion.set_user(user)
            if comment:
                reversion.set_comment(comment)
            yield
    finally:
        _acting_user.reset(token)


def _fields(model):
    """The fields reversion keeps of `model` (as `reversion.register` chooses them)."""
    opts = model._meta.concrete_model._meta
    exclude = _EXCLUDE.get(model, ())
    return [
        field.name
        for field in opts.local_fields + opts.local_many_to_many
        if field.name not in exclude
    ]


def _keep_as_it_was(sender, instance, raw=False, **kwargs):
    """Before an object is changed or deleted within a revision (the admin, an import), it
    gets a version as it is in the database, with its children, in a revision of its own,
    when its last version is not that (it was made or changed elsewhere: a copy, the demo
    content, before the revisions): so every change can be undone and everything deleted
    recovered. The revision being recorded keeps only what exists at its end."""
    if raw or not reversion.is_active() or _acting_user.get() is None or instance.pk is None:
        return
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    data = serializers.serialize("json", (stored,), fields=_fields(type(stored)))
    last = Version.objects.get_for_object(stored).first()
    if last is not None and last.serialized_data == data:
        return
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=_acting_user.get(),
        comment=_("Stand van vóór de volgende wijziging."),
    )
    for node in current_tree(stored):
        Version.objects.create(
            revision=revision,
            content_type=ContentType.objects.get_for_model(node.model),
            object_id=str(node.pk),
            db="default",
            format="json",
            serialized_data=serializers.serialize("json", (node.obj,), fields=_fields(node.model)),
            object_repr=str(node.obj),
        )


# --- a tree: the object and its followed children, now or in a revision ---------------


@dataclass
class Node:
    """One row of a tree: its model, id and (unsaved) object."""

    model: type
    pk: object
    obj: object

    @property
    def key(self):
        return (self.model._meta.label, str(self.pk))


def current_tree(obj):
    """The object and its followed children, from the database, parents first; a query
    per level and relation, not per row."""
    nodes, level = [Node(type(obj), obj.pk, obj)], [obj]
    while level:
        children = []
        for model in {type(item) for item in level}:
            pks = [item.pk for item in level if type(item) is model]
            for child_model, fk in _children_relations(model):
                rows = child_model._default_manager.filter(**{f"{fk}__in": pks})
                children.extend(rows.order_by(fk, "pk"))
        nodes.extend(Node(type(child), child.pk, child) for child in children)
        level = children
    return nodes


def version_tree(version):
    """The object of `version` and its followed children as they were in its revision,
    parents first. Raises RevertError when a version can no longer be read."""
    by_model = {}
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model is not None:
            by_model.setdefault(model, []).append(other)
    nodes, queue = [], deque([version])
    while queue:
        item = queue.popleft()
        model = item._model
        nodes.append(Node(model, item._object_version.object.pk, item._object_version.object))
        for child_model, fk in _children_relations(model):
            children = [
                child
                for child in by_model.get(child_model, [])
                if str(child.field_dict.get(fk)) == str(item.object_id)
            ]
            queue.extend(sorted(children, key=lambda child: int(child.object_id)))
    return nodes


# --- reverting and recovering ---------------------------------------------------------


def unreadable_message(_error):
    return _(
        "Een versie kan niet meer worden gelezen (zij is van een oudere opbouw van de site): "
        "vergelijken of terugzetten kan met deze versie niet. Er is niets veranderd."
    )


class RevertRefused(Exception):
    """A revert that could not be done, with a Dutch message; nothing was changed."""


def _free_positions(nodes):
    """Move the rows that get their old values back out of their siblings' positions, so
    putting back an old order never meets a half-changed one."""
    by_model = {}
    for node in nodes:
        if any(field.name == "position" for field in node.model._meta.concrete_fields):
            by_model.setdefault(node.model, []).append(node.pk)
    for model, pks in by_model.items():
        move_aside(model._default_manager.filter(pk__in=pks))


def _free_position_for(obj):
    """A recovered row whose position a sibling took since goes after its siblings."""
    for constraint in obj._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if "position" not in fields:
            continue
        siblings = (
            type(obj)
            ._default_manager.filter(
                **{name: getattr(obj, name) for name in fields if name != "position"}
            )
            .exclude(pk=obj.pk)
        )
        if siblings.filter(position=obj.position).exists():
            obj.position = max(siblings.values_list("position", flat=True)) + 1


def revision_revert(version, user, comment, *, recover=False):
    """Put the object of `version` and its children back as they were in its revision, as
    one new revision by `user`; all or nothing. Returns the object. Raises RevertRefused."""
    try:
        with transaction.atomic(), revision_by(user, comment):
            old_nodes = version_tree(version)
            root = old_nodes[0]
            existing = root.model._default_manager.filter(pk=root.pk).first()
            now_nodes = current_tree(existing) if existing is not None else []
            keep = {node.key for node in old_nodes}
            # Children added since are removed, the deepest first.
            for node in reversed(now_nodes[1:]):
                if node.key not in keep:
                    node.model._default_manager.filter(pk=node.pk).delete()
            _free_positions([node for node in now_nodes[1:] if node.key in keep])
            if recover:
                _free_position_for(root.obj)
            existing_keys = {node.key for node in now_nodes}
            for node in old_nodes:
                # A row that exists is saved as a change (models that count changes, like
                # an agenda event's sequence, count this one too).
                node.obj._state.adding = node.key not in existing_keys
                node.obj.save()
            # Foreign keys are checked at the commit; here, so a version that names what
            # no longer exists is refused with the rest.
            connection.check_constraints()
            return root.model._default_manager.get(pk=root.pk)
    except RevertError as error:
        raise RevertRefused(unreadable_message(error)) from error
    except (IntegrityError, ObjectDoesNotExist, ValidationError) as error:
        raise RevertRefused(
            _(
                "Terugzetten kan niet: deze versie past niet meer bij de rest van de site (een "
                "onderdeel waar zij naar verwijst is verwijderd, of iets dat sindsdien is "
                "toegevoegd heeft al verwijzingen, zoals een partij die een aanbeveling "
                "overnam). Er is niets veranderd."
            )
        ) from error
    except DatabaseError as error:
        raise RevertRefused(
            _("Terugzetten is niet gelukt door een fout in de database. Er is niets veranderd.")
        ) from error


def version_moment(version):
    """ "7 december 2026 14:05, door anna" for a version (who, when)."""
    revision = version.revision
    moment = date_format(localtime(revision.date_created), "j F Y H:i")
    if revision.user is None:
        return moment
    return _("%(moment)s, door %(user)s") % {
        "moment": moment,
        "user": revision.user.get_full_name() or revision.user.get_username(),
    }


# --- the admin log of before the revisions, read-only ---------------------------------


def logged_values(change_message):
    """The old and new values an admin log message recorded before the revisions (a part
    {"values": [{field, old, new}]}), or []."""
    if not change_message or not change_message.startswith("["):
        return []
    try:
        parts = json.loads(change_message)
    except json.JSONDecodeError:
        return []
    return [change for part in parts if isinstance(part, dict) for change in part.get("values", [])]
