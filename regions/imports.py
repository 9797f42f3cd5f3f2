"""Importing regional figures and contacts from a CSV or xlsx file (the admin's "Importeren").

Three steps, each usable on its own:

- `figures_table_read` / `contacts_table_read` read a file into numbered rows
  with `config.tables.table_read`, refusing files that are too big, not UTF-8,
  not a real xlsx or have the wrong columns;
- `figures_plan` / `contacts_plan` check every row against the database and
  say what an import would do, without writing anything;
- `figures_import` / `contacts_import` check again and apply the plan in one
  transaction.

Every problem names its row ("regel", the line of a CSV file or the row of the
sheet) and column, and all problems of a file are reported together; a file
with any problem changes nothing. The column layouts are documented in
`regions/data/README.md`.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.tables import (
    ImportInvalid,
    ImportIssue,
    SourceRow,
    quoted,
    table_read,
    validation_issues,
)

from .models import Contact, District, FigureRow, Municipality, Province, RegionalFigures

FIGURE_COLUMNS = ["regio", "bron", "peildatum", "soort", "omschrijving", "waarde", "eenheid"]
FIGURE_REQUIRED = ["regio", "bron", "soort", "waarde"]
CONTACT_COLUMNS = ["naam", "functie", "e-mail", "telefoon", "district", "bio", "slug"]
CONTACT_REQUIRED = ["naam", "functie"]

MEMBER_COMPANIES = "lidbedrijven"
EMPLOYEES = "medewerkers"
TOTAL_KINDS = {MEMBER_COMPANIES: "member_companies", EMPLOYEES: "employees"}
BREAKDOWN_KINDS = {
    "bedrijfstype": FigureRow.Kind.COMPANY_TYPE,
    "opleidingsniveau": FigureRow.Kind.EDUCATION_LEVEL,
}
UNITS = {"aantal": FigureRow.Unit.COUNT, "procent": FigureRow.Unit.PERCENT}

MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")
PROVINCE_CODE = re.compile(r"PV[0-9]{2}")
# The largest number of member companies or employees every database can store.
MAX_TOTAL = 2**31 - 1
NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")

# Model fields as the column a reader of an error message knows them by.
FIGURE_FIELD_COLUMNS = {
    "source": "bron",
    "reference_date": "peildatum",
    "member_companies": "waarde",
    "employees": "waarde",
    "kind": "soort",
    "label": "omschrijving",
    "value": "waarde",
    "unit": "eenheid",
}
CONTACT_FIELD_COLUMNS = {
    "name": "naam",
    "slug": "slug",
    "role": "functie",
    "email": "e-mail",
    "phone": "telefoon",
    "bio": "bio",
    "district": "district",
}
CONTACT_IMPORTED_FIELDS = ["name", "role", "email", "phone", "district", "bio"]


def figures_table_read(data: bytes, *, name="") -> list[SourceRow]:
    return table_read(data, columns=FIGURE_COLUMNS, required=FIGURE_REQUIRED, name=name)


def contacts_table_read(data: bytes, *, name="") -> list[SourceRow]:
    return table_read(data, columns=CONTACT_COLUMNS, required=CONTACT_REQUIRED, name=name)


# --- figures -------------------------------------------------------------------------------


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


class _Districts:
    """Districts by slug or name, without regard to case."""

    def __init__(self):
        districts = list(District.objects.all())
        self.by_key = {d.name.lower(): d for d in districts} | {
            d.slug.lower(): d for d in districts
        }
        names = sorted(d.name for d in districts)
        self.known = ", ".join(names) if names else _("er zijn nog geen districten")

    def find(self, value):
        return self.by_key.get(value.lower())

    def get(self, value):
        district = self.find(value)
        if district is None:
            raise ValueError(
                _("%(value)s is geen bekend district (%(known)s).")
                % {"value": quoted(value), "known": self.known}
            )
        return district


class _Regions:
    """Looks up the regions a file names, with one query per kind of region."""

    def __init__(self, values):
        codes = {value.upper() for value in values}
        self.municipalities = {
            m.cbs_code: m
            for m in Municipality.objects.filter(
                cbs_code__in=[c for c in codes if MUNICIPALITY_CODE.fullmatch(c)]
            )
        }
        self.provinces = {
            p.cbs_code: p
            for p in Province.objects.filter(
                cbs_code__in=[c for c in codes if PROVINCE_CODE.fullmatch(c)]
            )
        }
        self.districts = _Districts()

    def get(self, value):
        code = value.upper()
        if MUNICIPALITY_CODE.fullmatch(code):
            if code not in self.municipalities:
                raise ValueError(_("%(code)s is geen bekende gemeente.") % {"code": quoted(value)})
            return self.municipalities[code]
        if PROVINCE_CODE.fullmatch(code):
            if code not in self.provinces:
                raise ValueError(_("%(code)s is geen bekende provincie.") % {"code": quoted(value)})
            return self.provinces[code]
        district = self.districts.find(value)
        if district is None:
            raise ValueError(
                _(
                    "%(value)s is geen CBS-code van een gemeente (GM0518) of provincie (PV27), "
                    "en geen bekend district (%(known)s)."
                )
                % {"value": quoted(value), "known": self.districts.known}
            )
        return district


def _number(text):
    """A non-negative number with at most two decimals; `,` or `.` as the decimal sign."""
    if not NUMBER.fullmatch(text):
        raise ValueError(_("%(value)s is geen getal.") % {"value": quoted(text)})
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("%(value)s is geen getal.") % {"value": quoted(text)}) from None
    if value < 0:
        raise ValueError(_("%(value)s is negatief.") % {"value": quoted(text)})
    if -value.as_tuple().exponent > 2:
        raise ValueError(
            _(
                "%(value)s heeft meer dan twee decimalen (schrijf duizendtallen zonder punt, "
                "dus 2029 en niet 2.029)."
            )
            % {"value": quoted(text)}
        )
    return value


def _date(text):
    try:
        return (
            datetime.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
        )
    except ValueError:
        return None


def _figures_row(row, regions, issues):
    """The checked values of one figures row, or None when it has problems (added to issues)."""
    values = row.values
    line = row.line
    row_issues = []

    def problem(column, message):
        row_issues.append(ImportIssue(line, column, message))

    region = None
    if not values["regio"]:
        problem(
            "regio",
            _("vul de regio in: een CBS-code (GM0518, PV27) of een district."),
        )
    else:
        try:
            region = regions.get(values["regio"])
        except ValueError as exc:
            problem("regio", str(exc))

    if not values["bron"]:
        problem("bron", _("vul de bron in, bijvoorbeeld: CBS en Metaalunie."))

    reference_date = None
    date_text = values.get("peildatum", "")
    if date_text:
        reference_date = _date(date_text)
        if reference_date is None:
            problem(
                "peildatum",
                _("%(value)s is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-01-01.")
                % {"value": quoted(date_text)},
            )

    kind = values["soort"].lower()
    kinds = [*TOTAL_KINDS, *BREAKDOWN_KINDS]
    if kind not in kinds:
        problem(
            "soort",
            (
                _("%(value)s is geen soort; kies %(kinds)s.")
                if kind
                else _("vul de soort in; kies %(kinds)s.")
            )
            % {"value": quoted(values["soort"]), "kinds": ", ".join(kinds)},
        )

    label = values.get("omschrijving", "")
    unit_text = values.get("eenheid", "").lower()
    unit = FigureRow.Unit.COUNT
    if kind in TOTAL_KINDS:
        if label:
            problem(
                "omschrijving",
                _("laat de omschrijving leeg bij soort %(kind)s.") % {"kind": quoted(kind)},
            )
        if unit_text not in ("", "aantal"):
            problem(
                "eenheid",
                _("bij soort %(kind)s is de eenheid altijd ‘aantal’.") % {"kind": quoted(kind)},
            )
    elif kind in BREAKDOWN_KINDS:
        if not label:
            problem("omschrijving", _("vul de omschrijving in."))
        if unit_text:
            if unit_text in UNITS:
                unit = UNITS[unit_text]
            else:
                problem(
                    "eenheid",
                    _("%(value)s is geen eenheid; kies aantal of procent.")
                    % {"value": quoted(values["eenheid"])},
                )

    value = None
    if not values["waarde"]:
        problem("waarde", _("vul een waarde in."))
    else:
        try:
            value = _number(values["waarde"])
        except ValueError as exc:
            problem("waarde", str(exc))
        else:
            if kind in TOTAL_KINDS and value != value.to_integral_value():
                problem(
                    "waarde",
                    _("%(value)s is geen geheel getal.") % {"value": quoted(values["waarde"])},
                )
            elif kind in TOTAL_KINDS and value > MAX_TOTAL:
                problem("waarde", _("%(value)s is te groot.") % {"value": quoted(values["waarde"])})

    if kind in BREAKDOWN_KINDS and label and value is not None:
        # What the model itself checks (length, digits, at most 100 percent), for this row.
        row = FigureRow(kind=BREAKDOWN_KINDS[kind], position=1, label=label, value=value, unit=unit)
        reported = {issue.column for issue in row_issues}
        try:
            row.full_clean(exclude=["figures"], validate_unique=False)
        except ValidationError as exc:
            row_issues += [
                issue
                for issue in validation_issues(exc, line=line, columns=FIGURE_FIELD_COLUMNS)
                if issue.column not in reported
            ]

    issues.extend(row_issues)
    if row_issues:
        return None
    return region, values["bron"], reference_date, kind, label, value, unit


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
    regions = _Regions(row.values["regio"] for row in rows if row.values["regio"])
    sets = {}
    label_lines = {}
    positions = defaultdict(int)
    for row in rows:
        checked = _figures_row(row, regions, issues)
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
        figures = figure_set.instance()
        figures.full_clean()
        figures.save()
        for instance in figure_set.row_instances(figures):
            instance.full_clean()
            instance.save()
        (plan.changed if figure_set.replaces else plan.created).append(figures)
    return plan


# --- contacts ------------------------------------------------------------------------------


@dataclass
class ContactChange:
    line: int
    contact: Contact
    changed_fields: list[str]
    is_new: bool
    # The values before the import of the changed fields.
    previous: dict = field(default_factory=dict)

    @property
    def changed_labels(self):
        return [str(Contact._meta.get_field(name).verbose_name) for name in self.changed_fields]


@dataclass
class ContactsPlan:
    changes: list[ContactChange]
    # Filled by contacts_import: the saved contacts, new and updated.
    created: list[Contact] = field(default_factory=list)
    changed: list[Contact] = field(default_factory=list)

    @property
    def new_count(self):
        return sum(change.is_new for change in self.changes)

    @property
    def updated_count(self):
        return sum(not change.is_new and bool(change.changed_fields) for change in self.changes)

    @property
    def unchanged_count(self):
        return sum(not change.is_new and not change.changed_fields for change in self.changes)


def contacts_plan(*, rows: list[SourceRow]) -> ContactsPlan:
    """What importing these rows would do; raises ImportInvalid listing every problem.

    A row updates the contact with the slug in its `slug` column, else the one
    with its e-mail address, else it adds a contact. Only the columns in the file
    are changed; user accounts and photos are never touched.
    """
    issues = []
    districts = _Districts()
    contacts = list(Contact.objects.select_related("district"))
    by_slug = {contact.slug: contact for contact in contacts}
    by_email = defaultdict(list)
    for contact in contacts:
        if contact.email:
            by_email[contact.email.lower()].append(contact)
    claimed = {}  # contact slug -> the line that imports it
    changes = []

    for row in rows:
        values, line = row.values, row.line
        row_issues = []

        def problem(column, message, line=line, row_issues=row_issues):
            row_issues.append(ImportIssue(line, column, message))

        for column, what in (("naam", _("de naam")), ("functie", _("de functie"))):
            if not values[column]:
                problem(column, _("vul %(what)s in.") % {"what": what})
        district = None
        if values.get("district"):
            try:
                district = districts.get(values["district"])
            except ValueError as exc:
                problem("district", str(exc))
        slug = values.get("slug", "")
        if slug:
            try:
                validate_slug(slug)
            except ValidationError:
                problem(
                    "slug",
                    _(
                        "%(value)s is geen geldige slug: alleen letters, cijfers, "
                        "liggende streepjes en streepjes."
                    )
                    % {"value": quoted(slug)},
                )
        email = values.get("e-mail", "")

        contact = None
        if slug:
            contact = by_slug.get(slug)
        elif email:
            matches = by_email.get(email.lower(), [])
            if len(matches) > 1:
                problem(
                    "e-mail",
                    _(
                        "%(count)s contactpersonen hebben dit e-mailadres; vul de kolom slug in "
                        "om te zeggen welke u bedoelt."
                    )
                    % {"count": len(matches)},
                )
            elif matches:
                contact = matches[0]
        is_new = contact is None
        if is_new and not row_issues:
            slug = slug or slugify(values["naam"])[:100].strip("-")
            if not slug:
                problem("naam", _("uit deze naam is geen slug te maken; vul de kolom slug in."))
            elif slug in by_slug:
                problem(
                    "naam",
                    _(
                        "er is al een contactpersoon met de slug %(slug)s (%(name)s); vul de "
                        "kolom slug of het e-mailadres van die contactpersoon in om hem bij te "
                        "werken, of kies een andere slug."
                    )
                    % {"slug": quoted(slug), "name": by_slug[slug].name},
                )
            contact = Contact(slug=slug)
        if row_issues:
            issues.extend(row_issues)
            continue

        if contact.slug in claimed:
            issues.append(
                ImportIssue(
                    line,
                    None,
                    _("deze contactpersoon (%(slug)s) staat ook al op regel %(line)s.")
                    % {"slug": quoted(contact.slug), "line": claimed[contact.slug]},
                )
            )
            continue
        claimed[contact.slug] = line

        new_values = {
            "name": values["naam"],
            "role": values["functie"],
            "email": values.get("e-mail"),
            "phone": values.get("telefoon"),
            "district": district if "district" in values else None,
            "bio": values.get("bio"),
        }
        changed, previous = [], {}
        for name in CONTACT_IMPORTED_FIELDS:
            column = CONTACT_FIELD_COLUMNS[name]
            if column not in values:
                continue  # a column that is not in the file leaves the field alone
            value = new_values[name]
            current = contact.district if name == "district" else getattr(contact, name)
            if is_new or current != value:
                setattr(contact, name, value)
                if not is_new:
                    changed.append(name)
                    previous[name] = current
        try:
            contact.full_clean(validate_unique=False)
        except ValidationError as exc:
            issues += validation_issues(exc, line=line, columns=CONTACT_FIELD_COLUMNS)
            continue
        changes.append(ContactChange(line, contact, changed, is_new, previous))

    if issues:
        raise ImportInvalid(sorted(issues, key=lambda issue: issue.line or 0))
    return ContactsPlan(changes)


@transaction.atomic
def contacts_import(*, rows: list[SourceRow]) -> ContactsPlan:
    """Check the rows again and apply them: new contacts, and updated ones."""
    plan = contacts_plan(rows=rows)
    for change in plan.changes:
        if not change.is_new and not change.changed_fields:
            continue
        change.contact.full_clean()
        if change.is_new:
            change.contact.save()
            plan.created.append(change.contact)
        else:
            change.contact.save(update_fields=change.changed_fields)
            plan.changed.append(change.contact)
    return plan
