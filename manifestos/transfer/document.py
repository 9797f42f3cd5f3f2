"""Reading a document: its version, its shape, and every problem in it at once.

`document_read()` checks the format and version, reads an older version as the
current one (one version step at a time), and checks every object against the
shape below; the result is the document with its values converted, ready for
importer.py, or ContentTransferError listing every problem with its place.
"""

from campaigns.models import Campaign, CampaignEvent, KeyFigure, SitePage, UpcomingElection
from config.identity import DEFAULT_TINT
from regions.models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)

from ..models import Edition, Recommendation, Theme
from .format import FORMAT, READABLE_VERSIONS, ContentTransferError
from .parties import parties_read
from .readers import lineage, list_of, named, one_of, record, scope_read, text


def _themes_read(*, working_copy=False):
    """An edition's themes; in a working copy (manifestos/working_copies.py) each theme and
    recommendation also names what it replaces in the edition the copy is nested in."""
    theme_links = {"replaces": lineage(1)} if working_copy else {}
    recommendation_links = {"replaces": lineage(2)} if working_copy else {}
    recommendations = list_of(
        record(Recommendation, copied_from=lineage(2), **recommendation_links)
    )
    subtheme = record(
        Theme,
        copied_from=lineage(1),
        previous=lineage(1),
        **theme_links,
        recommendations=recommendations,
    )
    theme = record(
        Theme,
        copied_from=lineage(1),
        previous=lineage(1),
        **theme_links,
        recommendations=recommendations,
        subthemes=list_of(subtheme),
    )
    return list_of(theme)


def _nullable(read):
    def read_or_none(value, path, errors):
        return None if value is None else read(value, path, errors)

    return read_or_none


_edition_read = record(
    Edition,
    scope=scope_read,
    contact=text(nullable=True),
    copied_from=lineage(0),
    themes=_themes_read(),
    # Without a scope of its own: that of the edition it is nested in.
    working_copy=_nullable(
        record(
            Edition,
            contact=text(nullable=True),
            copied_from=lineage(0),
            themes=_themes_read(working_copy=True),
        )
    ),
)
DOCUMENT = {
    "districts": list_of(record(District), named("slug")),
    "provinces": list_of(record(Province, district=text(nullable=True)), named("cbs_code")),
    "municipalities": list_of(
        record(
            Municipality,
            province=text(),
            successors=list_of(text()),
            aliases=list_of(record(MunicipalityAlias), named("slug")),
        ),
        named("cbs_code"),
    ),
    "contacts": list_of(record(Contact, district=text(nullable=True)), named("slug")),
    "regional_figures": list_of(
        record(
            RegionalFigures,
            region=one_of(["municipality", "province", "district"]),
            rows=list_of(record(FigureRow)),
        )
    ),
    "campaigns": list_of(
        record(
            Campaign,
            central_contact=text(nullable=True),
            copied_from=text(nullable=True),
            key_figures=list_of(record(KeyFigure)),
            events=list_of(record(CampaignEvent), named("title")),
            editions=list_of(_edition_read),
        ),
        named("slug"),
    ),
    "upcoming_elections": list_of(record(UpcomingElection)),
    "parties": parties_read,
    "site_pages": list_of(record(SitePage), named("key")),
}


def _upgrade(data):
    """An older document as the current version, one version step at a time."""
    if data.get("version") == 1:
        data = _upgrade_to_2(data)
    if data.get("version") == 2:
        data = _upgrade_to_3(data)
    if data.get("version") == 3:
        data = _upgrade_to_4(data)
    if data.get("version") == 4:
        data = _upgrade_to_5(data)
    if data.get("version") == 5:
        data = _upgrade_to_6(data)
    if data.get("version") == 6:
        data = _upgrade_to_7(data)
    if data.get("version") == 7:
        data = _upgrade_to_8(data)
    return data


def _campaign_records(data):
    return _dicts(data.get("campaigns"))


def _dicts(value):
    """The objects in `value`, if it is a list (an older document is not yet checked)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _theme_records(campaign):
    """The themes and sub-themes of a campaign record."""
    for edition in _dicts(campaign.get("editions")):
        for theme in _dicts(edition.get("themes")):
            yield theme
            yield from _dicts(theme.get("subthemes"))


def _upgrade_to_2(data):
    """Version 1 as version 2: no parties, no public party results."""
    for campaign in _campaign_records(data):
        campaign.setdefault("party_results_public", False)
    return {**data, "version": 2, "parties": data.get("parties", [])}


def _upgrade_to_3(data):
    """Version 2 as version 3: campaigns without events, themes without `previous`."""
    for campaign in _campaign_records(data):
        campaign.setdefault("events", [])
        for theme in _theme_records(campaign):
            theme.setdefault("previous", None)
    return {**data, "version": 3}


def _upgrade_to_4(data):
    """Version 3 as version 4: no upcoming elections, figure sets that name no manifesto,
    campaigns without web copy or links, municipalities without a display name. The
    member e-mail (`intro_letter`) is not copied to the web intro: it speaks of "deze
    e-mail" and "hieronder", which a page cannot keep."""
    for figures in _dicts(data.get("regional_figures")):
        figures.setdefault("manifesto_year", None)
    for campaign in _campaign_records(data):
        for name in ("web_intro", "call_to_action", "flyer_url", "campaign_page_url"):
            campaign.setdefault(name, "")
    for municipality in _dicts(data.get("municipalities")):
        municipality.setdefault("display_name", "")
    return {**data, "version": 4, "upcoming_elections": data.get("upcoming_elections", [])}


def _upgrade_to_5(data):
    """Version 4 as version 5: campaigns without follow-up copy (after election day their
    pages show no introduction and no call to action until staff write them)."""
    for campaign in _campaign_records(data):
        for name in ("follow_up_intro", "follow_up_call_to_action"):
            campaign.setdefault(name, "")
    return {**data, "version": 5}


def _upgrade_to_6(data):
    """Version 5 as version 6: themes without a slug, which the import makes from their
    titles (importer.py)."""
    for campaign in _campaign_records(data):
        for theme in _theme_records(campaign):
            theme.setdefault("slug", "")
    return {**data, "version": 6}


def _upgrade_to_7(data):
    """Version 6 as version 7: campaigns in the default colour (config/identity.py), no
    pages about the site (the database's stay as they are)."""
    for campaign in _campaign_records(data):
        campaign.setdefault("colour", DEFAULT_TINT)
    return {**data, "version": 7, "site_pages": data.get("site_pages", [])}


def _upgrade_to_8(data):
    """Version 7 as version 8: no edition has a working copy."""
    for campaign in _campaign_records(data):
        for edition in _dicts(campaign.get("editions")):
            edition.setdefault("working_copy", None)
    return {**data, "version": 8}


def document_read(data):
    """The document checked and converted; raises ContentTransferError listing every problem."""
    if not isinstance(data, dict):
        raise ContentTransferError(["Het bestand is geen JSON-object."])
    if data.get("format") != FORMAT:
        raise ContentTransferError([f'Dit is geen inhoudsexport: verwacht "format": "{FORMAT}".'])
    if data.get("version") not in READABLE_VERSIONS:
        raise ContentTransferError(
            [
                f"Versie {data.get('version')!r} van het formaat wordt niet ondersteund; "
                f"deze installatie leest versie {', '.join(map(str, sorted(READABLE_VERSIONS)))}."
            ]
        )
    data = _upgrade(data)
    errors = []
    unknown = sorted(set(data) - {"format", "version", *DOCUMENT})
    if unknown:
        errors.append(f"Onbekende onderdelen: {', '.join(unknown)}.")
    document = {}
    for key, read in DOCUMENT.items():
        if key not in data:
            errors.append(f"Het onderdeel {key!r} ontbreekt.")
            continue
        document[key] = read(data[key], key, errors)
    if errors:
        raise ContentTransferError(errors)
    return document
