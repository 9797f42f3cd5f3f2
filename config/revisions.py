"""Revisions: every admin save is a version (django-reversion) with who and when; the
history compares two versions as whole texts, side by side, reverts an object with its
children, and brings back a deleted one.

Each app registers its models here (`register`), naming the children that go with an
object (`follow`: an edition's themes, a theme's recommendations). A revision then holds
the object and its children as they were; `revision_revert` puts back exactly that tree:
children added since are deleted, changed ones get their old values, deleted ones come
back with their ids, atomically, and is itself saved as a new revision. Only the object's
own tree is reverted, never other objects that happen to share the revision (an import).

`RevisionAdminMixin` (for a ModelAdmin) records the revisions and adds the pages: the
history with its versions, the comparison, the confirmation before reverting and the
list of deleted objects to bring back. Reverting is a save like any other: models send
their signals (the page cache, config/page_cache.py), and the version check of
config/concurrency.py refuses a revert over a change saved after the page was opened.

Before the revisions, the admin log kept old and new values of changed fields (cut at 300
characters) in its messages; those entries stay readable, read-only, on the history page
(`logged_values`).
"""

import difflib
import json
import re
from collections import deque
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import pre_delete, pre_save
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Revision, Version

from . import concurrency
from .richtext import readable_text

# {model: names of its reverse relations whose rows go with it into a revision}
_FOLLOW = {}
# {model: names of fields its versions leave out}
_EXCLUDE = {}
# Children keep their order in a `position` field, unique among their siblings: while a tree
# is put back, the rows that stay are moved out of the way by this much first.
_POSITION_OFFSET = 1_000_000


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


# --- comparing two trees ----------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    only_formatting: bool = False

    def side_by_side(self):
        """(old, new) as HTML: the old text with what went marked <del>, the new with what
        came marked <ins>; word by word, whole texts."""
        return text_diff(self.old, self.new)


@dataclass
class RowChange:
    label: str
    status: str  # "changed", "added" or "removed"
    fields: list


def _row_label(node):
    try:
        name = str(node.obj)
    except ObjectDoesNotExist:
        name = ""
    return (
        f"{capfirst(node.model._meta.verbose_name)} ‘{name}’"
        if name
        else capfirst(node.model._meta.verbose_name)
    )


def _row_fields(node):
    """{label: (field, value, stored value as text)} of the row's editable fields; read
    from the row, no query."""
    fields = {}
    for field in node.obj._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = field.value_from_object(node.obj)
        label = capfirst(str(field.verbose_name))
        fields[label] = (field, value, "" if value is None else str(value))
    return fields


def _shown(field, value):
    """The value as an editor reads it: a formatted text as its readers see it, a choice
    by its name, a related object by its name (a query: only for what is shown)."""
    if getattr(field, "formatting", None) is not None and isinstance(value, str):
        return readable_text(value)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and value is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return _("(verwijderd, nr. %(id)s)") % {"id": value}
        return str(related)
    return concurrency.value_text(value)


def _filled(node):
    """[(label, text)] of the row's fields that hold something."""
    return [
        (label, _shown(field, value))
        for label, (field, value, stored) in _row_fields(node).items()
        if stored
    ]


def tree_changes(before, after):
    """[RowChange] from tree `before` to tree `after`: the root first, then the children
    in their order; only rows and fields that differ. Queries only for what is shown, so
    comparing costs with the changes, not with the size of the tree."""
    old = {node.key: node for node in before}
    new = {node.key: node for node in after}
    order = [node.key for node in after] + [node.key for node in before if node.key not in new]
    changes = []
    for key in order:
        if key not in old:
            fields = [FieldChange(label, "", shown) for label, shown in _filled(new[key])]
            changes.append(RowChange(_row_label(new[key]), "added", fields))
        elif key not in new:
            fields = [FieldChange(label, shown, "") for label, shown in _filled(old[key])]
            changes.append(RowChange(_row_label(old[key]), "removed", fields))
        else:
            before_fields, after_fields = _row_fields(old[key]), _row_fields(new[key])
            fields = []
            for label, (field, value, stored) in before_fields.items():
                if label not in after_fields or after_fields[label][2] == stored:
                    continue
                old_text, new_text = _shown(field, value), _shown(field, after_fields[label][1])
                fields.append(FieldChange(label, old_text, new_text, old_text == new_text))
            if fields:
                changes.append(RowChange(_row_label(new[key]), "changed", fields))
    return changes


_WORDS = re.compile(r"\s+|[^\s]+")


def text_diff(old, new):
    """(old, new) as safe HTML with the words that differ marked: <del> in the old text,
    <ins> in the new; line breaks kept (the template shows them)."""
    old_words, new_words = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if tag == "equal":
            old_parts.append(("{}", before))
            new_parts.append(("{}", after))
            continue
        if before:
            old_parts.append(("<del>{}</del>", before))
        if after:
            new_parts.append(("<ins>{}</ins>", after))
    return _joined(old_parts), _joined(new_parts)


def _joined(parts):
    return format_html_join("", "{}", ((format_html(template, text),) for template, text in parts))


# --- reverting and recovering ---------------------------------------------------------


def _unreadable(_error):
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
        model._default_manager.filter(pk__in=pks).update(position=F("position") + _POSITION_OFFSET)


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
        raise RevertRefused(_unreadable(error)) from error
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


# --- the admin ------------------------------------------------------------------------


class RevisionAdminMixin:
    """For a ModelAdmin of a registered model: each save a revision with who and when,
    and the pages to compare, revert and recover (see the module's docstring)."""

    object_history_template = "admin/revisions/object_history.html"

    # Every save through the admin is a revision by its user; the log's message (which
    # fields changed) is its comment.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with revision_by(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if self.has_recover_permission(request):
            extra_context = {**(extra_context or {}), "recover_url": self._recover_list_url()}
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with revision_by(request.user):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with revision_by(request.user):
            return super().delete_view(request, object_id, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/vergelijk/",
                view(self.revision_compare_view),
                name=f"{prefix}_revision_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/terugzetten/",
                view(self.revision_revert_view),
                name=f"{prefix}_revision_revert",
            ),
            path("verwijderd/", view(self.recover_list_view), name=f"{prefix}_recover_list"),
            path(
                "verwijderd/<int:version_id>/",
                view(self.recover_view),
                name=f"{prefix}_recover",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def _recover_list_url(self):
        return self._url("recover_list")

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404(_("Dit onderdeel bestaat niet (meer)."))
        return obj

    def _version_or_404(self, obj, version_id):
        version = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .filter(pk=version_id)
            .first()
        )
        if version is None:
            raise Http404(_("Deze versie bestaat niet."))
        return version

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "object": obj,
            "title": title,
            "history_url": self._url("history", obj.pk) if obj is not None else None,
            **extra,
        }

    def _changes_page(self, request, obj, template, title, trees, back_url, **extra):
        """`template` with what differs between the two trees `trees()` gives; back to
        `back_url` with a message when a version can no longer be read."""
        try:
            changes = tree_changes(*trees())
        except RevertError as error:
            messages.error(request, _unreadable(error))
            return HttpResponseRedirect(back_url)
        context = self._context(request, obj, title, changes=changes, **extra)
        return TemplateResponse(request, template, context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = []
        if obj is not None and self.has_view_or_change_permission(request, obj):
            listed = Version.objects.get_for_object(obj).select_related("revision__user")
            may_revert = self.has_change_permission(request, obj)
            versions = [
                {
                    "version": version,
                    "moment": version_moment(version),
                    "comment": version.revision.get_comment(),
                    "revert_url": self._url("revision_revert", obj.pk, version.pk)
                    if may_revert and number
                    else None,
                }
                for number, version in enumerate(listed)
            ]
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": self._url("revision_compare", obj.pk) if obj is not None else None,
        }
        return super().history_view(request, object_id, extra_context)

    def revision_compare_view(self, request, object_id):
        """Two versions side by side: ?van=<version>&naar=<version>."""
        obj = self._object_or_404(request, object_id)
        try:
            old_id, new_id = int(request.GET.get("van", "")), int(request.GET.get("naar", ""))
        except ValueError:
            messages.error(request, _("Kies twee versies om te vergelijken."))
            return HttpResponseRedirect(self._url("history", obj.pk))
        old, new = self._version_or_404(obj, old_id), self._version_or_404(obj, new_id)
        # The earlier on the left (by id: a version kept just before a change was made
        # after its revision began).
        if old.pk > new.pk:
            old, new = new, old
        return self._changes_page(
            request,
            obj,
            "admin/revisions/compare.html",
            _("Versies vergelijken"),
            lambda: (version_tree(old), version_tree(new)),
            self._url("history", obj.pk),
            old_moment=version_moment(old),
            new_moment=version_moment(new),
        )

    def revision_revert_view(self, request, object_id, version_id):
        """Ask, with what will change; then revert, unless someone saved since."""
        obj = self._object_or_404(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = self._version_or_404(obj, version_id)
        current = concurrency.object_state(self, obj)
        conflict = None
        if request.method == "POST":
            conflict = concurrency.stale_message(
                obj, request.POST.get(concurrency.STATE_FIELD, ""), current
            )
            if conflict is None:
                comment = _("Teruggezet naar de versie van %(moment)s.") % {
                    "moment": version_moment(version)
                }
                if self._reverted(request, version, comment, self.log_change):
                    return HttpResponseRedirect(self._url("history", obj.pk))
        return self._changes_page(
            request,
            obj,
            "admin/revisions/revert.html",
            _("Terugzetten naar deze versie"),
            lambda: (current_tree(obj), version_tree(version)),
            self._url("history", obj.pk),
            moment=version_moment(version),
            conflict=conflict,
            state_field=concurrency.STATE_FIELD,
            state_token=concurrency.state_token(current),
        )

    def _reverted(self, request, version, comment, log, *, recover=False):
        """Revert (or recover) to `version`, logged and said; the object, or None when
        it was refused (said too)."""
        try:
            obj = revision_revert(version, request.user, comment, recover=recover)
        except RevertRefused as refused:
            messages.error(request, str(refused))
            return None
        log(request, obj, comment)
        messages.success(request, comment)
        return obj

    def _deleted_versions(self):
        """The last version of each deleted object of this model, newest first."""
        return Version.objects.get_deleted(self.model).select_related("revision__user")

    def has_recover_permission(self, request):
        """Bringing back what was deleted is adding it again. A ModelAdmin that limits
        what a user sees of the model limits this too (the deleted list shows all)."""
        return self.has_add_permission(request)

    def recover_list_view(self, request):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        deleted = [
            {
                "version": version,
                "moment": version_moment(version),
                "url": self._url("recover", version.pk),
            }
            for version in self._deleted_versions()
        ]
        context = self._context(
            request,
            None,
            _("Verwijderde %(name)s terughalen") % {"name": self.opts.verbose_name_plural},
            deleted=deleted,
            changelist_url=self._url("changelist"),
        )
        return TemplateResponse(request, "admin/revisions/recover_list.html", context)

    def recover_view(self, request, version_id):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = self._deleted_versions().filter(pk=version_id).first()
        if version is None:
            raise Http404(_("Dit onderdeel is niet verwijderd, of bestaat niet."))
        if request.method == "POST":
            comment = _("Teruggehaald; verwijderd na de versie van %(moment)s.") % {
                "moment": version_moment(version)
            }
            recovered = self._reverted(request, version, comment, self.log_addition, recover=True)
            if recovered is not None:
                return HttpResponseRedirect(self._url("change", recovered.pk))
        return self._changes_page(
            request,
            None,
            "admin/revisions/recover.html",
            _("Terughalen: %(name)s") % {"name": version.object_repr},
            lambda: ([], version_tree(version)),
            self._recover_list_url(),
            moment=version_moment(version),
            recover_list_url=self._recover_list_url(),
        )
