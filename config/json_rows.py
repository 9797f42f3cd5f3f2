"""Lists of related rows read in their parent's query, as JSON.

`prefetch_related` costs one query per relation. On the page every visitor reads
(a municipality's manifesto: the campaign's key figures, the edition's themes and
recommendations, the figures' breakdowns, the district's contacts) those queries
were most of the cost of a page rendered from the database. `JSONRows(queryset)`
is a correlated subquery that returns the rows of `queryset` as one JSON array
(PostgreSQL's json_agg, SQLite's json_group_array); `take_objects` turns
them back into model instances, and `set_prefetched` stores them where
`relation.all()` looks first, so templates and model methods read them as if
they had been prefetched.
"""

import decimal
import functools
import json

from django.db import models
from django.db.models.query import ModelIterable

_ALIAS = "related_rows"


def row_fields(model, *, exclude=()):
    """The concrete fields of `model` that a JSON row carries."""
    return [field for field in model._meta.concrete_fields if field.attname not in exclude]


class JSONRows(models.Subquery):
    """The rows of `queryset` (correlated with `OuterRef`) as a JSON array, in one column.

    Each row carries the model's fields (less `exclude`), or with `values` ({name:
    expression}) only those, under those names: values reached through a relation, read
    with `json.loads` instead of `take_objects`. The order of the rows is not kept:
    `take_objects` sorts them.
    """

    output_field = models.TextField()

    def __init__(self, queryset, *, exclude=(), values=None):
        if values is None:
            self.columns = [field.attname for field in row_fields(queryset.model, exclude=exclude)]
            rows = queryset.order_by().values(*self.columns)
        else:
            self.columns = list(values)
            rows = queryset.order_by().values(**values)
        super().__init__(rows)

    def as_postgresql(self, compiler, connection):
        template = (
            f"(SELECT COALESCE(json_agg(row_to_json({_ALIAS})), '[]')::text "
            f"FROM (%(subquery)s) {_ALIAS})"
        )
        return self.as_sql(compiler, connection, template=template)

    def as_sqlite(self, compiler, connection):
        pairs = ", ".join(f"'{column}', {_ALIAS}.\"{column}\"" for column in self.columns)
        template = (
            f"(SELECT COALESCE(json_group_array(json_object({pairs})), '[]') "
            f"FROM (%(subquery)s) {_ALIAS})"
        )
        return self.as_sql(compiler, connection, template=template)


def take_objects(instance, column, model, *, key, exclude=()):
    """The model instances of the JSON array in `instance.<column>` (a `JSONRows`
    annotation), sorted by `key`; the column itself is dropped from `instance`."""
    fields = row_fields(model, exclude=exclude)
    names = [field.attname for field in fields]
    text = instance.__dict__.pop(column)
    objects = [
        model.from_db(instance._state.db, names, [_value(f, row[f.attname]) for f in fields])
        for row in json.loads(text or "[]", parse_float=decimal.Decimal)
    ]
    return sorted(objects, key=key)


def _value(field, raw):
    value = field.to_python(raw)
    if isinstance(field, models.DecimalField) and value is not None:
        # As the database hands it out: with exactly its decimal places.
        return value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    return value


def set_prefetched(instance, related_name, objects):
    """Store `objects` as the prefetched result of `instance.<related_name>.all()` (a
    reverse foreign key), each knowing `instance` as its parent, as prefetching does."""
    objects = list(objects)
    foreign_key = getattr(type(instance), related_name).rel.field
    for obj in objects:
        foreign_key.set_cached_value(obj, instance)
    queryset = getattr(instance, related_name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[related_name] = queryset


class _AttachingIterable(ModelIterable):
    """Model instances, each passed to `attach` (which reads its JSON columns) first."""

    attach = None

    def __iter__(self):
        for instance in super().__iter__():
            self.attach(instance)
            yield instance


@functools.cache
def _iterable_for(attach):
    return type("AttachingIterable", (_AttachingIterable,), {"attach": staticmethod(attach)})


def with_json_rows(queryset, attach, **columns):
    """`queryset` annotated with `columns` (`JSONRows`), calling `attach(instance)` on each
    instance it yields: `attach` turns the columns into prefetched relations."""
    clone = queryset.annotate(**columns)
    clone._iterable_class = _iterable_for(attach)
    return clone
