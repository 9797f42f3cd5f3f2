"""Reading a table from an uploaded CSV or xlsx file, for the admin's imports.

`table_read` turns a file into numbered rows under its header, refusing files
that are too big, not UTF-8, not a real xlsx or have the wrong columns. Every
problem is an `ImportIssue` naming its row ("regel", the line of a CSV file or
the row of the sheet) and column; all problems of a file are raised together as
one `ImportInvalid`. What the rows mean is up to each import (regional figures
and contacts in `regions.imports`, parties in `manifestos.lobby.imports`).
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Only the first columns of a sheet are read: the import layouts have at most seven.
MAX_COLUMNS = 26
# An xlsx file is a zip archive; these bound what unpacking it may cost.
MAX_XLSX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
MAX_XLSX_ENTRIES = 500
# Errors shown for one file; the rest are counted.
MAX_ISSUES = 500

XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


@dataclass(frozen=True)
class ImportIssue:
    """One problem in a file: where it is (row and column, when known) and what is wrong."""

    line: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.line is not None and self.column:
            return _("Regel %(line)s, kolom %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line is not None:
            return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class ImportInvalid(Exception):
    """A file that cannot be imported; `issues` lists every problem found."""

    def __init__(self, issues):
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))

    @property
    def shown_issues(self):
        return self.issues[:MAX_ISSUES]

    @property
    def hidden_count(self):
        return max(0, len(self.issues) - MAX_ISSUES)


@dataclass(frozen=True)
class SourceRow:
    """One row of a file under its header: `values` maps column names to stripped text."""

    line: int
    values: dict[str, str]


def quoted(value, limit=60):
    """A cell value quoted in a message, cut short when long."""
    return f"‘{value if len(value) <= limit else value[: limit - 1] + '…'}’"


def _file_issue(message):
    return ImportInvalid([ImportIssue(None, None, message)])


# --- reading files -----------------------------------------------------------------------


def _csv_lines(data):
    """(line number, cells) of a UTF-8 CSV file, `;`- or `,`-separated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportInvalid(
            [
                ImportIssue(
                    line,
                    None,
                    _("het bestand is geen UTF-8-tekst; sla het op als ‘CSV UTF-8’."),
                )
            ]
        ) from exc
    # The delimiter is the one the header line uses: column names contain neither.
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    start = 1
    try:
        for cells in reader:
            lines.append((start, cells))
            start = reader.line_num + 1
            if len(lines) > MAX_ROWS + 1:
                raise _too_many_rows()
    except csv.Error as exc:
        raise ImportInvalid(
            [
                ImportIssue(
                    start, None, _("dit is geen geldige CSV-tekst (%(error)s).") % {"error": exc}
                )
            ]
        ) from exc
    return lines


def _too_many_rows():
    return _file_issue(
        _("Het bestand heeft meer dan %(rows)s regels; splits het in kleinere bestanden.")
        % {"rows": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def _not_xlsx():
    return _file_issue(
        _(
            "Dit is geen geldig xlsx-bestand. Sla het op als Excel-werkmap (.xlsx) "
            "of als ‘CSV UTF-8’."
        )
    )


def _cell_text(value):
    """A spreadsheet cell as the text a CSV file would have."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_lines(data):
    """(row number, cells) of the first sheet of an xlsx file."""
    # An xlsx file is a zip archive: check what it unpacks to before parsing it. The sizes
    # come from the archive's directory; zipfile never inflates an entry past its stated
    # size (and then fails its checksum), so a lying directory cannot get round the limit.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _not_xlsx() from exc
    if (
        len(entries) > MAX_XLSX_ENTRIES
        or sum(entry.file_size for entry in entries) > MAX_XLSX_UNCOMPRESSED_BYTES
    ):
        raise _file_issue(
            _(
                "Het xlsx-bestand is uitgepakt groter dan %(size)s MB; "
                "sla het op als ‘CSV UTF-8’ of splits het."
            )
            % {"size": MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    lines = []
    too_many = False
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a malformed file
        raise _not_xlsx() from exc
    try:
        if not workbook.worksheets:
            raise _not_xlsx()
        sheet = workbook.worksheets[0]
        # Ignore the sheet's stated size: read the rows that are there.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            if number > MAX_ROWS + 1:
                too_many = True
                break
            lines.append((number, [_cell_text(value) for value in row]))
    except ImportInvalid:
        raise
    except Exception as exc:  # as above: a broken sheet surfaces while reading
        raise _not_xlsx() from exc
    finally:
        workbook.close()
    if too_many:
        raise _too_many_rows()
    return lines


def table_read(data: bytes, *, columns, required, name="") -> list[SourceRow]:
    """The rows of a CSV or xlsx file whose header names some of `columns`.

    The file type is recognised by its content (an xlsx file is a zip archive);
    a file whose `name` says xlsx must be one. Column names are matched without
    regard to case and may come in any order; `required` ones must be there.
    """
    if len(data) > MAX_FILE_BYTES:
        raise _file_issue(
            _("Het bestand is groter dan %(size)s MB; splits het in kleinere bestanden.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith(OLE_SIGNATURE):
        raise _file_issue(
            _(
                "Oude Excel-bestanden (.xls) worden niet ondersteund; sla het op als "
                "Excel-werkmap (.xlsx) of als ‘CSV UTF-8’."
            )
        )
    if data.startswith(XLSX_SIGNATURE):
        lines = _xlsx_lines(data)
    elif name.lower().endswith(".xlsx"):
        raise _not_xlsx()
    else:
        lines = _csv_lines(data)
    lines = [(number, [cell.strip() for cell in cells]) for number, cells in lines]
    lines = [(number, cells) for number, cells in lines if any(cells)]
    if not lines:
        raise _file_issue(_("Het bestand is leeg."))

    header_line, header = lines[0]
    while header and not header[-1]:
        header.pop()
    names = [name.lower() for name in header]
    issues = []
    for name in sorted(set(names)):
        if name and name not in columns:
            issues.append(
                ImportIssue(
                    header_line,
                    None,
                    _("onbekende kolom %(name)s; mogelijk zijn: %(columns)s.")
                    % {"name": quoted(name), "columns": ", ".join(columns)},
                )
            )
        elif name and names.count(name) > 1:
            issues.append(
                ImportIssue(
                    header_line,
                    None,
                    _("de kolom %(name)s staat er meer dan eens in.") % {"name": quoted(name)},
                )
            )
    if "" in names:
        issues.append(ImportIssue(header_line, None, _("een kolom heeft geen naam.")))
    for name in required:
        if name not in names:
            issues.append(
                ImportIssue(
                    header_line, None, _("de kolom %(name)s ontbreekt.") % {"name": quoted(name)}
                )
            )
    if issues:
        raise ImportInvalid(issues)

    rows = []
    for number, cells in lines[1:]:
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > len(names):
            issues.append(
                ImportIssue(
                    number,
                    None,
                    _("deze regel heeft meer waarden dan er kolommen zijn (%(count)s).")
                    % {"count": len(names)},
                )
            )
            continue
        cells += [""] * (len(names) - len(cells))
        rows.append(SourceRow(number, dict(zip(names, cells, strict=True))))
    if issues:
        raise ImportInvalid(issues)
    if not rows:
        raise _file_issue(_("Het bestand bevat alleen een kopregel."))
    return rows


def validation_issues(exc, *, line, columns):
    """A model's ValidationError as issues of one row, its fields named as columns."""
    return [
        ImportIssue(line, columns.get(field_name), message)
        for field_name, messages in exc.message_dict.items()
        for message in messages
    ]
