"""Models as the API shows them: JSON-ready dicts of public fields only.

Each function names the fields it sends; nothing is serialised wholesale, so a new
model field (or a contact's user account) never reaches the API by accident. The
texts of an edition, theme and recommendation are the ones declared as content in
manifestos/fields.py (`texts()`), so a text declared there is sent without a change
here. Texts that pages render as rich text are sent as the same sanitised HTML
(`*_html`). Every shape here is described in schema.py.
"""

from django.urls import reverse

from config.richtext import render_inline, render_richtext
from manifestos.fields import EDITION, RECOMMENDATION, THEME, Text, text_lines

from .http import absolute


def rich_html(text):
    """A rich-text field as pages render it: sanitised HTML."""
    return str(render_richtext(text))


def text_key(name, kind):
    """The key a content text is sent under: its name when plain, else `<name>_html`."""
    return name if kind == Text.PLAIN else f"{name}_html"


# How each kind of content text is sent: as typed, or as the sanitised HTML pages show.
_TEXT_RENDERERS = {
    Text.PLAIN: str,
    Text.INLINE: lambda text: str(render_inline(text)),
    Text.RICH: rich_html,
    Text.LINES: lambda text: [str(render_inline(line)) for line in text_lines(text)],
}


def texts(obj, declared):
    """The content texts of `obj` (`declared`: EDITION, THEME or RECOMMENDATION of
    manifestos/fields.py) as pages show them, in their declared order."""
    return {
        text_key(name, kind): _TEXT_RENDERERS[kind](getattr(obj, name))
        for name, kind in declared.texts.items()
    }


def _api(request, name, **kwargs):
    return absolute(request, reverse(f"api:{name}", kwargs=kwargs))


def _moment(value):
    return value.isoformat() if value else None


def province_ref(request, province):
    if province is None:
        return None
    return {
        "code": province.cbs_code,
        "name": province.name,
        "slug": province.slug,
        "url": _api(request, "province-detail", code=province.cbs_code),
    }


def municipality_ref(request, municipality):
    if municipality is None:
        return None
    return {
        "code": municipality.cbs_code,
        "name": municipality.name,
        "slug": municipality.slug,
        "url": _api(request, "municipality-detail", code=municipality.cbs_code),
    }


def district_ref(district):
    if district is None:
        return None
    return {"slug": district.slug, "name": district.name}


# --- campaigns ------------------------------------------------------------------------


def campaign_summary(request, campaign):
    return {
        "slug": campaign.slug,
        "name": campaign.name,
        "election_type": campaign.election_type,
        "election_type_label": str(campaign.get_election_type_display()),
        "election_date": campaign.election_date.isoformat(),
        "status": campaign.status,
        "published_at": _moment(campaign.published_at),
        "updated_at": _moment(campaign.updated_at),
        "tagline": campaign.tagline,
        "regional_pages": not campaign.level.national_only,
        "url": _api(request, "campaign-detail", slug=campaign.slug),
        "html_url": absolute(request, campaign.get_absolute_url()),
    }


def campaign_detail(request, campaign, *, editions, national):
    return {
        **campaign_summary(request, campaign),
        "web_intro_html": rich_html(campaign.web_intro),
        "call_to_action": campaign.call_to_action,
        "follow_up_intro_html": rich_html(campaign.follow_up_intro),
        "follow_up_call_to_action": campaign.follow_up_call_to_action,
        "intro_letter_html": rich_html(campaign.intro_letter),
        "foreword_html": rich_html(campaign.foreword),
        "foreword_author": campaign.foreword_author,
        "foreword_author_role": campaign.foreword_author_role,
        "about_html": rich_html(campaign.about),
        "recommendations_heading": str(campaign.recommendations_heading),
        "key_figures": [
            {"value": figure.value, "label": figure.label} for figure in campaign.key_figures.all()
        ],
        "flyer_url": absolute(request, campaign.flyer_link) if campaign.flyer_link else None,
        "campaign_page_url": campaign.campaign_page_link or None,
        "central_contact": contact(request, campaign.central_contact),
        "national_edition": edition_summary(request, national) if national else None,
        "editions": [edition_summary(request, edition) for edition in editions],
        "editions_url": absolute(
            request, reverse("api:edition-list") + f"?campaign={campaign.slug}"
        ),
    }


# --- editions, themes, recommendations ------------------------------------------------


def _scope(edition):
    return ("national", "province", "municipality")[edition.specificity]


def edition_url(request, edition):
    """The edition's API address: its campaign's slug and its key (`Edition.key`)."""
    return _api(request, "edition-detail", campaign=edition.campaign.slug, key=edition.key)


def edition_summary(request, edition):
    """Needs the edition's campaign, province and municipality (select_related)."""
    return {
        "key": edition.key,
        "campaign": edition.campaign.slug,
        "title": edition.title,
        "scope": _scope(edition),
        "scope_label": str(edition.scope_label),
        "province": province_ref(request, edition.province),
        "municipality": municipality_ref(request, edition.municipality),
        "status": edition.status,
        "published_at": _moment(edition.published_at or edition.campaign.published_at),
        "updated_at": _moment(edition.updated_at),
        "url": edition_url(request, edition),
        "html_url": absolute(request, edition.get_absolute_url()),
    }


def recommendation(item):
    return {
        "position": item.position,
        **texts(item, RECOMMENDATION),
    }


def theme(item, *, page_url, number=None, children=()):
    """A theme with its recommendations in order; sub-themes (`children`) inside it."""
    return {
        "slug": item.slug,
        "position": item.position,
        "number": number,
        **texts(item, THEME),
        "html_url": f"{page_url}#{item.anchor}",
        "recommendations": [recommendation(entry) for entry in item.recommendations.all()],
        "subthemes": [theme(child, page_url=page_url) for child in children],
    }


def themes(edition, *, page_url):
    """The edition's themes in reading order, sub-themes inside their theme; needs
    `Edition.objects.with_content()`."""
    return [
        theme(top, page_url=page_url, number=number, children=top.children)
        for number, top in enumerate(edition.theme_tree(), start=1)
    ]


def edition_texts(edition):
    """An edition's texts after its summary: the summary's title keeps its place."""
    return texts(edition, EDITION)


def edition_detail(request, edition):
    summary = edition_summary(request, edition)
    return {
        **summary,
        **edition_texts(edition),
        "recommendations_heading": str(edition.campaign.recommendations_heading),
        "contact": contact(request, edition.contact),
        "themes": themes(edition, page_url=summary["html_url"]),
    }


# --- regions, figures, contacts -------------------------------------------------------


def figures(figures, *, page_region=None):
    """One set of regional figures with its breakdowns (needs `with_rows()`)."""
    region = figures.region
    kind = (
        "municipality"
        if figures.municipality_id
        else "province"
        if figures.province_id
        else ("district")
    )

    def rows(items):
        return [{"label": row.label, "value": float(row.value), "unit": row.unit} for row in items]

    data = {
        "region": {
            "type": kind,
            "code": getattr(region, "cbs_code", None),
            "name": region.name,
            "slug": region.slug,
        },
        "reference_date": figures.reference_date.isoformat() if figures.reference_date else None,
        "source": figures.source,
        "manifesto_year": figures.manifesto_year,
        "member_companies": figures.member_companies,
        "employees": figures.employees,
        "company_types": rows(figures.company_types()),
        "education_levels": rows(figures.education_levels()),
    }
    if page_region is not None:
        data["is_fallback"] = region != page_region
    return data


def province_summary(request, province):
    return {**province_ref(request, province), "district": district_ref(province.district)}


def municipality_summary(request, municipality):
    return {
        **municipality_ref(request, municipality),
        "display_name": municipality.display_name or None,
        "province": province_ref(request, municipality.province),
        "valid_from": municipality.valid_from.isoformat() if municipality.valid_from else None,
        "valid_until": municipality.valid_until.isoformat() if municipality.valid_until else None,
    }


def contact(request, person):
    """A contact card as pages show it; never the linked user account."""
    if person is None:
        return None
    return {
        "slug": person.slug,
        "name": person.name,
        "role": person.role,
        "email": person.email or None,
        "phone": person.phone or None,
        "photo_url": absolute(request, person.photo.url) if person.photo else None,
        "bio_html": rich_html(person.bio),
        "district": district_ref(person.district),
        "url": _api(request, "contact-detail", slug=person.slug),
    }
