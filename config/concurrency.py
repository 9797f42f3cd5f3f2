"""No silent overwrite: a version check on every admin change form that has one.

`ConcurrentEditMixin` (for a ModelAdmin) puts the object as it was when the form was
opened, with the rows of its inlines, into the form (a signed hidden field). Saving
compares that with the database: when someone else saved in between, the save is
refused with a Dutch message that names who and what they changed, and the form is
shown again with the editor's own text in it. The hidden field then holds the newer
state, so saving again (after taking their change over) goes through. Nothing is
locked, so nothing can be left locked behind.

The browser side (admin/js/unsaved.js) asks before leaving a changed form and keeps
what was typed in the browser until a save succeeds, so text typed into an expired
session comes back after logging in again.
"""

import datetime

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .richtext import plain_text

STATE_FIELD = "_loaded_state"
# The readable name of a row in a state (the key holds the model and the id).
LABEL = "__label"
_SALT = "config.concurrency"
# So many changed fields are named; the rest are counted.
MAX_NAMED_CHANGES = 8
# A value named in the message is cut at so many characters.
MAX_VALUE_LENGTH = 300
EMPTY = "—"


def value_text(value, field=None, limit=None):
    """A value as an editor reads it: empty a dash, dates Dutch, yes/no, files by name;
    of a formatted text (`field`, a model or form field, has a `formatting`) the text a
    reader sees; cut at `limit` characters when given."""
    if getattr(field, "formatting", None) is not None and isinstance(value, str):
        value = plain_text(value)
    if value in (None, "", [], ()):
        return EMPTY
    if isinstance(value, File):
        return value.name or EMPTY
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple | set | QuerySet):
        return ", ".join(str(item) for item in value) or EMPTY
    text = str(value)
    return text if limit is None or len(text) <= limit else f"{text[: limit - 1]}…"


def _field_values(obj):
    """{label: whole value as text} of the object's concrete, editable fields. Whole: two
    texts that differ only after the message's 300 characters still differ."""
    return {
        capfirst(str(field.verbose_name)): _as_text(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.editable
    }


def _as_text(value):
    """Texts whole; dates, files, yes/no readable."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value_text(value)


def object_state(model_admin, obj):
    """The object and the rows of its admin inlines as readable values: what an editor
    sees in the change form, so a difference is something they would notice."""
    state = {"": {LABEL: "", **_field_values(obj)}}
    for inline in model_admin.inlines:
        fk_name = inline.fk_name or next(
            field.name
            for field in inline.model._meta.concrete_fields
            if field.is_relation and field.related_model is type(obj)
        )
        rows = inline.model._default_manager.filter(**{fk_name: obj}).order_by("pk")
        for row in rows:
            label = f"{inline.model._meta.verbose_name} ‘{row}’"
            state[f"{inline.model._meta.label}|{row.pk}"] = {LABEL: label, **_field_values(row)}
    return state


def state_token(state):
    """The state, and when it was read, signed: for the hidden field."""
    return signing.dumps(
        {"opened": timezone.now().isoformat(), "state": state}, salt=_SALT, compress=True
    )


def _token_contents(token):
    """(opened at, state), or (None, None) for a missing or tampered token: then there is
    nothing to compare with, and the save goes through as without this check."""
    try:
        contents = signing.loads(token, salt=_SALT)
        return datetime.datetime.fromisoformat(contents["opened"]), contents["state"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None


def state_changes(before, after):
    """Readable lines: what differs between two states of `object_state`."""
    lines = []
    for key in sorted(set(before) | set(after), key=lambda key: (key != "", key)):
        row = (after.get(key) or before[key])[LABEL]
        if key not in before:
            lines.append(_("%(row)s toegevoegd") % {"row": row})
            continue
        if key not in after:
            lines.append(_("%(row)s verwijderd") % {"row": row})
            continue
        for label, old in before[key].items():
            new = after[key].get(label, "")
            if label != LABEL and old != new:
                name = f"{row}: {label}" if row else label
                lines.append(
                    _("%(field)s: ‘%(old)s’ werd ‘%(new)s’")
                    % {
                        "field": name,
                        "old": value_text(old, limit=MAX_VALUE_LENGTH),
                        "new": value_text(new, limit=MAX_VALUE_LENGTH),
                    }
                )
    return lines


def _last_saved_by(obj, opened):
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            action_time__gte=opened,
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is None:
        return _("Iemand anders heeft dit intussen opgeslagen.")
    return _("%(user)s heeft dit om %(time)s opgeslagen, nadat u het opende.") % {
        "user": entry.user.get_full_name() or entry.user.get_username(),
        "time": date_format(localtime(entry.action_time), "j F Y H:i"),
    }


def conflict_message(obj, opened, changes):
    named = changes[:MAX_NAMED_CHANGES]
    more = len(changes) - len(named)
    parts = [_last_saved_by(obj, opened), _("Wat er veranderde:"), "; ".join(named) + "."]
    if more:
        parts.append(_("En nog %(count)d andere.") % {"count": more})
    parts.append(
        _(
            "Uw eigen tekst staat nog in het formulier en is niet opgeslagen. Neem hun "
            "wijziging over waar nodig en sla dan opnieuw op."
        )
    )
    return " ".join(parts)


def stale_message(obj, token, current):
    """The Dutch message when the object's `current` state (`object_state`) is not the one
    in `token` (someone saved since it was read), else None."""
    opened, loaded = _token_contents(token)
    if loaded is None or loaded == current:
        return None
    return conflict_message(obj, opened, state_changes(loaded, current))


class _StateField(forms.CharField):
    """The hidden field: never a change of the object (the log and its revision name only
    the fields an editor changed)."""

    def has_changed(self, initial, data):
        return False


def _version_checked_form(base_form, model_admin, obj):
    """`base_form` with the hidden state field and the check in its clean()."""

    class VersionCheckedForm(base_form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial[STATE_FIELD] = state_token(object_state(model_admin, obj))

        def clean(self):
            cleaned_data = super().clean()
            # The instance still holds the database's values here: the form's values are
            # put into it after clean().
            current = object_state(model_admin, self.instance)
            token = self.data.get(self.add_prefix(STATE_FIELD), "")
            if (message := stale_message(self.instance, token, current)) is not None:
                # Shown again with the newer state: saving again is a deliberate choice.
                self.data = self.data.copy()
                self.data[self.add_prefix(STATE_FIELD)] = state_token(current)
                raise ValidationError(message, code="stale")
            return cleaned_data

    VersionCheckedForm.base_fields[STATE_FIELD] = _StateField(
        widget=forms.HiddenInput, required=False
    )
    VersionCheckedForm.declared_fields[STATE_FIELD] = VersionCheckedForm.base_fields[STATE_FIELD]
    return VersionCheckedForm


class ConcurrentEditMixin:
    """For a ModelAdmin: refuse saving over a change someone else saved since the form
    was opened (see the module's docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and self.has_change_permission(request, obj):
            kwargs["form"] = _version_checked_form(kwargs.get("form", self.form), self, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """The hidden field goes with the first fieldset (the admin renders only the
        fields of its fieldsets; a hidden one takes no room)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        if any(STATE_FIELD in options["fields"] for _n, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], STATE_FIELD]}), *rest]

    @property
    def media(self):
        return super().media + forms.Media(js=[forms.Script("admin/js/unsaved.js", defer=True)])
