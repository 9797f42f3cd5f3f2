"""How one value is written in the document and read back.

A field's value is converted by the field's type (dates as ISO 8601, decimals as
text, files by their name in the media storage); an edition's or party's scope is
named by a natural key (`{"province": "PV27"}`, or null for national).
"""

import datetime
import json
import uuid
from decimal import Decimal, InvalidOperation

from django.db import models

from .format import FIELDS


def value_dump(model_field, value):
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    if isinstance(model_field, models.TimeField):
        return value.isoformat()
    if isinstance(model_field, models.UUIDField):
        return str(value)
    if isinstance(model_field, models.DecimalField):
        return f"{value:.{model_field.decimal_places}f}"
    return value


def values_dump(obj):
    """The FIELDS of `obj`, each written as the document writes its type."""
    model = type(obj)
    return {
        name: value_dump(model._meta.get_field(name), getattr(obj, name)) for name in FIELDS[model]
    }


def value_load(model_field, value, path, errors):
    """`value` read for `model_field`, or None after adding what is wrong to `errors`."""

    def wrong(expected):
        errors.append(f"{path}: verwacht {expected}, gevonden {value!r}.")

    if value is None:
        if model_field.null:
            return None
        wrong("een waarde (niet null)")
        return None
    if isinstance(model_field, models.BooleanField):
        if not isinstance(value, bool):
            return wrong("true of false")
        return value
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            return wrong("een geheel getal")
        return value
    if not isinstance(value, str):
        return wrong("tekst")
    parse = expected = None
    for field_class, (field_parse, field_expected) in _TEXT_PARSERS.items():
        if isinstance(model_field, field_class):
            parse, expected = field_parse, field_expected
            break
    if parse is None:
        return value
    try:
        return parse(value)
    except (ValueError, InvalidOperation):
        return wrong(expected)


def _aware_datetime(value):
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


# Fields stored as text in the document, in subclass-first order (a DateTimeField is a
# DateField): how to read them, and what to say when that fails.
_TEXT_PARSERS = {
    models.DateTimeField: (_aware_datetime, "een tijdstip met tijdzone (ISO 8601)"),
    models.DateField: (datetime.date.fromisoformat, "een datum (JJJJ-MM-DD)"),
    models.TimeField: (datetime.time.fromisoformat, "een tijd (UU:MM:SS)"),
    models.UUIDField: (uuid.UUID, "een UUID"),
    models.DecimalField: (Decimal, "een getal als tekst"),
}


def scope_key(obj):
    """The scope of an edition or party: None (national), {"province": …} or {"municipality": …}."""
    if obj.municipality_id:
        return {"municipality": obj.municipality.cbs_code}
    if obj.province_id:
        return {"province": obj.province.cbs_code}
    return None


def scope_order(scope):
    """National first, then provinces, then municipalities, each by code."""
    if scope is None:
        return (0, "")
    kind, code = next(iter(scope.items()))
    return (1 if kind == "province" else 2, code)


def sorted_by_content(items):
    """Items in a stable order that depends only on their content."""
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
