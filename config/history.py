"""Who changed what and when: the admin history with the old and new value of each field.

Django's admin already records who changed which fields of an object, and when
(LogEntry). `ValueHistoryMixin` adds the values before and after the change to
that record, and shows them on the object's history page, so an editor can see
what a regiomanager changed on their card, or what happened to a text.
"""

import datetime
import json

from django.core.files import File
from django.db.models import QuerySet
from django.utils.formats import date_format

from .richtext import plain_text

MAX_VALUE_LENGTH = 300
EMPTY = "—"


def history_value(value, field=None):
    """A short, readable text for a form value, as kept in the history; the text a reader
    sees of a formatted text (`field`, a model or form field, has a `formatting`)."""
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
    return text if len(text) <= MAX_VALUE_LENGTH else f"{text[: MAX_VALUE_LENGTH - 1]}…"


def value_changes(change_message):
    """The recorded value changes of a LogEntry's message: [{field, old, new}, …]."""
    if not change_message or not change_message.startswith("["):
        return []
    try:
        parts = json.loads(change_message)
    except json.JSONDecodeError:
        return []
    return [change for part in parts if isinstance(part, dict) for change in part.get("values", [])]


class ValueHistoryMixin:
    """For a ModelAdmin: record old and new values of changed fields in the history."""

    object_history_template = "admin/object_history_values.html"

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if add:
            return message
        values = form_value_changes(form)
        for formset in formsets or []:
            deleted = set(formset.deleted_forms)
            for inline_form in formset.initial_forms:
                if inline_form not in deleted and inline_form.has_changed():
                    values += form_value_changes(inline_form, prefix=f"{inline_form.instance}: ")
        if not values:
            return message
        return [*message, {"values": values}]


def form_value_changes(form, prefix=""):
    """[{field, old, new}] of the changed fields of a bound, valid form."""
    return [
        {
            "field": f"{prefix}{form.fields[name].label or name}",
            "old": history_value(form.initial.get(name), form.fields[name]),
            "new": history_value(form.cleaned_data.get(name), form.fields[name]),
        }
        for name in form.changed_data
        if name in form.fields
    ]
