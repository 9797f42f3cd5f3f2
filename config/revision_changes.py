"""What differs between two versions of an object with its children (config/revisions.py):
field by field as whole texts the way readers see them, marked word by word."""

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import concurrency
from .richtext import readable_text

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
