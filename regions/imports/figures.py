"""Importing regional figures: rows with the same region, source and date form one set.

A set that exists with that region, source and date is replaced as a whole; the
checks of a single row are in `figures_row`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.tables import ImportInvalid, ImportIssue, SourceRow, quoted, table_read
from config.validation import validated_save

from ..models import District, FigureRow, Municipality, Province, RegionalFigures
from .figures_row import (
    BREAKDOWN_KINDS,
    EMPLOYEES,
    FIGURE_FIELD_COLUMNS,
    MEMBER_COMPANIES,
    TOTAL_KINDS,
    figures_row_check,
)
from .lookup import RegionLookup

FIGURE_COLUMNS = ["regio", "bron", "peildatum", "soort", "omschrijving", "waarde", "eenheid"]
FIGURE_REQUIRED = ["regio", "bron", "soort", "waarde"]


def figures_table_read(data: bytes, *, name="") -> list[SourceRow]:
    return table_read(data, columns=FIGURE_COLUMNS, required=FIGURE_REQUIRED, name=name)


@dataclass
class BreakdownRow:
    line: int
    kind: str
    position: int
    label: str
    value: Decimal
    unit: str

    @property
    def plain_value(self):
        """The value without trailing zeros: 55.6, not 55.60."""
        value = self.value.normalize()
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value

    @property
    def kind_label(self):
        return FigureRow.Kind(self.kind).label


@dataclass
class FigureSet:
    """The figures of one region, source and reference date, as a file gives them."""

    line: int
    region: Municipality | Province | District
    source: str
    reference_date: datetime.date | None
    member_companies: int | None = None
    employees: int | None = None
    rows: list[BreakdownRow] = field(default_factory=list)
    totals_lines: dict[str, int] = field(default_factory=dict)
    existing: RegionalFigures | None = None

    @property
    def region_field(self):
        return {Municipality: "municipality", Province: "province", District: "district"}[
            type(self.region)
        ]

    @property
    def replaces(self):
        return self.existing is not None

    def instance(self):
        figures = self.existing or RegionalFigures(**{self.region_field: self.region})
        figures.source = self.source
        figures.reference_date = self.reference_date
        figures.member_companies = self.member_companies
        figures.employees = self.employees
        return figures

    def row_instances(self, figures):
        return [
            FigureRow(
                figures=figures,
                kind=row.kind,
                position=row.position,
                label=row.label,
                value=row.value,
                unit=row.unit,
            )
            for row in self.rows
        ]


@dataclass
class FiguresPlan:
    sets: list[FigureSet]
    # Filled by figures_import: the saved figures, new and replaced.
    created: list[RegionalFigures] = field(default_factory=list)
    changed: list[RegionalFigures] = field(default_factory=list)

    @property
    def new_count(self):
        return sum(not figure_set.replaces for figure_set in self.sets)

    @property
    def replaced_count(self):
        return sum(figure_set.replaces for figure_set in self.sets)

    @property
    def row_count(self):
        return sum(len(figure_set.rows) for figure_set in self.sets)


def _existing_figures():
    """{(region field, region pk, source, date): [figures]} of all figures in the database."""
    existing = defaultdict(list)
    for figures in RegionalFigures.objects.order_by("pk"):
        region_field = (
            "municipality"
            if figures.municipality_id
            else "province"
            if figures.province_id
            else "district"
        )
        region_id = figures.municipality_id or figures.province_id or figures.district_id
        existing[(region_field, region_id, figures.source, figures.reference_date)].append(figures)
    return existing


def _set_name(figure_set):
    date = figure_set.reference_date.isoformat() if figure_set.reference_date else _("geen")
    return _("%(region)s (bron %(source)s, peildatum %(date)s)") % {
        "region": figure_set.region,
        "source": quoted(figure_set.source),
        "date": date,
    }


def figures_plan(*, rows: list[SourceRow]) -> FiguresPlan:
    """What importing these rows would do; raises ImportInvalid listing every problem.

    Rows with the same region, source and reference date form one figure set; an
    existing set with that region, source and date is replaced as a whole.
    """
    issues = []
    regions = RegionLookup()
    sets = {}
    label_lines = {}
    positions = defaultdict(int)
    for row in rows:
        checked = figures_row_check(row, regions, issues)
        if checked is None:
            continue
        region, source, reference_date, kind, label, value, unit = checked
        key = (type(region), region.pk, source, reference_date)
        figure_set = sets.get(key)
        if figure_set is None:
            figure_set = sets[key] = FigureSet(row.line, region, source, reference_date)
        if kind in TOTAL_KINDS:
            if kind in figure_set.totals_lines:
                issues.append(
                    ImportIssue(
                        row.line,
                        "soort",
                        _("%(set)s heeft al een aantal %(kind)s, op regel %(line)s.")
                        % {
                            "set": _set_name(figure_set),
                            "kind": kind,
                            "line": figure_set.totals_lines[kind],
                        },
                    )
                )
                continue
            figure_set.totals_lines[kind] = row.line
            setattr(figure_set, TOTAL_KINDS[kind], int(value))
            continue
        breakdown_kind = BREAKDOWN_KINDS[kind]
        label_key = (key, breakdown_kind, label.lower())
        if label_key in label_lines:
            issues.append(
                ImportIssue(
                    row.line,
                    "omschrijving",
                    _("%(label)s staat al bij %(kind)s van %(set)s, op regel %(line)s.")
                    % {
                        "label": quoted(label),
                        "kind": kind,
                        "set": _set_name(figure_set),
                        "line": label_lines[label_key],
                    },
                )
            )
            continue
        label_lines[label_key] = row.line
        positions[(key, breakdown_kind)] += 1
        figure_set.rows.append(
            BreakdownRow(
                row.line, breakdown_kind, positions[(key, breakdown_kind)], label, value, unit
            )
        )

    existing = _existing_figures()
    for figure_set in sets.values():
        region_field = figure_set.region_field
        matches = existing.get(
            (region_field, figure_set.region.pk, figure_set.source, figure_set.reference_date),
            [],
        )
        if len(matches) > 1:
            issues.append(
                ImportIssue(
                    figure_set.line,
                    None,
                    _(
                        "er zijn al %(count)s sets cijfers van %(set)s; verwijder eerst de "
                        "overbodige in het beheer, dan weet de import welke hij vervangt."
                    )
                    % {"count": len(matches), "set": _set_name(figure_set)},
                )
            )
            continue
        figure_set.existing = matches[0] if matches else None
        issues.extend(_figure_set_issues(figure_set))

    if issues:
        raise ImportInvalid(sorted(issues, key=lambda issue: issue.line or 0))
    return FiguresPlan(sorted(sets.values(), key=lambda figure_set: figure_set.line))


def _figure_set_issues(figure_set):
    """Model validation of a set (its rows were checked one by one), before anything is saved."""
    issues = []
    figures = figure_set.instance()
    try:
        figures.full_clean()
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            line = figure_set.totals_lines.get(
                {"member_companies": MEMBER_COMPANIES, "employees": EMPLOYEES}.get(field_name),
                figure_set.line,
            )
            column = FIGURE_FIELD_COLUMNS.get(field_name)
            issues.extend(ImportIssue(line, column, message) for message in messages)
    return issues


@transaction.atomic
def figures_import(*, rows: list[SourceRow]) -> FiguresPlan:
    """Check the rows again and apply them: new figure sets, and replaced ones.

    A replaced set keeps its identity (links and history) but gets exactly the
    totals and breakdown rows of the file.
    """
    plan = figures_plan(rows=rows)
    for figure_set in plan.sets:
        if figure_set.existing is not None:
            # Lock the set being replaced, then take its breakdown rows away.
            RegionalFigures.objects.select_for_update().filter(pk=figure_set.existing.pk).get()
            figure_set.existing.rows.all().delete()
        figures = validated_save(figure_set.instance())
        for instance in figure_set.row_instances(figures):
            validated_save(instance)
        (plan.changed if figure_set.replaces else plan.created).append(figures)
    return plan
