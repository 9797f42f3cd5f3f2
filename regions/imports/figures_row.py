"""One row of a figures file: its region, source, date, kind and value, checked one by one.

The kinds a row can have: two totals of a region (member companies, employees),
and the lines of two breakdowns (company type, education level) with a label
and a unit.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.tables import ImportIssue, quoted, validation_issues

from ..models import FigureRow

MEMBER_COMPANIES = "lidbedrijven"
EMPLOYEES = "medewerkers"
TOTAL_KINDS = {MEMBER_COMPANIES: "member_companies", EMPLOYEES: "employees"}
BREAKDOWN_KINDS = {
    "bedrijfstype": FigureRow.Kind.COMPANY_TYPE,
    "opleidingsniveau": FigureRow.Kind.EDUCATION_LEVEL,
}
UNITS = {"aantal": FigureRow.Unit.COUNT, "procent": FigureRow.Unit.PERCENT}

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


def figures_row_check(row, regions, issues):
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
            _("vul de regio in: een gemeente of provincie (naam of CBS-code) of een district."),
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
