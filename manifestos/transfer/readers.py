"""The building blocks of reading a document: one reader per kind of value.

Each reader takes (value, path, errors) and returns the value converted, or None
after adding what is wrong to `errors`; so one pass over the document finds every
problem, each named by its place (`campaigns[gr2026].editions[PV27].themes[2]`).
The document's shape is put together from these in document.py.
"""

from .format import FIELDS
from .values import value_load


def text(nullable=False):
    def read(value, path, errors):
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value:
            errors.append(f"{path}: verwacht tekst, gevonden {value!r}.")
            return None
        return value

    return read


def list_of(read_item, key=None):
    """A list; `key(item)` names an item in paths (its slug or code), else its index."""

    def read(value, path, errors):
        if not isinstance(value, list):
            errors.append(f"{path}: verwacht een lijst.")
            return []
        items = []
        for index, item in enumerate(value):
            name = key(item) if key and isinstance(item, dict) else None
            items.append(read_item(item, f"{path}[{name or index}]", errors))
        return items

    return read


def one_of(kinds, nullable=False):
    """{kind: key} for exactly one of `kinds`: {"province": "PV27"}."""

    def read(value, path, errors):
        if value is None and nullable:
            return None
        if (
            not isinstance(value, dict)
            or len(value) != 1
            or next(iter(value)) not in kinds
            or not isinstance(next(iter(value.values())), str)
        ):
            errors.append(
                f"{path}: verwacht één van {', '.join(kinds)} met een code, gevonden {value!r}."
            )
            return None
        return next(iter(value.items()))

    return read


scope_read = one_of(["province", "municipality"], nullable=True)


def lineage(level):
    """A natural key of an edition (0), theme (1) or recommendation (2): where something
    was copied from, or what a party adopted."""
    keys = ["campaign", "scope", "theme", "recommendation"][: level + 2]

    def read(value, path, errors):
        if value is None:
            return None
        if not isinstance(value, dict) or sorted(value) != sorted(keys):
            errors.append(f"{path}: verwacht null of een verwijzing met {', '.join(keys)}.")
            return None
        key = [text()(value["campaign"], f"{path}.campaign", errors)]
        key.append(scope_read(value["scope"], f"{path}.scope", errors))
        if "theme" in keys:
            theme = value["theme"]
            if (
                not isinstance(theme, list)
                or not 1 <= len(theme) <= 2
                or not all(isinstance(p, int) and not isinstance(p, bool) for p in theme)
            ):
                errors.append(f"{path}.theme: verwacht [positie] of [positie, positie].")
            else:
                key.append(tuple(theme))
        if "recommendation" in keys:
            position = value["recommendation"]
            if not isinstance(position, int) or isinstance(position, bool):
                errors.append(f"{path}.recommendation: verwacht een positie.")
            key.append(position)
        return tuple(key)

    return read


def record(model, **relations):
    """An object with the FIELDS of `model` plus `relations` (key: reader), no other keys."""

    def read(value, path, errors):
        if not isinstance(value, dict):
            errors.append(f"{path}: verwacht een object.")
            return None
        expected = [*FIELDS[model], *relations]
        missing = [key for key in expected if key not in value]
        unknown = sorted(key for key in value if key not in expected)
        if missing:
            errors.append(f"{path}: ontbreekt: {', '.join(missing)}.")
        if unknown:
            errors.append(f"{path}: onbekend: {', '.join(unknown)}.")
        if missing or unknown:
            return None
        converted = {
            name: value_load(model._meta.get_field(name), value[name], f"{path}.{name}", errors)
            for name in FIELDS[model]
        }
        for key, read_relation in relations.items():
            converted[key] = read_relation(value[key], f"{path}.{key}", errors)
        return converted

    return read


def named(*keys):
    """For list_of: an item is named by the first of `keys` it has as text."""

    def name(item):
        for key in keys:
            if isinstance(item.get(key), str):
                return item[key]
        return None

    return name
