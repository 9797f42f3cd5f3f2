"""The OpenAPI 3.1 description of the API, built in Python next to the serialisers.

Every object is closed (`additionalProperties: false`) and every field required, so
the schema-driven tests (tests/api/test_schema.py) fail when a response and this
description drift apart in either direction.

Longer than most modules on purpose: it is one document, the schema of every
resource side by side, and reads best whole.
"""

from django.urls import reverse

from campaigns.models import Campaign, ElectionType
from manifestos.fields import EDITION, RECOMMENDATION, THEME, Text
from regions.models import FigureRow

from .http import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, absolute
from .serialise import text_key

STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
INTEGER = {"type": "integer"}
HTML = {"type": "string", "description": "Opgeschoonde HTML: p, br, strong, em, a, lijsten."}
PROVINCE_CODE = {"type": "string", "pattern": "^PV[0-9]{2}$", "examples": ["PV28"]}
MUNICIPALITY_CODE = {"type": "string", "pattern": "^GM[0-9]{4}$", "examples": ["GM0518"]}
CAMPAIGN_SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "examples": ["gr2026"]}
EDITION_KEY = {
    "type": "string",
    "pattern": "^(national|PV[0-9]{2}|GM[0-9]{4})$",
    "examples": ["national", "PV25", "GM0518"],
    "description": (
        "De sleutel van een editie binnen haar campagne: national voor de landelijke "
        "editie, anders de CBS-code van haar provincie of gemeente."
    ),
}
THEME_SLUG = {
    "type": "string",
    "pattern": "^[-a-zA-Z0-9_]+$",
    "examples": ["een-innovatieve-gemeente"],
    "description": (
        "De sleutel van een thema binnen zijn editie; op de pagina het anker #thema-<slug>."
    ),
}
PUBLIC_STATUS = {"type": "string", "enum": [Campaign.Status.PUBLISHED, Campaign.Status.ARCHIVED]}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def array(items):
    return {"type": "array", "items": items}


def closed(properties, description=None):
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


# Each kind of content text (manifestos/fields.py) as serialise.texts() sends it.
TEXT_SCHEMAS = {Text.PLAIN: STRING, Text.INLINE: HTML, Text.RICH: HTML, Text.LINES: array(HTML)}


def texts(declared):
    """The properties of the content texts of EDITION, THEME or RECOMMENDATION."""
    return {text_key(name, kind): TEXT_SCHEMAS[kind] for name, kind in declared.texts.items()}


REGION_REF = {"code": STRING, "name": STRING, "slug": STRING, "url": URL}
CAMPAIGN_SUMMARY = {
    "slug": CAMPAIGN_SLUG,
    "name": STRING,
    "election_type": {"type": "string", "enum": ElectionType.values},
    "election_type_label": STRING,
    "election_date": DATE,
    "status": PUBLIC_STATUS,
    "published_at": MOMENT,
    "updated_at": MOMENT,
    "tagline": STRING,
    "regional_pages": {
        "type": "boolean",
        "description": "Of de campagne pagina's per provincie en gemeente heeft.",
    },
    "url": URL,
    "html_url": URL,
}
EDITION_SUMMARY = {
    "key": EDITION_KEY,
    "campaign": CAMPAIGN_SLUG,
    "title": STRING,
    "scope": {"type": "string", "enum": ["national", "province", "municipality"]},
    "scope_label": STRING,
    "province": nullable(ref("RegionRef")),
    "municipality": nullable(ref("RegionRef")),
    "status": PUBLIC_STATUS,
    "published_at": MOMENT,
    "updated_at": MOMENT,
    "url": URL,
    "html_url": URL,
}
MUNICIPALITY_SUMMARY = {
    **REGION_REF,
    "code": MUNICIPALITY_CODE,
    "display_name": nullable(
        {"type": "string", "description": "De naam in lopende tekst (Den Haag), als die afwijkt."}
    ),
    "province": ref("RegionRef"),
    "valid_from": nullable(DATE),
    "valid_until": nullable(DATE),
}
PROVINCE_SUMMARY = {**REGION_REF, "code": PROVINCE_CODE, "district": nullable(ref("District"))}
FIGURE_ROW = closed(
    {
        "label": STRING,
        "value": {"type": "number", "minimum": 0},
        "unit": {"type": "string", "enum": FigureRow.Unit.values},
    }
)
FIGURES = {
    "region": closed(
        {
            "type": {"type": "string", "enum": ["municipality", "province", "district"]},
            "code": nullable(STRING),
            "name": STRING,
            "slug": STRING,
        }
    ),
    "reference_date": nullable(DATE),
    "source": STRING,
    "manifesto_year": {
        **nullable(INTEGER),
        "description": (
            "Voor cijfers zonder peildatum uit een verkiezingsmanifest van Metaalunie: het "
            "jaar van die verkiezingen (een pagina van latere verkiezingen noemt ze ‘uit het "
            "manifest van’ dat jaar)."
        ),
    },
    "member_companies": {
        **nullable(INTEGER),
        "description": "Aantal bedrijven, zoals de bron het noemt.",
    },
    "employees": {**nullable(INTEGER), "description": "Aantal medewerkers."},
    "company_types": array(ref("FigureRow")),
    "education_levels": array(ref("FigureRow")),
}
PAGE_LINK = closed(
    {"campaign": CAMPAIGN_SLUG, "url": URL, "html_url": URL},
    "De pagina van deze regio in een openbare campagne.",
)
REGION_PAGE = {
    "campaign": ref("CampaignSummary"),
    "html_url": URL,
    "edition": nullable(ref("PageEdition")),
    "recommendations_heading": STRING,
    "themes": array(ref("Theme")),
    "figures": nullable(ref("PageFigures")),
    "contact": nullable(ref("Contact")),
}

COMPONENTS = {
    "Error": closed({"fout": STRING}, "Een foutmelding in het Nederlands."),
    "RegionRef": closed(REGION_REF),
    "District": closed({"slug": STRING, "name": STRING}),
    "CampaignSummary": closed(CAMPAIGN_SUMMARY),
    "Campaign": closed(
        {
            **CAMPAIGN_SUMMARY,
            "web_intro_html": HTML,
            "call_to_action": STRING,
            "follow_up_intro_html": {
                **HTML,
                "description": "De introductie na de verkiezingsdag (vervangt web_intro_html).",
            },
            "follow_up_call_to_action": {
                **STRING,
                "description": "De oproep na de verkiezingsdag (vervangt call_to_action).",
            },
            "intro_letter_html": {**HTML, "description": "De e-mail aan de leden (opgeschoond)."},
            "foreword_html": HTML,
            "foreword_author": STRING,
            "foreword_author_role": STRING,
            "about_html": HTML,
            "recommendations_heading": STRING,
            "key_figures": array(closed({"value": STRING, "label": STRING})),
            "flyer_url": nullable(URL),
            "campaign_page_url": nullable(URL),
            "central_contact": nullable(ref("Contact")),
            "national_edition": nullable(ref("EditionSummary")),
            "editions": array(ref("EditionSummary")),
            "editions_url": URL,
        }
    ),
    "EditionSummary": closed(EDITION_SUMMARY),
    "Edition": closed(
        {
            **EDITION_SUMMARY,
            **texts(EDITION),
            "recommendations_heading": STRING,
            "contact": nullable(ref("Contact")),
            "themes": array(ref("Theme")),
        }
    ),
    "PageEdition": closed(
        {
            **EDITION_SUMMARY,
            "is_fallback": {
                "type": "boolean",
                "description": "Waar als er geen eigen editie voor deze regio is.",
            },
            **texts(EDITION),
        }
    ),
    "Recommendation": closed(
        {
            "position": INTEGER,
            **texts(RECOMMENDATION),
        }
    ),
    "Theme": closed(
        {
            "slug": THEME_SLUG,
            "position": INTEGER,
            "number": nullable(INTEGER),
            **texts(THEME),
            "html_url": URL,
            "recommendations": array(ref("Recommendation")),
            "subthemes": array(ref("Theme")),
        },
        "Een thema met zijn aanbevelingen in volgorde; subthema's daarbinnen.",
    ),
    "FigureRow": FIGURE_ROW,
    "Figures": closed(FIGURES),
    "PageFigures": closed(
        {
            **FIGURES,
            "is_fallback": {
                "type": "boolean",
                "description": "Waar als dit de cijfers van een grotere regio zijn.",
            },
        }
    ),
    "Contact": closed(
        {
            "slug": STRING,
            "name": STRING,
            "role": STRING,
            "email": nullable({"type": "string", "format": "email"}),
            "phone": nullable(STRING),
            "photo_url": nullable(URL),
            "bio_html": HTML,
            "district": nullable(ref("District")),
            "url": URL,
        },
        "Het openbare visitekaartje van een contactpersoon van Metaalunie.",
    ),
    "ProvinceSummary": closed(PROVINCE_SUMMARY),
    "Province": closed(
        {
            **PROVINCE_SUMMARY,
            "municipalities_url": URL,
            "figures": array(ref("Figures")),
            "pages": array(PAGE_LINK),
        }
    ),
    "MunicipalitySummary": closed(MUNICIPALITY_SUMMARY),
    "Municipality": closed(
        {
            **MUNICIPALITY_SUMMARY,
            "aliases": array(STRING),
            "successors": array(ref("RegionRef")),
            "predecessors": array(ref("RegionRef")),
            "figures": array(ref("Figures")),
            "pages": array(PAGE_LINK),
        }
    ),
    "MunicipalityPage": closed(
        {**REGION_PAGE, "municipality": ref("MunicipalitySummary")},
        "Het manifest zoals de gemeente het ziet: editie, thema's, cijfers, contactpersoon.",
    ),
    "ProvincePage": closed(
        {**REGION_PAGE, "province": ref("ProvinceSummary")},
        "Het manifest zoals de provincie het ziet.",
    ),
    "Index": closed(
        {
            "name": STRING,
            "version": STRING,
            "documentation": URL,
            "openapi": URL,
            "campaigns": URL,
            "editions": URL,
            "provinces": URL,
            "municipalities": URL,
            "contacts": URL,
        }
    ),
}


def _list_of(name):
    return closed(
        {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "next": nullable(URL),
            "previous": nullable(URL),
            "results": array(ref(name)),
        }
    )


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json(ref("Error"), "Ongeldige parameter."),
    "404": _json(ref("Error"), "Niet gevonden of niet openbaar."),
    "429": {
        **_json(ref("Error"), "Te veel verzoeken; probeer het na Retry-After seconden opnieuw."),
        "headers": {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}},
    },
}


def _query(name, schema, description):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGING = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Paginanummer."),
    _query(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        f"Aantal resultaten per pagina (hoogstens {MAX_PAGE_SIZE}).",
    ),
]
CAMPAIGN_FILTER = _query("campaign", CAMPAIGN_SLUG, "Alleen deze openbare campagne (slug).")
PROVINCE_FILTER = _query("province", PROVINCE_CODE, "Alleen deze provincie (CBS-code).")
MUNICIPALITY_FILTER = _query("municipality", MUNICIPALITY_CODE, "Alleen deze gemeente (CBS-code).")
ELECTION_TYPE_FILTER = _query(
    "election_type",
    {"type": "string", "enum": ElectionType.values},
    "Alleen deze soort verkiezing: TK, PS, GR, EP of WS.",
)
SLUG_PARAMETER = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": CAMPAIGN_SLUG,
    "description": "De slug van de campagne, bijvoorbeeld gr2026.",
}


def _operation(operation_id, summary, response, *, parameters=(), errors=("400", "404", "429")):
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": list(parameters),
            "responses": {
                "200": _json(ref(response), "Gevonden."),
                **{code: ERRORS[code] for code in errors},
            },
        }
    }


def _moved(operation_id, summary, to, *, parameters):
    """An old address that answers 301 to its new one, `to`."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": f"Verwijst blijvend (301) naar {to}; gebruik dat adres.",
            "deprecated": True,
            "parameters": list(parameters),
            "responses": {
                "301": {
                    "description": f"Blijvend verhuisd naar {to}.",
                    "headers": {"Location": {"schema": URL, "required": True}},
                },
                **{code: ERRORS[code] for code in ("404", "429")},
            },
        }
    }


def _list_operation(operation_id, summary, name, filters=()):
    operation = _operation(operation_id, summary, name, parameters=[*PAGING, *filters])
    operation["get"]["responses"]["200"] = _json(_list_of(name), "Eén pagina resultaten.")
    return operation


def _code(name, schema, description):
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


def openapi_document(request):
    """The OpenAPI 3.1 document, with this site's address as the server."""
    base = absolute(request, reverse("api:index")).rstrip("/")
    province_code = _code("code", PROVINCE_CODE, "CBS-code van de provincie, bijvoorbeeld PV28.")
    municipality_code = _code(
        "code", MUNICIPALITY_CODE, "CBS-code van de gemeente, bijvoorbeeld GM0518."
    )
    edition_campaign = {**SLUG_PARAMETER, "name": "campaign"}
    edition_key = _code(
        "key", EDITION_KEY, "national, of de CBS-code van de provincie of gemeente."
    )
    edition_id = _code("pk", {"type": "integer", "minimum": 1}, "Het oude nummer van de editie.")
    contact_slug = _code("slug", {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}, "Slug.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Metaalunie verkiezingen API",
            "version": "1.0.0",
            "description": (
                "Alleen-lezen toegang tot de gepubliceerde verkiezingsmanifesten van "
                "Koninklijke Metaalunie: campagnes, edities, thema's, aanbevelingen, regio's "
                "met hun cijfers en contactpersonen. Documentatie: "
                + absolute(request, reverse("api:docs"))
            ),
        },
        "servers": [{"url": base}],
        "paths": {
            "/": _operation(
                "index", "Ingang met links naar alle lijsten", "Index", errors=("429",)
            ),
            "/campaigns/": _list_operation(
                "campaignList", "Openbare campagnes", "CampaignSummary", [ELECTION_TYPE_FILTER]
            ),
            "/campaigns/{slug}/": _operation(
                "campaignDetail",
                "Eén campagne met haar edities",
                "Campaign",
                parameters=[SLUG_PARAMETER],
            ),
            "/campaigns/{slug}/municipalities/{code}/": _operation(
                "campaignMunicipality",
                "Het manifest van een campagne voor één gemeente",
                "MunicipalityPage",
                parameters=[SLUG_PARAMETER, municipality_code],
            ),
            "/campaigns/{slug}/provinces/{code}/": _operation(
                "campaignProvince",
                "Het manifest van een campagne voor één provincie",
                "ProvincePage",
                parameters=[SLUG_PARAMETER, province_code],
            ),
            "/editions/": _list_operation(
                "editionList",
                "Openbare edities",
                "EditionSummary",
                [CAMPAIGN_FILTER, ELECTION_TYPE_FILTER, PROVINCE_FILTER, MUNICIPALITY_FILTER],
            ),
            "/editions/{campaign}/{key}/": _operation(
                "editionDetail",
                "Eén editie met thema's en aanbevelingen",
                "Edition",
                parameters=[edition_campaign, edition_key],
            ),
            "/editions/{pk}/": _moved(
                "editionById",
                "Het oude adres van een editie, met haar databasenummer",
                "/editions/{campaign}/{key}/",
                parameters=[edition_id],
            ),
            "/provinces/": _list_operation("provinceList", "Provincies", "ProvinceSummary"),
            "/provinces/{code}/": _operation(
                "provinceDetail",
                "Eén provincie met haar cijfers",
                "Province",
                parameters=[province_code],
            ),
            "/municipalities/": _list_operation(
                "municipalityList",
                "Gemeenten (ook opgeheven gemeenten, met hun geldigheid)",
                "MunicipalitySummary",
                [PROVINCE_FILTER, CAMPAIGN_FILTER],
            ),
            "/municipalities/{code}/": _operation(
                "municipalityDetail",
                "Eén gemeente met haar cijfers",
                "Municipality",
                parameters=[municipality_code],
            ),
            "/contacts/": _list_operation(
                "contactList", "Contactpersonen", "Contact", [PROVINCE_FILTER]
            ),
            "/contacts/{slug}/": _operation(
                "contactDetail", "Eén contactpersoon", "Contact", parameters=[contact_slug]
            ),
        },
        "components": {"schemas": COMPONENTS},
    }
