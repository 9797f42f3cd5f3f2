"""The municipal register: reading CBS's "Gemeenten alfabetisch" files and applying them.

Parsing validates a whole file before anything is written; applying it happens
in one transaction, so a bad file or a contradiction changes nothing.

Longer than most modules on purpose: reading and applying share the parsed rows and
their checks, one concern from file to database.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from config.validation import validated

from .models import Municipality, MunicipalityAlias, Province

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_REGISTER = DATA_DIR / "gemeenten-2026.csv"
SHIPPED_DISSOLVED = DATA_DIR / "opgeheven-gemeenten-2021-2026.csv"
SHIPPED_ESTABLISHED = DATA_DIR / "ingestelde-gemeenten-2021-2026.csv"
SHIPPED_ALIASES = DATA_DIR / "aliassen.csv"

REGISTER_COLUMNS = [
    "Gemeentecode",
    "GemeentecodeGM",
    "Gemeentenaam",
    "Provinciecode",
    "ProvinciecodePV",
    "Provincienaam",
]
DISSOLVED_COLUMNS = [
    "GemeentecodeGM",
    "Gemeentenaam",
    "ProvinciecodePV",
    "OpgehevenPer",
    "OpvolgerGM",
]
ESTABLISHED_COLUMNS = ["GemeentecodeGM", "Gemeentenaam", "IngesteldPer"]
# `InLopendeTekst`: "ja" for the alias a sentence uses instead of the official name
# ("de gemeente Den Haag"); it becomes the municipality's display name.
ALIAS_COLUMNS = ["GemeentecodeGM", "Alias", "InLopendeTekst"]

MUNICIPALITY_CODE = re.compile(r"^GM[0-9]{4}$")
PROVINCE_CODE = re.compile(r"^PV[0-9]{2}$")


class RegisterError(Exception):
    """A file that cannot be applied; the message names the file and line(s)."""


@dataclass(frozen=True)
class RegisterRow:
    line: int
    code: str
    name: str
    province_code: str
    province_name: str


@dataclass(frozen=True)
class DissolvedRow:
    line: int
    code: str
    name: str
    province_code: str
    dissolved_on: datetime.date
    successor_codes: tuple[str, ...]


@dataclass(frozen=True)
class EstablishedRow:
    line: int
    code: str
    established_on: datetime.date


@dataclass(frozen=True)
class AliasRow:
    line: int
    code: str
    alias: str
    in_text: bool = False


@dataclass
class RegisterReport:
    added: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    dissolved: list[str] = field(default_factory=list)
    dated: list[str] = field(default_factory=list)
    aliases_added: list[str] = field(default_factory=list)
    display_names: list[str] = field(default_factory=list)

    @property
    def changed(self):
        return any(
            (
                self.added,
                self.renamed,
                self.moved,
                self.dissolved,
                self.dated,
                self.aliases_added,
                self.display_names,
            )
        )

    def lines(self, *, details=False):
        """Counts per kind of change, with the items when few (or when asked)."""
        sections = [
            ("Toegevoegd", self.added),
            ("Hernoemd", self.renamed),
            ("Andere provincie", self.moved),
            ("Opgeheven", self.dissolved),
            ("Begindatum gezet", self.dated),
            ("Alternatieve namen toegevoegd", self.aliases_added),
            ("Naam in lopende tekst gezet", self.display_names),
        ]
        if not self.changed:
            return ["Geen wijzigingen: het register was al actueel."]
        out = []
        for title, items in sections:
            if items:
                out.append(f"{title} ({len(items)}):")
                if details or len(items) <= 30:
                    out.extend(f"  - {item}" for item in items)
        return out


def _read_rows(data: bytes, *, name: str, columns: list[str]):
    """Yield (line number, row dict) for a `;`-separated UTF-8 file with exactly `columns`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegisterError(f"{name}: het bestand is geen UTF-8-tekst ({exc.reason}).") from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        raise RegisterError(f"{name}: het bestand is leeg.") from None
    header = [column.strip() for column in header]
    if header != columns:
        raise RegisterError(
            f"{name}, regel 1: onverwachte kolommen {';'.join(header)!r}; "
            f"verwacht {';'.join(columns)!r}."
        )
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                yield reader.line_num, None
                continue
            yield reader.line_num, dict(zip(columns, (cell.strip() for cell in row), strict=True))
    except csv.Error as exc:
        raise RegisterError(f"{name}, regel {reader.line_num}: {exc}.") from exc


def _parse(data: bytes, *, name: str, columns: list[str], convert):
    rows, errors = [], []
    for line, values in _read_rows(data, name=name, columns=columns):
        if values is None:
            errors.append(f"regel {line}: verwacht {len(columns)} kolommen")
            continue
        try:
            rows.append(convert(line, values))
        except ValueError as exc:
            errors.append(f"regel {line}: {exc}")
    if errors:
        shown = errors[:20]
        more = f" (en nog {len(errors) - 20} fouten)" if len(errors) > 20 else ""
        raise RegisterError(f"{name}: " + "; ".join(shown) + more + ". Er is niets gewijzigd.")
    if not rows:
        raise RegisterError(f"{name}: het bestand bevat geen gemeenten.")
    return rows


def _check_unique(rows, *, name, key=lambda row: row.code):
    seen = {}
    for row in rows:
        if key(row) in seen:
            raise RegisterError(
                f"{name}, regel {row.line}: {key(row)} staat ook al op regel {seen[key(row)]}. "
                "Er is niets gewijzigd."
            )
        seen[key(row)] = row.line


def _date(value, column):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column} {value!r} is geen datum (JJJJ-MM-DD)") from None


def _municipality_code(value, column="GemeentecodeGM"):
    if not MUNICIPALITY_CODE.match(value):
        raise ValueError(f"{column} {value!r} is geen gemeentecode zoals GM0518")
    return value


def parse_register(data: bytes, *, name: str) -> list[RegisterRow]:
    def convert(line, values):
        number, code = values["Gemeentecode"], values["GemeentecodeGM"]
        if not re.fullmatch(r"[0-9]{4}", number) or code != f"GM{number}":
            raise ValueError(
                f"gemeentecode {number!r} en {code!r} horen bij elkaar (0518 en GM0518)"
            )
        if not values["Gemeentenaam"]:
            raise ValueError("de gemeentenaam ontbreekt")
        province_number, province_code = values["Provinciecode"], values["ProvinciecodePV"]
        if (
            not re.fullmatch(r"[0-9]{2}", province_number)
            or province_code != f"PV{province_number}"
        ):
            raise ValueError(
                f"provinciecode {province_number!r} en {province_code!r} horen bij elkaar "
                "(21 en PV21)"
            )
        if not values["Provincienaam"]:
            raise ValueError("de provincienaam ontbreekt")
        return RegisterRow(
            line, code, values["Gemeentenaam"], province_code, values["Provincienaam"]
        )

    rows = _parse(data, name=name, columns=REGISTER_COLUMNS, convert=convert)
    _check_unique(rows, name=name)
    _check_unique(rows, name=name, key=lambda row: row.name)
    return rows


def parse_dissolved(data: bytes, *, name: str) -> list[DissolvedRow]:
    def convert(line, values):
        if not values["Gemeentenaam"]:
            raise ValueError("de gemeentenaam ontbreekt")
        if not PROVINCE_CODE.match(values["ProvinciecodePV"]):
            raise ValueError(
                f"ProvinciecodePV {values['ProvinciecodePV']!r} is geen code zoals PV21"
            )
        successors = tuple(
            _municipality_code(code.strip(), "OpvolgerGM")
            for code in values["OpvolgerGM"].split("|")
            if code.strip()
        )
        if not successors:
            raise ValueError("OpvolgerGM ontbreekt")
        return DissolvedRow(
            line,
            _municipality_code(values["GemeentecodeGM"]),
            values["Gemeentenaam"],
            values["ProvinciecodePV"],
            _date(values["OpgehevenPer"], "OpgehevenPer"),
            successors,
        )

    rows = _parse(data, name=name, columns=DISSOLVED_COLUMNS, convert=convert)
    _check_unique(rows, name=name)
    return rows


def parse_established(data: bytes, *, name: str) -> list[EstablishedRow]:
    def convert(line, values):
        return EstablishedRow(
            line,
            _municipality_code(values["GemeentecodeGM"]),
            _date(values["IngesteldPer"], "IngesteldPer"),
        )

    rows = _parse(data, name=name, columns=ESTABLISHED_COLUMNS, convert=convert)
    _check_unique(rows, name=name)
    return rows


def parse_aliases(data: bytes, *, name: str) -> list[AliasRow]:
    def convert(line, values):
        if not slugify(values["Alias"]):
            raise ValueError("de alias is leeg")
        in_text = values["InLopendeTekst"].lower()
        if in_text not in ("ja", ""):
            raise ValueError(f"InLopendeTekst {values['InLopendeTekst']!r} is geen ‘ja’ of leeg")
        return AliasRow(
            line, _municipality_code(values["GemeentecodeGM"]), values["Alias"], in_text == "ja"
        )

    return _parse(data, name=name, columns=ALIAS_COLUMNS, convert=convert)


def _unique_slug(name, code, taken):
    slug = slugify(name)
    if taken.get(slug, code) != code:
        slug = f"{slug}-{code.lower()}"
    taken[slug] = code
    return slug


def _ensure_alias(municipality, alias, report):
    _, created = MunicipalityAlias.objects.get_or_create(
        municipality=municipality, slug=slugify(alias), defaults={"name": alias}
    )
    if created:
        report.aliases_added.append(f"{alias} → {municipality.name}")


@transaction.atomic
def municipalities_import(
    *,
    register: list[RegisterRow],
    effective_date: datetime.date,
    dissolved: list[DissolvedRow] = (),
    established: list[EstablishedRow] = (),
    aliases: list[AliasRow] = (),
) -> RegisterReport:
    """Bring the register in line with a CBS file valid from `effective_date`.

    A municipality no longer listed is dissolved per `effective_date`; one not
    seen before starts to exist then (in a first load, when the register is
    empty, it has simply always existed unless `established` says otherwise).
    """
    report = RegisterReport()
    bootstrap = not Municipality.objects.exists()

    provinces = {province.cbs_code: province for province in Province.objects.all()}
    for row in register:
        province = provinces.get(row.province_code)
        if province is None:
            province = Province.objects.create(
                cbs_code=row.province_code, name=row.province_name, slug=slugify(row.province_name)
            )
            provinces[row.province_code] = province
        elif province.name != row.province_name:
            province.name, province.slug = row.province_name, slugify(row.province_name)
            province.save(update_fields=["name", "slug"])

    existing = {m.cbs_code: m for m in Municipality.objects.select_for_update()}
    taken_slugs = {m.slug: m.cbs_code for m in existing.values()}
    listed = {row.code for row in register}

    for row in register:
        province = provinces[row.province_code]
        municipality = existing.get(row.code)
        if municipality is None:
            municipality = Municipality.objects.create(
                cbs_code=row.code,
                name=row.name,
                slug=_unique_slug(row.name, row.code, taken_slugs),
                province=province,
                valid_from=None if bootstrap else effective_date,
            )
            existing[row.code] = municipality
            report.added.append(f"{row.name} ({row.code}, {province.name})")
            continue
        changed = []
        if municipality.name != row.name:
            old_name = municipality.name
            _ensure_alias(municipality, old_name, RegisterReport())
            municipality.name = row.name
            municipality.slug = _unique_slug(row.name, row.code, taken_slugs)
            changed += ["name", "slug"]
            report.renamed.append(f"{old_name} → {row.name} ({row.code})")
        if municipality.province_id != province.pk:
            municipality.province = province
            changed.append("province")
            report.moved.append(f"{row.name} ({row.code}) → {province.name}")
        if municipality.valid_until is not None:
            municipality.valid_until = None
            changed.append("valid_until")
            report.added.append(f"{row.name} ({row.code}) bestaat weer")
        if changed:
            municipality.save(update_fields=changed)

    dissolved_codes = {row.code for row in dissolved}
    for code, municipality in existing.items():
        if code not in listed and code not in dissolved_codes and municipality.valid_until is None:
            if municipality.valid_from is not None and municipality.valid_from >= effective_date:
                raise RegisterError(
                    f"{municipality.name} ({code}) bestaat sinds "
                    f"{municipality.valid_from:%d-%m-%Y} en kan dus niet per "
                    f"{effective_date:%d-%m-%Y} worden opgeheven: is dit bestand ouder dan het "
                    "register? Er is niets gewijzigd."
                )
            municipality.valid_until = effective_date
            municipality.save(update_fields=["valid_until"])
            report.dissolved.append(
                f"{municipality.name} ({code}) per {effective_date:%d-%m-%Y}, opvolger onbekend "
                "(geef --dissolved op om de opvolger vast te leggen)"
            )

    for row in dissolved:
        if row.code in listed:
            raise RegisterError(
                f"Opgeheven gemeente {row.name} ({row.code}, regel {row.line}) staat ook in het "
                "register als bestaande gemeente. Er is niets gewijzigd."
            )
        missing = [code for code in row.successor_codes if code not in existing]
        if missing:
            raise RegisterError(
                f"Opgeheven gemeente {row.name} (regel {row.line}): opvolger {', '.join(missing)} "
                "staat niet in het register. Er is niets gewijzigd."
            )
        if row.province_code not in provinces:
            raise RegisterError(
                f"Opgeheven gemeente {row.name} (regel {row.line}): provincie {row.province_code} "
                "is onbekend. Er is niets gewijzigd."
            )
        municipality = existing.get(row.code)
        successors = [existing[code] for code in row.successor_codes]
        if municipality is None:
            municipality = Municipality.objects.create(
                cbs_code=row.code,
                name=row.name,
                slug=_unique_slug(row.name, row.code, taken_slugs),
                province=provinces[row.province_code],
                valid_until=row.dissolved_on,
            )
            existing[row.code] = municipality
        elif municipality.valid_until == row.dissolved_on and {
            s.pk for s in municipality.successors.all()
        } == {s.pk for s in successors}:
            continue
        else:
            municipality.valid_until = row.dissolved_on
            municipality.save(update_fields=["valid_until"])
        municipality.successors.set(successors)
        report.dissolved.append(
            f"{row.name} ({row.code}) per {row.dissolved_on:%d-%m-%Y} → "
            + ", ".join(s.name for s in successors)
        )

    for row in established:
        municipality = existing.get(row.code)
        if municipality is None:
            raise RegisterError(
                f"Ingestelde gemeente {row.code} (regel {row.line}) staat niet in het register. "
                "Er is niets gewijzigd."
            )
        if municipality.valid_from != row.established_on:
            municipality.valid_from = row.established_on
            validated(municipality, validate_unique=False).save(update_fields=["valid_from"])
            report.dated.append(f"{municipality.name} bestaat vanaf {row.established_on:%d-%m-%Y}")

    for row in aliases:
        municipality = existing.get(row.code)
        if municipality is None:
            raise RegisterError(
                f"Alias {row.alias!r} (regel {row.line}): gemeente {row.code} staat niet in het "
                "register. Er is niets gewijzigd."
            )
        _ensure_alias(municipality, row.alias, report)
        # Set once: a display name staff changed in the admin is theirs.
        if row.in_text and not municipality.display_name:
            municipality.display_name = row.alias
            municipality.save(update_fields=["display_name"])
            report.display_names.append(f"{row.alias} ({municipality.name})")

    return report


def shipped_register_import() -> RegisterReport:
    """Load the register that ships with the project (idempotent)."""
    return municipalities_import(
        register=parse_register(SHIPPED_REGISTER.read_bytes(), name=SHIPPED_REGISTER.name),
        effective_date=datetime.date(2026, 1, 1),
        dissolved=parse_dissolved(SHIPPED_DISSOLVED.read_bytes(), name=SHIPPED_DISSOLVED.name),
        established=parse_established(
            SHIPPED_ESTABLISHED.read_bytes(), name=SHIPPED_ESTABLISHED.name
        ),
        aliases=parse_aliases(SHIPPED_ALIASES.read_bytes(), name=SHIPPED_ALIASES.name),
    )
