"""Importing a list of parties per municipality (or province) from a CSV or xlsx file.

The reading, the per-row problems (row and column, in Dutch) and the upload →
preview → confirm pages are those of `config.tables` / `config.import_preview`;
this module only knows what a party row says. A file with any problem changes
nothing. A regiomanager may only import parties of their own district: a row
for a region elsewhere is a problem of that row.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.import_preview import ImportKind
from config.tables import ImportInvalid, ImportIssue, SourceRow, table_read, validation_issues
from config.validation import validated_save
from regions.imports.lookup import PlaceLookup
from regions.models import Municipality, Province

from .access import recordable_campaigns, recordable_municipalities, recordable_provinces
from .models import Party

PARTY_COLUMNS = ["campagne", "regio", "partij", "website"]
PARTY_REQUIRED = ["campagne", "regio", "partij"]
PARTY_FIELD_COLUMNS = {
    "name": "partij",
    "website": "website",
    "municipality": "regio",
    "province": "regio",
    "campaign": "campagne",
}


def parties_table_read(data: bytes, *, name="") -> list[SourceRow]:
    return table_read(data, columns=PARTY_COLUMNS, required=PARTY_REQUIRED, name=name)


@dataclass
class PartyChange:
    line: int
    party: Party
    is_new: bool
    previous_website: str = ""

    @property
    def website_changed(self):
        return not self.is_new and self.previous_website != self.party.website


@dataclass
class PartiesPlan:
    changes: list[PartyChange]
    created: list[Party] = field(default_factory=list)
    changed: list[Party] = field(default_factory=list)

    @property
    def new_count(self):
        return sum(change.is_new for change in self.changes)

    @property
    def updated_count(self):
        return sum(change.website_changed for change in self.changes)

    @property
    def unchanged_count(self):
        return sum(not change.is_new and not change.website_changed for change in self.changes)


class _Places:
    """Municipalities and provinces by CBS code or name (regions' `PlaceLookup`); knows
    which ones may be recorded for."""

    def __init__(self, municipalities, provinces):
        self.allowed_municipalities = set(municipalities.values_list("pk", flat=True))
        self.allowed_provinces = set(provinces.values_list("pk", flat=True))
        self.places = PlaceLookup()

    def get(self, value):
        place = self.places.get(value)
        allowed = (
            self.allowed_municipalities
            if isinstance(place, Municipality)
            else self.allowed_provinces
        )
        if place.pk not in allowed:
            raise ValueError(
                _("%(name)s valt buiten uw district; daar kunt u geen partijen vastleggen.")
                % {"name": place.name}
            )
        return place


def parties_plan(*, rows: list[SourceRow], campaigns, municipalities, provinces) -> PartiesPlan:
    """What importing these rows would do; raises ImportInvalid listing every problem.

    `campaigns`, `municipalities` and `provinces` are what the importing user may
    record for. A row adds a party, or (same campaign, region and name, in any
    case) updates the website of an existing one when the file gives one.
    """
    issues = []
    campaigns_by_slug = {c.slug: c for c in campaigns}
    places = _Places(municipalities, provinces)
    existing = {
        (p.campaign_id, p.municipality_id, p.province_id, p.name.lower()): p
        for p in Party.objects.filter(campaign__in=list(campaigns_by_slug.values()))
    }
    seen = {}
    changes = []
    for row in rows:
        values, line = row.values, row.line
        row_issues = []
        campaign = campaigns_by_slug.get(values["campagne"].lower())
        if campaign is None:
            row_issues.append(
                ImportIssue(
                    line,
                    "campagne",
                    _("%(value)s is geen campagne waarvoor u partijen kunt vastleggen (%(known)s).")
                    % {
                        "value": f"‘{values['campagne']}’",
                        "known": ", ".join(sorted(campaigns_by_slug)) or "—",
                    },
                )
            )
        place = None
        if not values["regio"]:
            row_issues.append(ImportIssue(line, "regio", _("vul de gemeente of provincie in.")))
        else:
            try:
                place = places.get(values["regio"])
            except ValueError as exc:
                row_issues.append(ImportIssue(line, "regio", str(exc)))
        if not values["partij"]:
            row_issues.append(ImportIssue(line, "partij", _("vul de naam van de partij in.")))
        if row_issues:
            issues.extend(row_issues)
            continue

        region = {
            "municipality": place if isinstance(place, Municipality) else None,
            "province": place if isinstance(place, Province) else None,
        }
        key = (
            campaign.pk,
            getattr(region["municipality"], "pk", None),
            getattr(region["province"], "pk", None),
            values["partij"].lower(),
        )
        if key in seen:
            issues.append(
                ImportIssue(
                    line,
                    "partij",
                    _("deze partij staat ook al op regel %(line)s.") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        party = existing.get(key)
        website = values.get("website", "")
        if party is None:
            party = Party(campaign=campaign, name=values["partij"], website=website, **region)
            change = PartyChange(line, party, is_new=True)
        else:
            change = PartyChange(line, party, is_new=False, previous_website=party.website)
            if website:
                party.website = website
        try:
            party.full_clean(validate_constraints=False, validate_unique=False)
        except ValidationError as exc:
            issues += validation_issues(exc, line=line, columns=PARTY_FIELD_COLUMNS)
            continue
        changes.append(change)
    if issues:
        raise ImportInvalid(sorted(issues, key=lambda issue: issue.line or 0))
    return PartiesPlan(changes)


@transaction.atomic
def parties_import(*, rows, campaigns, municipalities, provinces) -> PartiesPlan:
    """Check the rows again and apply them: new parties, and updated websites."""
    plan = parties_plan(
        rows=rows, campaigns=campaigns, municipalities=municipalities, provinces=provinces
    )
    for change in plan.changes:
        if not change.is_new and not change.website_changed:
            continue
        validated_save(change.party)
        (plan.created if change.is_new else plan.changed).append(change.party)
    return plan


def _summary(plan, file_name):
    return _(
        "Import uit ‘%(name)s’ uitgevoerd: %(new)s nieuwe partijen, %(updated)s bijgewerkt, "
        "%(unchanged)s ongewijzigd."
    ) % {
        "name": file_name,
        "new": plan.new_count,
        "updated": plan.updated_count,
        "unchanged": plan.unchanged_count,
    }


def _log(model_admin, request, plan, file_name):
    for party in plan.created:
        model_admin.log_addition(
            request, party, _("Toegevoegd door import uit ‘%(name)s’.") % {"name": file_name}
        )
    for change in plan.changes:
        if change.website_changed:
            label = str(Party._meta.get_field("website").verbose_name).capitalize()
            model_admin.log_change(request, change.party, [{"changed": {"fields": [label]}}])


def _options(request):
    """What the importing user may record for: a regiomanager only their own district."""
    return {
        "campaigns": recordable_campaigns(request).regional(),
        "municipalities": recordable_municipalities(request),
        "provinces": recordable_provinces(request),
    }


PARTIES = ImportKind(
    name="parties",
    read=parties_table_read,
    plan=parties_plan,
    apply=parties_import,
    preview_template="admin/manifestos/party/import_preview.html",
    intro_template="admin/manifestos/party/import_intro.html",
    summary=_summary,
    log=_log,
    columns=[
        ("campagne", True, gettext_lazy("het adres van de campagne, bijvoorbeeld gr2026")),
        (
            "regio",
            True,
            gettext_lazy(
                "de gemeente of provincie: CBS-code (GM0518, PV27) of naam ('s-Gravenhage)"
            ),
        ),
        ("partij", True, gettext_lazy("de naam van de partij zoals zij die zelf schrijft")),
        ("website", False, gettext_lazy("het adres van haar website, met https://")),
    ],
    example=(
        "campagne;regio;partij;website\n"
        "gr2026;GM0518;Partij A;https://www.example.org\n"
        "gr2026;Voorne aan Zee;Partij B;"
    ),
    options=_options,
)
