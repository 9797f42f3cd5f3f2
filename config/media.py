"""Uploaded files follow their content: who may fetch them, and they go when it goes.

Every file field of the apps is registered here (`register`) by the app that knows
its rule: which owners a visitor may see (a published campaign's flyer and image,
the contact cards public pages show; never a party's reaction letter) and which
further ones a staff member may (the staff preview, the back office). Files are
only served through `serve` at MEDIA_URL, which looks up the owner of the file and
applies that rule; the storage itself is never public (the local media folder is
not served by the proxy, an object-store bucket stays private). So a draft's flyer
answers 404 to a visitor, and at its publication moment it is public with the page,
without anything having to move a file at that moment (publication is scheduled by
the clock, and no job runs then). A name that no row refers to any more (a replaced
file, one whose delete failed, one left by a rolled-back upload) answers 404 too.
A rendition (config/renditions.py) is served under the rule of its source.

Replacing or clearing a file and deleting its owner delete the old file and its
renditions once the transaction commits (`transaction.on_commit`): a rollback keeps
the file its row still names. A file another row still names (a copy, an import)
is kept.
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.renditions import (
    MISSING_RETRY_SECONDS,
    rendition_remake,
    rendition_source,
    renditions_delete,
)

logger = logging.getLogger(__name__)

# A public file may be kept by browsers and shared caches for a few minutes: a replaced
# one gets a new name, so only a withdrawn one lingers that long in a cache.
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class FileRule:
    """Who may fetch the files of `model.field`.

    `public(now)` gives the owners whose file every visitor may fetch (None: no file of
    this field is public); `staff(request)` the owners a logged-in user may fetch besides
    (None, or an answer None: none).
    """

    model: Any
    field: str
    public: Any = None
    staff: Any = None

    @property
    def is_image(self):
        return isinstance(self.model._meta.get_field(self.field), models.ImageField)

    def names(self, owners, name):
        return owners.filter(**{self.field: name})


_rules: list[FileRule] = []


def register(model, field, *, public=None, staff=None):
    """Serve and follow the files of `model.field` under the rule given by `public` and
    `staff` (see FileRule). Called once per field from the owning app's `ready()`."""
    if any(rule.model is model and rule.field == field for rule in _rules):
        return
    _rules.append(FileRule(model, field, public, staff))
    uid = f"media:{model._meta.label}"
    post_init.connect(_remember_names, sender=model, dispatch_uid=uid)
    pre_save.connect(_look_up_deferred_names, sender=model, dispatch_uid=uid)
    post_save.connect(_discard_replaced, sender=model, dispatch_uid=uid)
    post_delete.connect(_discard_deleted, sender=model, dispatch_uid=uid)


def _fields_of(model):
    return [rule.field for rule in _rules if rule.model is model]


def _name(value):
    """The stored name of a file field's value (a FieldFile, the raw string, or None)."""
    name = getattr(value, "name", value)
    return name or ""


# --- files go with their content --------------------------------------------------------


def _remember_names(sender, instance, **kwargs):
    # Deferred fields are not read here (that would cost a query per row): their old
    # name is looked up when the row is saved.
    instance._media_names = {
        field: _name(instance.__dict__[field])
        for field in _fields_of(sender)
        if field in instance.__dict__
    }


def _look_up_deferred_names(sender, instance, raw, update_fields=None, **kwargs):
    remembered = getattr(instance, "_media_names", {})
    unknown = [
        field
        for field in _fields_of(sender)
        if field not in remembered and (update_fields is None or field in update_fields)
    ]
    if unknown and not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk).values(*unknown).first() or {}
        remembered.update({field: _name(stored.get(field)) for field in unknown})
    instance._media_names = remembered


def _discard_replaced(sender, instance, created, raw, update_fields=None, **kwargs):
    remembered = getattr(instance, "_media_names", {})
    for field in _fields_of(sender):
        if update_fields is not None and field not in update_fields:
            continue
        new = _name(getattr(instance, field))
        if not created and remembered.get(field, new) != new and remembered[field]:
            _discard_on_commit(remembered[field], using=instance._state.db)
        remembered[field] = new
    instance._media_names = remembered


def _discard_deleted(sender, instance, **kwargs):
    remembered = getattr(instance, "_media_names", {})
    for field in _fields_of(sender):
        value = instance.__dict__[field] if field in instance.__dict__ else remembered.get(field)
        if name := _name(value):
            _discard_on_commit(name, using=instance._state.db)


def _discard_on_commit(name, *, using):
    # robust: a storage that fails to delete is logged, and does not turn the committed
    # change into an error page (the file is unreachable anyway: no row names it).
    transaction.on_commit(lambda: discard(name), using=using, robust=True)


def is_referenced(name):
    """Whether any row of a registered field still names the file `name`."""
    return any(rule.names(rule.model._base_manager.all(), name).exists() for rule in _rules)


def discard(name):
    """Delete the file `name` and its renditions, unless a row still names it."""
    if is_referenced(name):
        return
    default_storage.delete(name)
    renditions_delete(name)
    logger.info("Deleted %s: no content refers to it any more", name)


# --- serving ------------------------------------------------------------------------------


def _fetchable_by(request, name, *, images_only):
    """ "public", "staff" or None: who may fetch the file `name` (or a rendition of it)."""
    rules = [rule for rule in _rules if rule.is_image or not images_only]
    now = timezone.now()
    if any(rule.names(rule.public(now), name).exists() for rule in rules if rule.public):
        return "public"
    if not request.user.is_authenticated:
        return None
    for rule in rules:
        owners = rule.staff(request) if rule.staff is not None else None
        if owners is not None and rule.names(owners, name).exists():
            return "staff"
    return None


def _digest(name):
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def is_clean_name(name):
    """Whether `name` is a plain relative path: no empty, `.` or `..` parts."""
    parts = name.split("/")
    return "\\" not in name and all(part not in ("", ".", "..") for part in parts)


def open_media(name):
    """The stored file `name`, opened; a rendition whose file went missing is made again
    from its source. Raises FileNotFoundError (also for a source that is gone)."""
    try:
        return default_storage.open(name, "rb")
    except FileNotFoundError:
        source = rendition_source(name)
        if source is None:
            raise
    if not rendition_remake(*source):
        raise FileNotFoundError(name)
    return default_storage.open(name, "rb")


@require_safe
def serve(request, name):
    """An uploaded file (or a rendition of one), for whoever may see its owner."""
    source = rendition_source(name)
    owner_name = source[0] if source else name
    fetchable = is_clean_name(name) and _fetchable_by(request, owner_name, images_only=bool(source))
    if not fetchable:
        raise Http404(_("Dit bestand bestaat niet."))
    try:
        stored = open_media(name)
    except FileNotFoundError as error:
        # Once per MISSING_RETRY_SECONDS; a rendition's source is logged by renditions.py.
        if source is None and cache.add(
            f"media-missing:{_digest(name)}", True, MISSING_RETRY_SECONDS
        ):
            logger.warning("Uploaded file %s is missing from the storage", name)
        raise Http404(_("Dit bestand bestaat niet.")) from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(stored, content_type=content_type)
    if fetchable == "public":
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response
