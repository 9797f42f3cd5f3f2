"""Database ids kept across a backup and restore.

The content document names everything by natural keys and carries no ids, but the
change history (and every address or bookmark with an id in it) refers to objects by
their id. So the backup also writes each content object's id under a short key of its
own (`KEYS`: slugs, codes, positions, and the ids of its parents), and the restore
gives every object it creates the id it had: pages, the API and the history come
back exactly as they were.

An object whose key is not in the list (a key two objects share, which no constraint
forbids for figure sets) gets a fresh id above every kept one, so it never takes
another object's id.
"""

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from campaigns.models import Campaign, CampaignEvent, KeyFigure, SitePage, UpcomingElection
from regions.models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)

from ...models import Adoption, Edition, Party, Recommendation, Theme
from ..format import DOCUMENT_MODELS

# The fields that tell an object apart within its model; a relation counts by the id
# of the object it points at, which the restore has kept (parents are written first).
KEYS = {
    District: ["slug"],
    Province: ["cbs_code"],
    Municipality: ["cbs_code"],
    MunicipalityAlias: ["municipality", "slug"],
    Contact: ["slug"],
    RegionalFigures: [
        "municipality",
        "province",
        "district",
        "source",
        "reference_date",
        "manifesto_year",
    ],
    FigureRow: ["figures", "kind", "position"],
    Campaign: ["slug"],
    KeyFigure: ["campaign", "position"],
    CampaignEvent: ["uid"],
    UpcomingElection: ["election_type", "election_date"],
    SitePage: ["key"],
    Edition: ["campaign", "province", "municipality"],
    Theme: ["edition", "parent", "position"],
    Recommendation: ["theme", "position"],
    Party: ["campaign", "municipality", "province", "name"],
    Adoption: ["party", "recommendation", "stage"],
}


def _key(model, values):
    """The key as JSON can hold it: each value as text (None stays None)."""
    fields = [model._meta.get_field(name) for name in KEYS[model]]
    return [
        None if value is None else str(field.to_python(value))
        for field, value in zip(fields, values, strict=True)
    ]


def _keyed(model):
    """The objects of `model` a key names. A working copy of an edition shares the key of
    the edition it replaces: the edition keeps its id, the copy gets a fresh one."""
    if model is Edition:
        return Edition.objects.originals()
    return model._default_manager.all()


def ids_export() -> dict:
    """{model label: [[key, id], …]} of every content object whose key is its own."""
    exported = {}
    for model in DOCUMENT_MODELS:
        attnames = [model._meta.get_field(name).attname for name in KEYS[model]]
        rows = _keyed(model).order_by("pk").values_list("pk", *attnames)
        keyed = {}
        for pk, *values in rows:
            keyed.setdefault(tuple(_key(model, values)), []).append(pk)
        exported[model._meta.label] = [
            [list(key), pks[0]] for key, pks in keyed.items() if len(pks) == 1
        ]
    return exported


class KeptIds:
    """The ids of a backup, handed out to the objects of the restore (`pk_of`)."""

    def __init__(self, exported):
        self.ids = {}
        self.next_free = {}
        for model in DOCUMENT_MODELS:
            pairs = exported.get(model._meta.label, [])
            self.ids[model] = {tuple(key): pk for key, pk in pairs}
            self.next_free[model] = max((pk for _, pk in pairs), default=0) + 1

    def pk_of(self, obj):
        """The id `obj` had when the backup was made, or a fresh one no kept id uses."""
        model = type(obj)
        values = [getattr(obj, model._meta.get_field(name).attname) for name in KEYS[model]]
        pk = self.ids[model].pop(tuple(_key(model, values)), None)
        if pk is None:
            pk, self.next_free[model] = self.next_free[model], self.next_free[model] + 1
        return pk


def sequences_reset(models, floors):
    """After writing ids explicitly: the database hands out ids above them again, and
    above `floors` ({model: id}), the ids the history names of objects since deleted, so
    no new object takes over the history of an old one."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        for model, floor in floors.items():
            if floor > (model._default_manager.aggregate(Max("pk"))["pk__max"] or 0):
                _sequence_raise(cursor, model, floor)


def _sequence_raise(cursor, model, floor):
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
            [connection.ops.quote_name(table), model._meta.pk.column, floor],
        )
    elif connection.vendor == "sqlite":
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, floor])
