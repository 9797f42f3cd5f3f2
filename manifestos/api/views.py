"""The API's endpoints: thin views over the apps' QuerySet methods and the page assembly.

Visibility is decided where the pages decide it: `Campaign.objects.public()`,
`Edition.objects.public()`, `campaign.coverage` (which regions a campaign has pages for)
and `manifestos.assembly` (which also picks the edition, figures and contact of a region
within a campaign). Every view answers a constant number of queries, whatever the
amount of content.

Longer than most modules on purpose: one short view per resource of the API, which
read best side by side with the URLconf.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.levels import Scope
from campaigns.models import Campaign, ElectionType
from config.page_cache import public_page
from manifestos.assembly import municipality_page, province_page, public_contacts
from manifestos.models import Edition
from regions.mergers import SUCCESSOR, municipality_stand_in
from regions.models import Municipality, Province, RegionalFigures

from . import serialise
from .http import (
    CAMPAIGN_SLUG,
    MAX_PAGE_SIZE,
    MUNICIPALITY_CODE,
    PROVINCE_CODE,
    ApiError,
    absolute,
    api_view,
    filter_object,
    json_response,
    paginate,
    parameter,
)
from .schema import openapi_document

BAD_VALUE = _("Parameter ‘%(name)s’ heeft een ongeldige waarde: ‘%(value)s’.")


def _public_campaigns():
    return Campaign.objects.public()


def _public_editions():
    return (
        Edition.objects.public()
        .filter(campaign__in=_public_campaigns().values("pk"))
        .select_related("campaign", "province", "municipality")
    )


def _campaign_or_404(slug):
    return filter_object(
        _public_campaigns().select_related("central_contact__district").with_coverage(),
        _("Er is geen openbare campagne ‘%(slug)s’.") % {"slug": slug},
        slug=slug,
    )


# --- filters --------------------------------------------------------------------------


def _campaign_filter(request):
    slug = parameter(request, "campaign", CAMPAIGN_SLUG, BAD_VALUE)
    return None if slug is None else _campaign_or_404(slug)


def _province_filter(request):
    code = parameter(request, "province", PROVINCE_CODE, BAD_VALUE)
    if code is None:
        return None
    return filter_object(
        Province.objects.all(),
        _("Er is geen provincie met CBS-code %(code)s.") % {"code": code},
        cbs_code=code,
    )


def _municipality_filter(request):
    code = parameter(request, "municipality", MUNICIPALITY_CODE, BAD_VALUE)
    if code is None:
        return None
    return filter_object(
        Municipality.objects.all(),
        _("Er is geen gemeente met CBS-code %(code)s.") % {"code": code},
        cbs_code=code,
    )


def _election_type_filter(request):
    value = request.GET.get("election_type")
    if value is None:
        return None
    if value not in ElectionType.values:
        raise ApiError(
            _("Parameter ‘election_type’ is een van %(types)s.")
            % {"types": ", ".join(ElectionType.values)}
        )
    return value


def _list(request, queryset, item):
    page = paginate(request, queryset)
    return json_response(
        {**page.envelope, "results": [item(request, entry) for entry in page.items]}
    )


# --- the entry point and the description ----------------------------------------------


@api_view
def index(request):
    def link(name):
        return absolute(request, reverse(f"api:{name}"))

    return json_response(
        {
            "name": "Metaalunie verkiezingen API",
            "version": "v1",
            "documentation": absolute(request, reverse("api:docs")),
            "openapi": link("openapi"),
            "campaigns": link("campaign-list"),
            "editions": link("edition-list"),
            "provinces": link("province-list"),
            "municipalities": link("municipality-list"),
            "contacts": link("contact-list"),
        }
    )


@api_view
def openapi(request):
    return json_response(openapi_document(request))


@public_page
def docs(request):
    """The Dutch documentation page (HTML) at /api/."""
    base = absolute(request, reverse("api:index"))
    return render(
        request,
        "manifestos/api_docs.html",
        {
            "base": base,
            "openapi_url": absolute(request, reverse("api:openapi")),
            "max_page_size": MAX_PAGE_SIZE,
            "rate_limit": settings.API_RATE_LIMIT,
            "rate_window": settings.API_RATE_LIMIT_WINDOW,
        },
    )


@api_view
def not_found(request, rest=""):
    raise Http404(
        _("Dit adres bestaat niet in de API. Begin bij %(index)s.")
        % {"index": absolute(request, reverse("api:index"))}
    )


# --- campaigns and editions -----------------------------------------------------------


@api_view
def campaign_list(request):
    campaigns = _public_campaigns().order_by("-election_date", "name", "slug")
    election_type = _election_type_filter(request)
    if election_type:
        campaigns = campaigns.filter(election_type=election_type)
    return _list(request, campaigns, serialise.campaign_summary)


@api_view
def campaign_detail(request, slug):
    campaign = _campaign_or_404(slug)
    editions = list(_public_editions().filter(campaign=campaign).in_key_order())
    for edition in editions:
        edition.campaign = campaign
    national = next((edition for edition in editions if edition.specificity == 0), None)
    return json_response(
        serialise.campaign_detail(request, campaign, editions=editions, national=national)
    )


@api_view
def edition_list(request):
    editions = _public_editions().in_key_order()
    if campaign := _campaign_filter(request):
        editions = editions.filter(campaign=campaign)
    if election_type := _election_type_filter(request):
        editions = editions.filter(campaign__election_type=election_type)
    if province := _province_filter(request):
        editions = editions.filter(province=province) | editions.filter(
            municipality__province=province
        )
    if municipality := _municipality_filter(request):
        editions = editions.filter(municipality=municipality)
    return _list(request, editions, serialise.edition_summary)


@api_view
def edition_detail(request, campaign, key):
    edition = filter_object(
        _public_editions().with_key(key).select_related("contact__district").with_content(),
        _("Er is geen openbare editie ‘%(key)s’ van een openbare campagne ‘%(campaign)s’.")
        % {"campaign": campaign, "key": key},
        campaign__slug=campaign,
    )
    return json_response(serialise.edition_detail(request, edition))


@api_view
def edition_by_id(request, pk):
    edition = filter_object(
        _public_editions(),
        _("Er is geen openbare editie met nummer %(id)s.") % {"id": pk},
        pk=pk,
    )
    return HttpResponsePermanentRedirect(serialise.edition_url(request, edition))


# --- a region within a campaign: the page as its visitors see it -----------------------


def _regional_campaign_or_404(slug, scope):
    """The public campaign `slug`, if its election level has pages of `scope`."""
    campaign = _campaign_or_404(slug)
    if scope not in campaign.level.regional_pages:
        raise Http404(
            _(
                "De campagne %(name)s heeft geen pagina's per provincie of gemeente; "
                "zie de landelijke editie."
            )
            % {"name": campaign.name}
        )
    return campaign


def _not_covered(request, campaign, region_label):
    """The 404 for a region the campaign has no page for, as its HTML address answers."""
    return Http404(
        _(
            "De campagne %(name)s heeft geen pagina voor de %(region)s: er verscheen geen "
            "editie die daarvoor geldt. De edities van deze campagne: %(editions)s"
        )
        % {
            "name": campaign.name,
            "region": region_label,
            "editions": absolute(
                request, reverse("api:edition-list") + f"?campaign={campaign.slug}"
            ),
        }
    )


def _region_page(request, campaign, page, *, html_url, region):
    edition = page.edition
    edition_data = None
    if edition is not None:
        edition.campaign = campaign
        edition_data = {
            **serialise.edition_summary(request, edition),
            "is_fallback": page.edition_is_fallback,
            **serialise.edition_texts(edition),
        }
    return json_response(
        {
            "campaign": serialise.campaign_summary(request, campaign),
            **region,
            "html_url": html_url,
            "edition": edition_data,
            "recommendations_heading": str(campaign.recommendations_heading),
            "themes": serialise.themes(edition, page_url=html_url) if edition else [],
            "figures": (
                serialise.figures(page.figures, page_region=page.region) if page.figures else None
            ),
            "contact": serialise.contact(request, page.contact),
        }
    )


@api_view
def campaign_municipality(request, slug, code):
    campaign = _regional_campaign_or_404(slug, Scope.MUNICIPALITY)
    municipality = Municipality.objects.with_region().filter(cbs_code=code).first()
    if municipality is None:
        raise Http404(_("Er is geen gemeente met CBS-code %(code)s.") % {"code": code})
    if not municipality.is_valid_on(campaign.election_date):
        message = _(
            "De gemeente %(name)s (%(code)s) bestond niet op de verkiezingsdatum %(date)s "
            "van deze campagne."
        ) % {"name": municipality.name, "code": code, "date": campaign.election_date.isoformat()}
        stand_in = municipality_stand_in(municipality, campaign.election_date)
        if stand_in.municipalities:
            label = _("Opgegaan in") if stand_in.relation == SUCCESSOR else _("Ontstaan uit")
            names = ", ".join(f"{item.name} ({item.cbs_code})" for item in stand_in.municipalities)
            message += f" {label}: {names}."
        raise Http404(message)
    if not campaign.coverage.covers_municipality(municipality):
        raise _not_covered(request, campaign, _("gemeente %(name)s") % {"name": municipality.name})
    page = municipality_page(campaign, municipality)
    html_url = absolute(
        request,
        reverse(
            "manifestos:municipality-detail",
            kwargs={"campaign": campaign.slug, "slug": municipality.slug},
        ),
    )
    region = {"municipality": serialise.municipality_summary(request, municipality)}
    return _region_page(request, campaign, page, html_url=html_url, region=region)


@api_view
def campaign_province(request, slug, code):
    campaign = _regional_campaign_or_404(slug, Scope.PROVINCE)
    province = _province_or_404(code)
    if not campaign.coverage.covers_province(province):
        raise _not_covered(request, campaign, _("provincie %(name)s") % {"name": province.name})
    page = province_page(campaign, province)
    html_url = absolute(
        request,
        reverse(
            "manifestos:province-detail",
            kwargs={"campaign": campaign.slug, "slug": province.slug},
        ),
    )
    region = {"province": serialise.province_summary(request, province)}
    return _region_page(request, campaign, page, html_url=html_url, region=region)


def _province_or_404(code):
    return filter_object(
        Province.objects.select_related("district"),
        _("Er is geen provincie met CBS-code %(code)s.") % {"code": code},
        cbs_code=code,
    )


# --- regions --------------------------------------------------------------------------


def _campaign_pages(request, campaigns, view_name, region):
    return [
        {
            "campaign": campaign.slug,
            "url": absolute(
                request,
                reverse(
                    f"api:campaign-{view_name}",
                    kwargs={"slug": campaign.slug, "code": region.cbs_code},
                ),
            ),
            "html_url": absolute(
                request,
                reverse(
                    f"manifestos:{view_name}-detail",
                    kwargs={"campaign": campaign.slug, "slug": region.slug},
                ),
            ),
        }
        for campaign in campaigns
    ]


def _figures_of(**region):
    return [
        serialise.figures(figures)
        for figures in RegionalFigures.objects.filter(**region).with_rows()
    ]


@api_view
def province_list(request):
    provinces = Province.objects.select_related("district").order_by("cbs_code")
    return _list(request, provinces, serialise.province_summary)


@api_view
def province_detail(request, code):
    province = _province_or_404(code)
    campaigns = [
        campaign
        for campaign in _public_campaigns()
        .with_coverage()
        .regional(Scope.PROVINCE)
        .order_by("-election_date", "name")
        if campaign.coverage.covers_province(province)
    ]
    return json_response(
        {
            **serialise.province_summary(request, province),
            "municipalities_url": absolute(
                request, reverse("api:municipality-list") + f"?province={province.cbs_code}"
            ),
            "figures": _figures_of(province=province),
            "pages": _campaign_pages(request, campaigns, "province", province),
        }
    )


@api_view
def municipality_list(request):
    municipalities = Municipality.objects.select_related("province").order_by("cbs_code")
    if province := _province_filter(request):
        municipalities = municipalities.filter(province=province)
    if campaign := _campaign_filter(request):
        municipalities = municipalities.valid_on(campaign.election_date)
    return _list(request, municipalities, serialise.municipality_summary)


@api_view
def municipality_detail(request, code):
    municipality = filter_object(
        Municipality.objects.with_region().prefetch_related(
            "aliases", "successors", "predecessors"
        ),
        _("Er is geen gemeente met CBS-code %(code)s.") % {"code": code},
        cbs_code=code,
    )
    campaigns = [
        campaign
        for campaign in _public_campaigns()
        .with_coverage()
        .regional(Scope.MUNICIPALITY)
        .order_by("-election_date", "name")
        if municipality.is_valid_on(campaign.election_date)
        and campaign.coverage.covers_municipality(municipality)
    ]

    def refs(items):
        return [serialise.municipality_ref(request, item) for item in items]

    return json_response(
        {
            **serialise.municipality_summary(request, municipality),
            "aliases": [alias.name for alias in municipality.aliases.all()],
            "successors": refs(municipality.successors.all()),
            "predecessors": refs(municipality.predecessors.all()),
            "figures": _figures_of(municipality=municipality),
            "pages": _campaign_pages(request, campaigns, "municipality", municipality),
        }
    )


# --- contacts -------------------------------------------------------------------------


def _public_contacts():
    return public_contacts().select_related("district")


@api_view
def contact_list(request):
    contacts = _public_contacts().order_by("name", "slug")
    if province := _province_filter(request):
        contacts = contacts.filter(district__isnull=False, district=province.district_id)
    return _list(request, contacts, serialise.contact)


@api_view
def contact_detail(request, slug):
    person = filter_object(
        _public_contacts(),
        _("Er is geen contactpersoon ‘%(slug)s’.") % {"slug": slug},
        slug=slug,
    )
    return json_response(serialise.contact(request, person))
