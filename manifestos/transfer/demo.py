"""Loading the demo content: the real election material in `manifestos/demo/*.toml`.

The files are described in `manifestos/demo/README.md`; they stay with the app's
other data, this module only reads them. Everything is loaded in one transaction,
so a broken file changes nothing; a campaign, contact or figure set that already
exists is left alone, so loading twice changes nothing (`replace=True` reloads
campaigns).
"""

import tomllib
import uuid
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignEvent, KeyFigure, UpcomingElection
from config.identity import DEFAULT_TINT
from config.validation import validated_save
from regions.models import Contact, FigureRow, Municipality, Province, RegionalFigures

from ..fields import EDITION, RECOMMENDATION, THEME, Text
from ..models import Edition, Recommendation, Theme

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
# The calendar id of a demo event follows from its campaign, date and title, so that
# reloading the demo content does not make subscribed calendars show an event twice.
EVENT_UID_NAMESPACE = uuid.UUID("6f1d2a0e-2c3b-4d52-9a55-6d6574616175")
CAMPAIGN_FILES = ["gr2026.toml", "tk2025.toml", "ps2023.toml", "gr2022.toml", "tk2021.toml"]


class DemoContentError(Exception):
    pass


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # (theme, {"campaign": slug, "title": title}, where): linked once every campaign is in.
    previous_links: list = field(default_factory=list)


def _saved(instance, where):
    """Validate like a form would, then save; errors name the place in the file."""
    try:
        return validated_save(instance)
    except ValidationError as exc:
        raise DemoContentError(f"{where}: {exc.message_dict}") from exc


def _load(name):
    path = DEMO_DIR / name
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoContentError(f"{name}: {exc}") from exc


def contacts_load(report):
    for data in _load("people.toml")["contacts"]:
        if Contact.objects.filter(slug=data["key"]).exists():
            report.skipped.append(f"contactpersoon {data['name']}")
            continue
        _saved(
            Contact(
                slug=data["key"],
                name=data["name"],
                role=data["role"],
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                bio=data.get("bio", ""),
            ),
            f"people.toml {data['key']}",
        )
        report.created.append(f"contactpersoon {data['name']}")


def _region(data, where):
    try:
        if "municipality" in data:
            return {"municipality": Municipality.objects.get(cbs_code=data["municipality"])}
        return {"province": Province.objects.get(cbs_code=data["province"])}
    except (Municipality.DoesNotExist, Province.DoesNotExist, KeyError):
        raise DemoContentError(
            f"{where}: onbekende regio; laad eerst het gemeenteregister "
            "(python manage.py import_municipalities)."
        ) from None


def figures_load(report):
    for index, data in enumerate(_load("figures.toml")["figures"], start=1):
        where = f"figures.toml [[figures]] #{index}"
        region = _region(data, where)
        reference_date = data.get("reference_date")
        if RegionalFigures.objects.filter(
            **region, source=data["source"], reference_date=reference_date
        ).exists():
            report.skipped.append(f"cijfers {next(iter(region.values()))}")
            continue
        figures = _saved(
            RegionalFigures(
                **region,
                source=data["source"],
                reference_date=reference_date,
                manifesto_year=data.get("manifesto_year"),
                member_companies=data.get("member_companies"),
                employees=data.get("employees"),
            ),
            where,
        )
        positions = {}
        for row in data.get("rows", []):
            positions[row["kind"]] = positions.get(row["kind"], 0) + 1
            _saved(
                FigureRow(
                    figures=figures,
                    kind=row["kind"],
                    position=positions[row["kind"]],
                    label=row["label"],
                    value=str(row["value"]),
                    unit=row.get("unit", FigureRow.Unit.COUNT),
                ),
                where,
            )
        report.created.append(f"cijfers {figures.region}")


def upcoming_load(report):
    """The next elections, announced before there is a campaign (`upcoming.toml`)."""
    for index, data in enumerate(_load("upcoming.toml").get("upcoming", []), start=1):
        election = {"election_type": data["election_type"], "election_date": data["election_date"]}
        if UpcomingElection.objects.filter(**election).exists():
            report.skipped.append(f"volgende verkiezing {data['name']}")
            continue
        upcoming = _saved(
            UpcomingElection(**election, name=data.get("name", ""), notes=data.get("notes", "")),
            f"upcoming.toml [[upcoming]] #{index}",
        )
        report.created.append(f"volgende verkiezing {upcoming}")


def _contact(key, where):
    if not key:
        return None
    try:
        return Contact.objects.get(slug=key)
    except Contact.DoesNotExist:
        raise DemoContentError(f"{where}: onbekende contactpersoon {key!r}") from None


def _texts(model, declared, data):
    """The texts of `model` (manifestos/fields.py) from a TOML table, under their field names.

    A text the model requires must be there; the others default to empty. Rich texts
    lose the line breaks around TOML's multi-line strings; sub-points are a list.
    """
    texts = {}
    for name, kind in declared.texts.items():
        if not model._meta.get_field(name).blank:
            value = data[name]
        else:
            value = data.get(name, [] if kind == Text.LINES else "")
        if kind == Text.LINES:
            value = "\n".join(line.strip() for line in value)
        elif kind == Text.RICH:
            value = value.strip()
        texts[name] = value
    return texts


def _themes_load(edition, themes, where, report, parent=None):
    for position, data in enumerate(themes, start=1):
        theme_where = f"{where} thema {data.get('title')!r}"
        theme = _saved(
            Theme(
                edition=edition,
                parent=parent,
                position=position,
                **_texts(Theme, THEME, data),
            ),
            theme_where,
        )
        if "previous" in data:
            report.previous_links.append((theme, data["previous"], theme_where))
        for rec_position, rec in enumerate(data.get("recommendations", []), start=1):
            _saved(
                Recommendation(
                    theme=theme,
                    position=rec_position,
                    **_texts(Recommendation, RECOMMENDATION, rec),
                ),
                f"{theme_where} aanbeveling {rec_position}",
            )
        if data.get("subthemes"):
            if parent is not None:
                raise DemoContentError(f"{theme_where}: subthema's kunnen niet genest worden")
            _themes_load(edition, data["subthemes"], where, report, parent=theme)


def campaign_load(name, report, *, replace=False):
    data = _load(name)
    info = data["campaign"]
    existing = Campaign.objects.filter(slug=info["slug"]).first()
    if existing and not replace:
        report.skipped.append(f"campagne {existing}")
        return
    published_at = existing.published_at if existing else None
    if existing:
        existing.delete()
    if info["status"] != Campaign.Status.DRAFT:
        published_at = published_at or timezone.now()
    campaign = _saved(
        Campaign(
            slug=info["slug"],
            name=info["name"],
            election_type=info["election_type"],
            election_date=info["election_date"],
            status=info["status"],
            published_at=published_at,
            tagline=info.get("tagline", ""),
            colour=info.get("colour", DEFAULT_TINT),
            web_intro=info.get("web_intro", "").strip(),
            call_to_action=info.get("call_to_action", ""),
            follow_up_intro=info.get("follow_up_intro", "").strip(),
            follow_up_call_to_action=info.get("follow_up_call_to_action", ""),
            intro_letter=info.get("intro_letter", "").strip(),
            foreword=info.get("foreword", "").strip(),
            foreword_author=info.get("foreword_author", ""),
            foreword_author_role=info.get("foreword_author_role", ""),
            about=info.get("about", "").strip(),
            flyer_url=info.get("flyer_url", ""),
            campaign_page_url=info.get("campaign_page_url", ""),
            central_contact=_contact(info.get("central_contact"), name),
        ),
        f"{name} [campaign]",
    )
    for position, figure in enumerate(info.get("key_figures", []), start=1):
        _saved(
            KeyFigure(
                campaign=campaign, position=position, value=figure["value"], label=figure["label"]
            ),
            f"{name} kerncijfer {position}",
        )
    for index, event in enumerate(info.get("events", []), start=1):
        _saved(
            CampaignEvent(
                campaign=campaign,
                uid=uuid.uuid5(
                    EVENT_UID_NAMESPACE,
                    f"{campaign.slug}/{event['start_date']}/{event['title']}",
                ),
                title=event["title"],
                kind=event["kind"],
                start_date=event["start_date"],
                start_time=event.get("start_time"),
                end_date=event.get("end_date"),
                end_time=event.get("end_time"),
                location=event.get("location", ""),
                description=event.get("description", "").strip(),
                url=event.get("url", ""),
            ),
            f"{name} agendapunt {index}",
        )
    for index, edition_data in enumerate(data.get("editions", []), start=1):
        where = f"{name} editie {index}"
        region = (
            _region(edition_data, where)
            if {"province", "municipality"} & edition_data.keys()
            else {}
        )
        edition = _saved(
            Edition(
                campaign=campaign,
                **region,
                status=campaign.status,
                **_texts(Edition, EDITION, edition_data),
                contact=_contact(edition_data.get("contact"), where),
            ),
            where,
        )
        _themes_load(edition, edition_data.get("themes", []), where, report)
    report.created.append(f"campagne {campaign}")


@transaction.atomic
def demo_content_load(*, replace=False) -> DemoReport:
    """Load everything or, when any file is wrong, nothing at all."""
    report = DemoReport()
    steps = [("people.toml", contacts_load), ("figures.toml", figures_load)] + [
        (name, partial(campaign_load, name, replace=replace)) for name in CAMPAIGN_FILES
    ]
    steps.append(("upcoming.toml", upcoming_load))
    for name, step in steps:
        try:
            step(report)
        except KeyError as exc:
            raise DemoContentError(f"{name}: het verplichte veld {exc} ontbreekt.") from exc
    _previous_link(report.previous_links)
    return report


def _previous_link(links):
    """Each theme's `previous = {campaign = "…", title = "…"}`: the theme on the same subject
    at the previous election (the public comparison, manifestos/compare/)."""
    for theme, key, where in links:
        earlier = Theme.objects.filter(
            edition__campaign__slug=key["campaign"], title=key["title"]
        ).first()
        if earlier is None:
            raise DemoContentError(f"{where}: onbekend vorig thema {key!r}")
        theme.previous = earlier
        _saved(theme, where)
