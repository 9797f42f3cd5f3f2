"""Writing all content as one document: `content_export()`.

Every object nested where it belongs, named by natural keys (CBS codes, slugs,
positions) instead of database ids, in an order fixed by those keys: the export
is a pure function of the content, so two exports of the same content are
identical and a `diff` of two exports shows what changed.
"""

import json

from campaigns.models import Campaign, SitePage, UpcomingElection
from regions.models import Contact, District, Municipality, Province, RegionalFigures

from ..models import Edition, Recommendation, Theme
from .format import FORMAT, VERSION
from .parties import parties_export
from .values import scope_key, scope_order, sorted_by_content, values_dump


def _region(figures):
    if figures.municipality_id:
        return {"municipality": figures.municipality.cbs_code}
    if figures.province_id:
        return {"province": figures.province.cbs_code}
    return {"district": figures.district.slug}


def content_export() -> dict:
    """Every content object, nested where it belongs, in an order fixed by natural keys."""
    districts = [values_dump(d) for d in District.objects.order_by("slug")]
    provinces = [
        {**values_dump(p), "district": p.district.slug if p.district_id else None}
        for p in Province.objects.select_related("district").order_by("cbs_code")
    ]
    municipalities = [
        {
            **values_dump(m),
            "province": m.province.cbs_code,
            "successors": sorted(s.cbs_code for s in m.successors.all()),
            "aliases": [values_dump(a) for a in sorted(m.aliases.all(), key=lambda a: a.slug)],
        }
        for m in Municipality.objects.select_related("province")
        .prefetch_related("successors", "aliases")
        .order_by("cbs_code")
    ]
    contacts = [
        {**values_dump(c), "district": c.district.slug if c.district_id else None}
        for c in Contact.objects.select_related("district").order_by("slug")
    ]
    campaigns, recommendation_keys = _campaigns_export()
    figures = sorted_by_content(
        {
            "region": _region(f),
            **values_dump(f),
            "rows": [
                values_dump(row)
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
        "upcoming_elections": [
            values_dump(upcoming)
            for upcoming in UpcomingElection.objects.order_by("election_date", "election_type")
        ],
        "parties": parties_export(recommendation_keys),
        "site_pages": [values_dump(page) for page in SitePage.objects.order_by("key")],
    }


def content_export_text() -> str:
    """The export as the file `export_content` writes: indented UTF-8 JSON."""
    return json.dumps(content_export(), ensure_ascii=False, indent=2) + "\n"


def _campaigns_export():
    """The campaigns with everything nested in them, and {recommendation pk: its key}."""
    every_edition = list(
        Edition.objects.select_related("campaign", "province", "municipality", "contact")
    )
    editions = [e for e in every_edition if e.replaces_id is None]
    # A working copy (manifestos/working_copies.py) is nested in the edition it replaces.
    working_copy_of = {e.replaces_id: e for e in every_edition if e.replaces_id is not None}
    edition_keys = {e.pk: {"campaign": e.campaign.slug, "scope": scope_key(e)} for e in editions}
    every_theme = list(Theme.objects.all())
    themes = [t for t in every_theme if t.edition_id in edition_keys]
    theme_by_pk = {t.pk: t for t in every_theme}

    def theme_path(theme):
        if theme.parent_id is None:
            return [theme.position]
        return [theme_by_pk[theme.parent_id].position, theme.position]

    theme_keys = {t.pk: {**edition_keys[t.edition_id], "theme": theme_path(t)} for t in themes}
    every_recommendation = list(Recommendation.objects.all())
    recommendation_keys = {
        r.pk: {**theme_keys[r.theme_id], "recommendation": r.position}
        for r in every_recommendation
        if r.theme_id in theme_keys
    }

    def group(objects, attribute):
        grouped = {}
        for obj in objects:
            grouped.setdefault(getattr(obj, attribute), []).append(obj)
        return grouped

    recommendations_of = group(every_recommendation, "theme_id")
    subthemes_of = group((t for t in every_theme if t.parent_id), "parent_id")
    themes_of = group((t for t in every_theme if t.parent_id is None), "edition_id")
    editions_of = group(editions, "campaign_id")

    def theme_export(theme, working_copy=False):
        # In a working copy, each theme and recommendation also names what it replaces.
        replaces = (lambda keys, pk: {"replaces": keys.get(pk)}) if working_copy else None
        data = {
            **values_dump(theme),
            "copied_from": theme_keys.get(theme.copied_from_id),
            "previous": theme_keys.get(theme.previous_id),
            **(replaces(theme_keys, theme.replaces_id) if replaces else {}),
            "recommendations": [
                {
                    **values_dump(r),
                    "copied_from": recommendation_keys.get(r.copied_from_id),
                    **(replaces(recommendation_keys, r.replaces_id) if replaces else {}),
                }
                for r in sorted(recommendations_of.get(theme.pk, []), key=lambda r: r.position)
            ],
        }
        if theme.parent_id is None:
            data["subthemes"] = [
                theme_export(sub, working_copy)
                for sub in sorted(subthemes_of.get(theme.pk, []), key=lambda t: t.position)
            ]
        return data

    def edition_export(edition, working_copy=False):
        data = {
            **({} if working_copy else {"scope": scope_key(edition)}),
            **values_dump(edition),
            "contact": edition.contact.slug if edition.contact_id else None,
            "copied_from": edition_keys.get(edition.copied_from_id),
            "themes": [
                theme_export(t, working_copy)
                for t in sorted(themes_of.get(edition.pk, []), key=lambda t: t.position)
            ],
        }
        if not working_copy:
            copy = working_copy_of.get(edition.pk)
            data["working_copy"] = edition_export(copy, working_copy=True) if copy else None
        return data

    campaigns = Campaign.objects.select_related("central_contact", "copied_from").prefetch_related(
        "key_figures", "events"
    )
    exported = [
        {
            **values_dump(campaign),
            "central_contact": (
                campaign.central_contact.slug if campaign.central_contact_id else None
            ),
            "copied_from": campaign.copied_from.slug if campaign.copied_from_id else None,
            "key_figures": [
                values_dump(k) for k in sorted(campaign.key_figures.all(), key=lambda k: k.position)
            ],
            "events": [
                values_dump(e)
                for e in sorted(campaign.events.all(), key=lambda e: (e.start_date, str(e.uid)))
            ],
            "editions": [
                edition_export(e)
                for e in sorted(
                    editions_of.get(campaign.pk, []), key=lambda e: scope_order(scope_key(e))
                )
            ],
        }
        for campaign in sorted(campaigns, key=lambda c: c.slug)
    ]
    return exported, recommendation_keys
