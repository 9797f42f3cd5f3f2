"""All content as one JSON document, and back: for backups and for moving content.

`content_export()` writes every model of the three apps (the register, contacts,
figures, campaigns, editions, themes, recommendations) with natural keys (CBS
codes, slugs, positions) instead of database ids; `content_import()` checks a
document completely and writes it in one transaction, so a bad document changes
nothing. The format is described in `docs/content-format.md`.

Deliberately not in the document: user accounts (and so a contact's link to
one: accounts belong to an environment) and the change history. Who recorded a
party's stage is written as a username and linked again to the account with that
username on import, if there is one. Uploaded files (photos, flyers, reactions)
are referenced by their name in the media storage only.
"""

import datetime
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from campaigns.models import Campaign, CampaignEvent, KeyFigure
from regions.models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)

from .models import Adoption, Edition, Party, Recommendation, Theme

FORMAT = "metaalunie-verkiezingen-inhoud"
# Version 2 added the parties and what they did (`parties`) and the campaign's
# `party_results_public`; a version 1 document is read as one without parties.
# Version 3 added each campaign's agenda (`events`) and a theme's `previous` (the theme
# at the previous election, for the public comparison); a version 1 or 2 document is read
# as one whose campaigns have no events and whose themes have no such links.
VERSION = 3
READABLE_VERSIONS = {1, 2, 3}

# The fields each model's objects carry as they are (converted by field type).
FIELDS = {
    District: ["slug", "name"],
    Province: ["cbs_code", "name", "slug"],
    Municipality: ["cbs_code", "name", "slug", "valid_from", "valid_until"],
    MunicipalityAlias: ["name", "slug"],
    Contact: ["slug", "name", "role", "email", "phone", "photo", "bio"],
    RegionalFigures: ["source", "reference_date", "member_companies", "employees"],
    FigureRow: ["kind", "position", "label", "value", "unit"],
    Campaign: [
        "slug",
        "name",
        "election_type",
        "election_date",
        "status",
        "published_at",
        "tagline",
        "intro_letter",
        "foreword",
        "foreword_author",
        "foreword_author_role",
        "about",
        "flyer",
        "image",
        "image_alt",
        "party_results_public",
        "created_at",
        "updated_at",
    ],
    KeyFigure: ["position", "value", "label"],
    CampaignEvent: [
        "uid",
        "title",
        "kind",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "location",
        "description",
        "url",
        "sequence",
        "created_at",
        "updated_at",
    ],
    Edition: ["title", "intro", "closing", "status", "published_at", "updated_at"],
    Theme: [
        "position",
        "title",
        "intro",
        "facts_title",
        "facts",
        "quote",
        "quote_author",
        "quote_author_role",
    ],
    Recommendation: ["position", "lead", "body", "points", "conclusion"],
    Party: [
        "name",
        "website",
        "sent_on",
        "sent_by",
        "sent_recorded_at",
        "reaction_on",
        "reaction_summary",
        "reaction_link",
        "reaction_file",
        "reaction_recorded_at",
    ],
    Adoption: ["stage", "adopted_on", "evidence_quote", "evidence_link", "recorded_at"],
}
# Relations: written as natural keys, or expressed by nesting an object in its parent.
RELATIONS = {
    District: [],
    Province: ["district"],
    Municipality: ["province", "successors"],
    MunicipalityAlias: ["municipality"],
    Contact: ["district"],
    RegionalFigures: ["municipality", "province", "district"],
    FigureRow: ["figures"],
    Campaign: ["central_contact", "copied_from"],
    KeyFigure: ["campaign"],
    CampaignEvent: ["campaign"],
    Edition: ["campaign", "province", "municipality", "contact", "copied_from"],
    Theme: ["edition", "parent", "copied_from", "previous"],
    Recommendation: ["theme", "copied_from"],
    Party: ["campaign", "municipality", "province", "sent_recorded_by", "reaction_recorded_by"],
    Adoption: ["party", "recommendation", "recorded_by"],
}
# Left out on purpose: user accounts belong to an environment, not to the content.
# An event's `ends_at` follows from its dates and is set again when it is saved; a
# recommendation's search vector is computed by the database from its text.
LEFT_OUT = {
    Contact: ["user"],
    CampaignEvent: ["ends_at"],
    Recommendation: ["search_vector"],
}

# In the order they are written; deleted in reverse.
CONTENT_MODELS = list(FIELDS)


class ContentTransferError(Exception):
    """A document that cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class ContentReport:
    counts: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)

    def lines(self):
        lines = [f"{name}: {count}" for name, count in self.counts.items()]
        if self.replaced:
            replaced = ", ".join(f"{count} {name}" for name, count in self.replaced.items())
            lines.insert(0, f"Vervangen (verwijderd): {replaced}.")
        return lines


def content_counts():
    """{verbose name: number} of every content model that has objects."""
    counts = {}
    for model in CONTENT_MODELS:
        count = model._default_manager.count()
        if count:
            counts[str(model._meta.verbose_name_plural)] = count
    return counts


# --- export ------------------------------------------------------------------------------


def _dump(model_field, value):
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    if isinstance(model_field, models.TimeField):
        return value.isoformat()
    if isinstance(model_field, models.UUIDField):
        return str(value)
    if isinstance(model_field, models.DecimalField):
        return f"{value:.{model_field.decimal_places}f}"
    return value


def _values(obj):
    model = type(obj)
    return {name: _dump(model._meta.get_field(name), getattr(obj, name)) for name in FIELDS[model]}


def _scope(edition):
    if edition.municipality_id:
        return {"municipality": edition.municipality.cbs_code}
    if edition.province_id:
        return {"province": edition.province.cbs_code}
    return None


def _scope_order(scope):
    if scope is None:
        return (0, "")
    kind, code = next(iter(scope.items()))
    return (1 if kind == "province" else 2, code)


def _region(figures):
    if figures.municipality_id:
        return {"municipality": figures.municipality.cbs_code}
    if figures.province_id:
        return {"province": figures.province.cbs_code}
    return {"district": figures.district.slug}


def _sorted_json(items):
    """Items in a stable order that depends only on their content."""
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))


def content_export() -> dict:
    """Every content object, nested where it belongs, in an order fixed by natural keys."""
    districts = [_values(d) for d in District.objects.order_by("slug")]
    provinces = [
        {**_values(p), "district": p.district.slug if p.district_id else None}
        for p in Province.objects.select_related("district").order_by("cbs_code")
    ]
    municipalities = [
        {
            **_values(m),
            "province": m.province.cbs_code,
            "successors": sorted(s.cbs_code for s in m.successors.all()),
            "aliases": [_values(a) for a in sorted(m.aliases.all(), key=lambda a: a.slug)],
        }
        for m in Municipality.objects.select_related("province")
        .prefetch_related("successors", "aliases")
        .order_by("cbs_code")
    ]
    contacts = [
        {**_values(c), "district": c.district.slug if c.district_id else None}
        for c in Contact.objects.select_related("district").order_by("slug")
    ]
    campaigns, recommendation_keys = _campaigns_export()
    figures = _sorted_json(
        {
            "region": _region(f),
            **_values(f),
            "rows": [
                _values(row)
                for row in sorted(f.rows.all(), key=lambda row: (row.kind, row.position))
            ],
        }
        for f in RegionalFigures.objects.with_rows()
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "districts": districts,
        "provinces": provinces,
        "municipalities": municipalities,
        "contacts": contacts,
        "regional_figures": figures,
        "campaigns": campaigns,
        "parties": _parties_export(recommendation_keys),
    }


def _campaigns_export():
    editions = list(
        Edition.objects.select_related("campaign", "province", "municipality", "contact")
    )
    edition_keys = {e.pk: {"campaign": e.campaign.slug, "scope": _scope(e)} for e in editions}
    themes = list(Theme.objects.all())
    theme_by_pk = {t.pk: t for t in themes}

    def theme_path(theme):
        if theme.parent_id is None:
            return [theme.position]
        return [theme_by_pk[theme.parent_id].position, theme.position]

    theme_keys = {t.pk: {**edition_keys[t.edition_id], "theme": theme_path(t)} for t in themes}
    recommendations = list(Recommendation.objects.all())
    recommendation_keys = {
        r.pk: {**theme_keys[r.theme_id], "recommendation": r.position} for r in recommendations
    }

    def group(objects, attribute):
        grouped = {}
        for obj in objects:
            grouped.setdefault(getattr(obj, attribute), []).append(obj)
        return grouped

    recommendations_of = group(recommendations, "theme_id")
    subthemes_of = group((t for t in themes if t.parent_id), "parent_id")
    themes_of = group((t for t in themes if t.parent_id is None), "edition_id")
    editions_of = group(editions, "campaign_id")

    def theme_export(theme):
        data = {
            **_values(theme),
            "copied_from": theme_keys.get(theme.copied_from_id),
            "previous": theme_keys.get(theme.previous_id),
            "recommendations": [
                {**_values(r), "copied_from": recommendation_keys.get(r.copied_from_id)}
                for r in sorted(recommendations_of.get(theme.pk, []), key=lambda r: r.position)
            ],
        }
        if theme.parent_id is None:
            data["subthemes"] = [
                theme_export(sub)
                for sub in sorted(subthemes_of.get(theme.pk, []), key=lambda t: t.position)
            ]
        return data

    def edition_export(edition):
        return {
            "scope": _scope(edition),
            **_values(edition),
            "contact": edition.contact.slug if edition.contact_id else None,
            "copied_from": edition_keys.get(edition.copied_from_id),
            "themes": [
                theme_export(t)
                for t in sorted(themes_of.get(edition.pk, []), key=lambda t: t.position)
            ],
        }

    campaigns = Campaign.objects.select_related("central_contact", "copied_from").prefetch_related(
        "key_figures", "events"
    )
    exported = [
        {
            **_values(campaign),
            "central_contact": (
                campaign.central_contact.slug if campaign.central_contact_id else None
            ),
            "copied_from": campaign.copied_from.slug if campaign.copied_from_id else None,
            "key_figures": [
                _values(k) for k in sorted(campaign.key_figures.all(), key=lambda k: k.position)
            ],
            "events": [
                _values(e)
                for e in sorted(campaign.events.all(), key=lambda e: (e.start_date, str(e.uid)))
            ],
            "editions": [
                edition_export(e)
                for e in sorted(
                    editions_of.get(campaign.pk, []), key=lambda e: _scope_order(_scope(e))
                )
            ],
        }
        for campaign in sorted(campaigns, key=lambda c: c.slug)
    ]
    return exported, recommendation_keys


def _usernames(*ids):
    """{user pk: username} of the accounts that recorded something."""
    user_model = get_user_model()
    return dict(
        user_model.objects.filter(pk__in={pk for pk in ids if pk}).values_list(
            "pk", user_model.USERNAME_FIELD
        )
    )


def _parties_export(recommendation_keys):
    """Every party with its stages and adoptions; accounts named by their username."""
    parties = list(
        Party.objects.select_related("campaign", "municipality", "province").prefetch_related(
            "adoptions"
        )
    )
    usernames = _usernames(
        *(p.sent_recorded_by_id for p in parties),
        *(p.reaction_recorded_by_id for p in parties),
        *(a.recorded_by_id for p in parties for a in p.adoptions.all()),
    )

    exported = [
        {
            "campaign": party.campaign.slug,
            "region": _scope(party),
            **_values(party),
            "sent_recorded_by": usernames.get(party.sent_recorded_by_id),
            "reaction_recorded_by": usernames.get(party.reaction_recorded_by_id),
            "adoptions": _sorted_json(
                {
                    "recommendation": recommendation_keys[adoption.recommendation_id],
                    **_values(adoption),
                    "recorded_by": usernames.get(adoption.recorded_by_id),
                }
                for adoption in party.adoptions.all()
            ),
        }
        for party in parties
    ]
    return sorted(
        exported,
        key=lambda p: (p["campaign"], _scope_order(p["region"]), p["name"].lower(), p["name"]),
    )


# --- reading a document ------------------------------------------------------------------
# Each reader takes (value, path, errors) and returns the value converted, or None after
# adding what is wrong to `errors`; so one pass over the document finds every problem.


def _load(model_field, value, path, errors):
    def wrong(expected):
        errors.append(f"{path}: verwacht {expected}, gevonden {value!r}.")

    if value is None:
        if model_field.null:
            return None
        wrong("een waarde (niet null)")
        return None
    if isinstance(model_field, models.BooleanField):
        if not isinstance(value, bool):
            return wrong("true of false")
        return value
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            return wrong("een geheel getal")
        return value
    if not isinstance(value, str):
        return wrong("tekst")
    parse = expected = None
    for field_class, (field_parse, field_expected) in _TEXT_PARSERS.items():
        if isinstance(model_field, field_class):
            parse, expected = field_parse, field_expected
            break
    if parse is None:
        return value
    try:
        return parse(value)
    except (ValueError, InvalidOperation):
        return wrong(expected)


def _aware_datetime(value):
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


# Fields stored as text in the document, in subclass-first order (a DateTimeField is a
# DateField): how to read them, and what to say when that fails.
_TEXT_PARSERS = {
    models.DateTimeField: (_aware_datetime, "een tijdstip met tijdzone (ISO 8601)"),
    models.DateField: (datetime.date.fromisoformat, "een datum (JJJJ-MM-DD)"),
    models.TimeField: (datetime.time.fromisoformat, "een tijd (UU:MM:SS)"),
    models.UUIDField: (uuid.UUID, "een UUID"),
    models.DecimalField: (Decimal, "een getal als tekst"),
}


def _text(nullable=False):
    def read(value, path, errors):
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value:
            errors.append(f"{path}: verwacht tekst, gevonden {value!r}.")
            return None
        return value

    return read


def _list_of(read_item, key=None):
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


def _one_of(kinds, nullable=False):
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


_scope_read = _one_of(["province", "municipality"], nullable=True)


def _lineage(level):
    """A natural key of an edition, theme or recommendation: where something was copied from."""
    keys = ["campaign", "scope", "theme", "recommendation"][: level + 2]

    def read(value, path, errors):
        if value is None:
            return None
        if not isinstance(value, dict) or sorted(value) != sorted(keys):
            errors.append(f"{path}: verwacht null of een verwijzing met {', '.join(keys)}.")
            return None
        key = [_text()(value["campaign"], f"{path}.campaign", errors)]
        key.append(_scope_read(value["scope"], f"{path}.scope", errors))
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


def _record(model, **relations):
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
        record = {
            name: _load(model._meta.get_field(name), value[name], f"{path}.{name}", errors)
            for name in FIELDS[model]
        }
        for key, read_relation in relations.items():
            record[key] = read_relation(value[key], f"{path}.{key}", errors)
        return record

    return read


def _named(*keys):
    def name(item):
        for key in keys:
            if isinstance(item.get(key), str):
                return item[key]
        return None

    return name


_recommendation_read = _record(Recommendation, copied_from=_lineage(2))
_subtheme_read = _record(
    Theme,
    copied_from=_lineage(1),
    previous=_lineage(1),
    recommendations=_list_of(_recommendation_read),
)
_theme_read = _record(
    Theme,
    copied_from=_lineage(1),
    previous=_lineage(1),
    recommendations=_list_of(_recommendation_read),
    subthemes=_list_of(_subtheme_read),
)
_edition_read = _record(
    Edition,
    scope=_scope_read,
    contact=_text(nullable=True),
    copied_from=_lineage(0),
    themes=_list_of(_theme_read),
)
DOCUMENT = {
    "districts": _list_of(_record(District), _named("slug")),
    "provinces": _list_of(_record(Province, district=_text(nullable=True)), _named("cbs_code")),
    "municipalities": _list_of(
        _record(
            Municipality,
            province=_text(),
            successors=_list_of(_text()),
            aliases=_list_of(_record(MunicipalityAlias), _named("slug")),
        ),
        _named("cbs_code"),
    ),
    "contacts": _list_of(_record(Contact, district=_text(nullable=True)), _named("slug")),
    "regional_figures": _list_of(
        _record(
            RegionalFigures,
            region=_one_of(["municipality", "province", "district"]),
            rows=_list_of(_record(FigureRow)),
        )
    ),
    "campaigns": _list_of(
        _record(
            Campaign,
            central_contact=_text(nullable=True),
            copied_from=_text(nullable=True),
            key_figures=_list_of(_record(KeyFigure)),
            events=_list_of(_record(CampaignEvent), _named("title")),
            editions=_list_of(_edition_read),
        ),
        _named("slug"),
    ),
    "parties": _list_of(
        _record(
            Party,
            campaign=_text(),
            region=_scope_read,
            sent_recorded_by=_text(nullable=True),
            reaction_recorded_by=_text(nullable=True),
            adoptions=_list_of(
                _record(Adoption, recommendation=_lineage(2), recorded_by=_text(nullable=True))
            ),
        ),
        _named("name"),
    ),
}


def _upgrade(data):
    """An older document as the current version, one version step at a time."""
    if data.get("version") == 1:
        data = _upgrade_to_2(data)
    if data.get("version") == 2:
        data = _upgrade_to_3(data)
    return data


def _campaign_records(data):
    campaigns = data.get("campaigns")
    return [c for c in campaigns if isinstance(c, dict)] if isinstance(campaigns, list) else []


def _upgrade_to_2(data):
    """Version 1 as version 2: no parties, no public party results."""
    for campaign in _campaign_records(data):
        campaign.setdefault("party_results_public", False)
    return {**data, "version": 2, "parties": data.get("parties", [])}


def _upgrade_to_3(data):
    """Version 2 as version 3: campaigns without events, themes without `previous`."""
    for campaign in _campaign_records(data):
        campaign.setdefault("events", [])
        editions = campaign.get("editions")
        for edition in editions if isinstance(editions, list) else []:
            themes = edition.get("themes") if isinstance(edition, dict) else None
            for theme in themes if isinstance(themes, list) else []:
                if not isinstance(theme, dict):
                    continue
                theme.setdefault("previous", None)
                subthemes = theme.get("subthemes")
                for sub in subthemes if isinstance(subthemes, list) else []:
                    if isinstance(sub, dict):
                        sub.setdefault("previous", None)
    return {**data, "version": 3}


def _document_read(data):
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


# --- import ------------------------------------------------------------------------------


class _Writer:
    """Creates the objects of a checked document; collects every validation error."""

    def __init__(self):
        self.errors = []
        self.districts = {}
        self.provinces = {}
        self.municipalities = {}
        self.contacts = {}
        self.campaigns = {}
        self.editions = {}
        self.themes = {}
        self.recommendations = {}
        # (model, pk, {field: value}) to set last, with update(): lineage links may point
        # forward, and timestamps must survive the saves before them.
        self.finishing = []

    def save(self, obj, path):
        try:
            obj.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                where = path if name == "__all__" else f"{path}.{name}"
                self.errors.extend(f"{where}: {message}" for message in messages)
            return None
        obj.save()
        return obj

    def lookup(self, objects, key, path, what):
        if key is None:
            return None
        if key not in objects:
            self.errors.append(f"{path}: {what} {key!r} staat niet in het bestand.")
            return None
        return objects[key]

    def fields(self, model, record):
        return {name: record[name] for name in FIELDS[model]}

    def finish_later(self, obj, **values):
        self.finishing.append((type(obj), obj.pk, values))

    def write(self, document):
        for record in document["districts"]:
            district = self.save(
                District(**self.fields(District, record)), f"districts[{record['slug']}]"
            )
            if district:
                self.districts[district.slug] = district
        for record in document["provinces"]:
            path = f"provinces[{record['cbs_code']}]"
            district = self.lookup(self.districts, record["district"], path, "district")
            province = self.save(Province(**self.fields(Province, record), district=district), path)
            if province:
                self.provinces[province.cbs_code] = province
        self.write_municipalities(document["municipalities"])
        for record in document["contacts"]:
            path = f"contacts[{record['slug']}]"
            district = self.lookup(self.districts, record["district"], path, "district")
            contact = self.save(Contact(**self.fields(Contact, record), district=district), path)
            if contact:
                self.contacts[contact.slug] = contact
        for index, record in enumerate(document["regional_figures"]):
            self.write_figures(record, f"regional_figures[{index}]")
        for record in document["campaigns"]:
            self.write_campaign(record)
        self.write_lineage(document["campaigns"])
        self.write_parties(document["parties"])
        if self.errors:
            return
        for model, pk, values in self.finishing:
            model._default_manager.filter(pk=pk).update(**values)

    def write_municipalities(self, records):
        for record in records:
            path = f"municipalities[{record['cbs_code']}]"
            province = self.lookup(self.provinces, record["province"], path, "provincie")
            municipality = self.save(
                Municipality(**self.fields(Municipality, record), province=province), path
            )
            if municipality is None:
                continue
            self.municipalities[municipality.cbs_code] = municipality
            for alias in record["aliases"]:
                self.save(
                    MunicipalityAlias(
                        **self.fields(MunicipalityAlias, alias), municipality=municipality
                    ),
                    f"{path}.aliases[{alias['slug']}]",
                )
        for record in records:
            path = f"municipalities[{record['cbs_code']}].successors"
            municipality = self.municipalities.get(record["cbs_code"])
            successors = [
                self.lookup(self.municipalities, code, path, "gemeente")
                for code in record["successors"]
            ]
            if municipality and all(successors):
                municipality.successors.set(successors)

    def region(self, kind, key, path):
        objects = {
            "municipality": self.municipalities,
            "province": self.provinces,
            "district": self.districts,
        }[kind]
        return self.lookup(objects, key, path, kind)

    def write_figures(self, record, path):
        kind, key = record["region"]
        region = self.region(kind, key, f"{path}.region")
        if region is None:
            return
        figures = self.save(
            RegionalFigures(**self.fields(RegionalFigures, record), **{kind: region}), path
        )
        if figures is None:
            return
        for index, row in enumerate(record["rows"]):
            self.save(
                FigureRow(**self.fields(FigureRow, row), figures=figures), f"{path}.rows[{index}]"
            )

    def scope(self, scope, path):
        if scope is None:
            return {}
        kind, code = scope
        region = self.region(kind, code, path)
        return {kind: region} if region else None

    def write_campaign(self, record):
        path = f"campaigns[{record['slug']}]"
        values = self.fields(Campaign, record)
        central_contact = self.lookup(
            self.contacts, record["central_contact"], f"{path}.central_contact", "contactpersoon"
        )
        campaign = self.save(Campaign(**values, central_contact=central_contact), path)
        if campaign is None:
            return
        self.campaigns[campaign.slug] = campaign
        self.finish_later(
            campaign, created_at=values["created_at"], updated_at=values["updated_at"]
        )
        for figure in record["key_figures"]:
            self.save(
                KeyFigure(**self.fields(KeyFigure, figure), campaign=campaign),
                f"{path}.key_figures[{figure['position']}]",
            )
        for event_record in record["events"]:
            values = self.fields(CampaignEvent, event_record)
            event = self.save(
                CampaignEvent(**values, campaign=campaign), f"{path}.events[{values['uid']}]"
            )
            if event is not None:
                self.finish_later(
                    event, created_at=values["created_at"], updated_at=values["updated_at"]
                )
        for edition_record in record["editions"]:
            self.write_edition(campaign, edition_record, path)

    def write_edition(self, campaign, record, campaign_path):
        scope_name = record["scope"][1] if record["scope"] else "landelijk"
        path = f"{campaign_path}.editions[{scope_name}]"
        scope = self.scope(record["scope"], f"{path}.scope")
        if scope is None:
            return
        contact = self.lookup(self.contacts, record["contact"], f"{path}.contact", "contact")
        values = self.fields(Edition, record)
        edition = self.save(Edition(**values, campaign=campaign, **scope, contact=contact), path)
        if edition is None:
            return
        key = (campaign.slug, record["scope"])
        self.editions[key] = edition
        self.finish_later(edition, updated_at=values["updated_at"])
        for theme_record in record["themes"]:
            theme = self.write_theme(edition, key, theme_record, None, path)
            if theme is None:
                continue
            for sub_record in theme_record["subthemes"]:
                self.write_theme(edition, key, sub_record, theme, path)

    def write_theme(self, edition, edition_key, record, parent, edition_path):
        theme_path = (parent.position, record["position"]) if parent else (record["position"],)
        path = f"{edition_path}.themes[{'.'.join(map(str, theme_path))}]"
        theme = self.save(Theme(**self.fields(Theme, record), edition=edition, parent=parent), path)
        if theme is None:
            return None
        self.themes[(*edition_key, theme_path)] = theme
        for rec in record["recommendations"]:
            recommendation = self.save(
                Recommendation(**self.fields(Recommendation, rec), theme=theme),
                f"{path}.recommendations[{rec['position']}]",
            )
            if recommendation:
                self.recommendations[(*edition_key, theme_path, rec["position"])] = recommendation
        return theme

    def write_parties(self, records):
        """Parties and their adoptions; a username without an account here is left empty."""
        user_model = get_user_model()
        names = {
            name
            for record in records
            for name in (
                record["sent_recorded_by"],
                record["reaction_recorded_by"],
                *(adoption["recorded_by"] for adoption in record["adoptions"]),
            )
            if name
        }
        users = {
            user.get_username(): user
            for user in user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": names})
        }
        for index, record in enumerate(records):
            path = f"parties[{index}]"
            campaign = self.lookup(
                self.campaigns, record["campaign"], f"{path}.campaign", "campagne"
            )
            region = self.scope(record["region"], f"{path}.region")
            if campaign is None or region is None:
                continue
            party = self.save(
                Party(
                    **self.fields(Party, record),
                    campaign=campaign,
                    **region,
                    sent_recorded_by=users.get(record["sent_recorded_by"]),
                    reaction_recorded_by=users.get(record["reaction_recorded_by"]),
                ),
                path,
            )
            if party is None:
                continue
            for number, adoption in enumerate(record["adoptions"]):
                adoption_path = f"{path}.adoptions[{number}]"
                recommendation = self.lookup(
                    self.recommendations,
                    adoption["recommendation"],
                    f"{adoption_path}.recommendation",
                    "aanbeveling",
                )
                if recommendation is None:
                    continue
                self.save(
                    Adoption(
                        **self.fields(Adoption, adoption),
                        party=party,
                        recommendation=recommendation,
                        recorded_by=users.get(adoption["recorded_by"]),
                    ),
                    adoption_path,
                )

    def write_lineage(self, campaigns):
        """Where campaigns, editions, themes and recommendations were copied from."""

        def link(obj, objects, key, path, field="copied_from"):
            if obj is None or key is None:
                return
            source = self.lookup(objects, key, f"{path}.{field}", "bron")
            if source is not None:
                self.finishing.append((type(obj), obj.pk, {field: source.pk}))

        for record in campaigns:
            path = f"campaigns[{record['slug']}]"
            link(self.campaigns.get(record["slug"]), self.campaigns, record["copied_from"], path)
            for edition_record in record["editions"]:
                key = (record["slug"], edition_record["scope"])
                link(self.editions.get(key), self.editions, edition_record["copied_from"], path)
                for theme_record in edition_record["themes"]:
                    top = theme_record["position"]
                    themes = [((top,), theme_record)] + [
                        ((top, sub["position"]), sub) for sub in theme_record["subthemes"]
                    ]
                    for theme_path, theme in themes:
                        theme_obj = self.themes.get((*key, theme_path))
                        link(theme_obj, self.themes, theme["copied_from"], path)
                        link(theme_obj, self.themes, theme["previous"], path, "previous")
                        for rec in theme["recommendations"]:
                            link(
                                self.recommendations.get((*key, theme_path, rec["position"])),
                                self.recommendations,
                                rec["copied_from"],
                                path,
                            )


def _content_delete():
    """Remove all content, children before what they point at (editions protect regions)."""
    for model in reversed(CONTENT_MODELS):
        model._default_manager.all().delete()


@transaction.atomic
def content_import(*, data, replace=False) -> ContentReport:
    """Check `data` (a parsed JSON document) completely, then write it; all or nothing.

    Into a database with content only with `replace`, which first removes all
    content (the register too). Contacts keep their user account link when a
    contact with the same slug is in the document.
    """
    document = _document_read(data)
    existing = content_counts()
    if existing and not replace:
        summary = ", ".join(f"{count} {name}" for name, count in existing.items())
        raise ContentTransferError(
            [
                f"De database bevat al inhoud ({summary}). "
                "Gebruik --replace om alle bestaande inhoud te vervangen door die uit het bestand."
            ]
        )
    user_links = dict(Contact.objects.filter(user__isnull=False).values_list("slug", "user_id"))
    _content_delete()
    writer = _Writer()
    writer.write(document)
    if writer.errors:
        raise ContentTransferError(writer.errors)
    for slug, user_id in user_links.items():
        Contact.objects.filter(slug=slug).update(user_id=user_id)
    return ContentReport(counts=content_counts(), replaced=existing)
