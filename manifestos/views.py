"""The public manifesto pages: a campaign, a province, a municipality.

A regional page, its print version, PDF and letter kit exist only for the regions the
campaign covers (`campaign.coverage`, campaigns/coverage.py); the other regional
addresses of the campaign answer a short pointer (`_pointer`).

The same views serve the staff preview under /voorbeeld/ (`preview=True`, see
`config.preview`): unpublished campaigns and editions are then shown as they will
look once published, and links and redirects between the campaign, province and
municipality pages stay in the preview.

Longer than most modules on purpose, for now: the views share the rules by which an
address of a region is answered (its page, a merged municipality's successor, an alias,
a choice, the pointer); those rules are the next candidate for a module of their own.
"""

import difflib
import re
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

from campaigns.levels import Scope
from campaigns.models import Campaign
from campaigns.preview import PreviewNotice
from config.page_cache import shared_per_version
from config.preview import public_twin, reverse_in_preview
from regions.mergers import SUCCESSOR, municipality_merger, municipality_stand_in
from regions.models import Municipality, MunicipalityAlias, Province

from .assembly import (
    municipality_named,
    municipality_page,
    province_page,
    region_pointer,
    visible,
)
from .models import Edition
from .pdf import (
    PRINT_TEMPLATE,
    manifesto_pdf_filename,
    manifesto_pdf_render,
    manifesto_print_context,
)
from .search import places_named, site_search
from .share import campaign_share_card, region_share_card, share_image_png, site_share_card


def _preview_notice(request, campaign, edition, preview):
    """The banner's facts on a preview page; None on a public page."""
    if not preview:
        return None
    return PreviewNotice(campaign=campaign, edition=edition, public_url=public_twin(request))


def _campaign_or_404(slug, *, preview=False):
    # With its phase, where an archived campaign's pages lead and which regions it has
    # pages for, in the same query; once per content version for all its public pages.
    def campaign():
        campaigns = (
            Campaign.objects.select_related("central_contact").with_key_figures().with_successor()
        )
        campaigns = visible(campaigns, preview=preview).with_coverage(preview=preview)
        return get_object_or_404(campaigns, slug=slug)

    if preview:
        return campaign()
    return shared_per_version(("campaign", slug), campaign)


# The query parameter a dissolved municipality's redirect adds (?van=weesp): the page it
# leads to says in one line where the visitor came from. Anything else in it is ignored.
CAME_FROM = "van"
SLUG = re.compile(r"[-a-z0-9]{1,100}")


def _redirect(request, view_name, *, preview, query=None, **kwargs):
    """To a manifesto view, in the preview on a preview page; a preview's redirect is
    temporary, so a browser does not remember it."""
    url = reverse_in_preview(request, f"manifestos:{view_name}", kwargs=kwargs)
    if query:
        url = f"{url}?{urlencode(query)}"
    return redirect(url, permanent=not preview)


def _to_campaign_page(request, campaign, preview):
    """A regional page its election level does not have leads to the campaign's own page."""
    return _redirect(request, "campaign-detail", campaign=campaign.slug, preview=preview)


def campaign_detail(request, campaign, *, preview=False):
    campaign = _campaign_or_404(campaign, preview=preview)
    editions = visible(Edition.objects.filter(campaign=campaign), preview=preview)
    national = editions.national().with_content().first()
    coverage = campaign.coverage
    municipalities, finder_campaigns = [], []
    if campaign.level.has_municipality_pages:
        municipalities = [
            municipality
            for municipality in Municipality.objects.valid_on(campaign.election_date)
            .select_related("province")
            .order_by("province__name", "name")
            if coverage.covers_municipality(municipality)
        ]
    else:
        # The finder on a page without municipality pages searches the current campaigns
        # that have them, and says which.
        finder_campaigns = list(Campaign.objects.current().regional(Scope.MUNICIPALITY))
    return render(
        request,
        "manifestos/campaign_detail.html",
        {
            "campaign": campaign,
            "edition": national,
            "regional_editions": editions.regional(),
            "municipalities": municipalities,
            "province_pages": {
                municipality.province_id
                for municipality in municipalities
                if coverage.covers_province(municipality.province)
            },
            "finder_campaigns": finder_campaigns,
            "finder_target": get_text_list(
                [f"de {other.name}" for other in finder_campaigns], _("en")
            ),
            "contact": (national.contact if national else None) or campaign.central_contact,
            "preview": _preview_notice(request, campaign, national, preview),
        },
    )


def province_detail(request, campaign, slug, *, preview=False):
    campaign, province, elsewhere = _province_for(request, campaign, slug, preview=preview)
    if elsewhere is not None:
        return elsewhere
    page = province_page(campaign, province, preview=preview)
    return render(
        request,
        "manifestos/province_detail.html",
        {
            "page": page,
            "campaign": campaign,
            "province": province,
            "municipalities": province.municipalities.valid_on(campaign.election_date),
            "preview": _preview_notice(request, campaign, page.edition, preview),
        },
    )


def municipality_detail(request, campaign, slug, *, preview=False):
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-detail", preview=preview
    )
    if elsewhere is not None:
        return elsewhere
    page = municipality_page(campaign, municipality, preview=preview)
    return render(
        request,
        "manifestos/municipality_detail.html",
        {
            "page": page,
            "campaign": campaign,
            "municipality": municipality,
            "merger": _came_from(request, campaign, municipality),
            "preview": _preview_notice(request, campaign, page.edition, preview),
        },
    )


def _came_from(request, campaign, municipality):
    """The merger that led here from a dissolved municipality's address (?van=weesp), if
    the parameter names one that `municipality` took over by the election date; None for
    anything else, so a made-up value shows the page as it is. The page's canonical and
    shared address stay without the parameter (`page_url`)."""
    slug = request.GET.get(CAME_FROM, "")
    if not SLUG.fullmatch(slug):
        return None
    dissolved = Municipality.objects.filter(slug=slug).first()
    if dissolved is None:
        return None
    return municipality_merger(dissolved, municipality, campaign.election_date)


def province_print(request, campaign, slug, *, preview=False):
    campaign, province, elsewhere = _province_for(request, campaign, slug, preview=preview)
    if elsewhere is not None:
        return elsewhere
    return _print_response(request, province_page(campaign, province, preview=preview))


def province_pdf(request, campaign, slug, *, preview=False):
    campaign, province, elsewhere = _province_for(request, campaign, slug, preview=preview)
    if elsewhere is not None:
        return elsewhere
    return _pdf_response(request, province_page(campaign, province, preview=preview))


def municipality_print(request, campaign, slug, *, preview=False):
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-print", preview=preview
    )
    if elsewhere is not None:
        return elsewhere
    return _print_response(request, municipality_page(campaign, municipality, preview=preview))


def municipality_pdf(request, campaign, slug, *, preview=False):
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-pdf", preview=preview
    )
    if elsewhere is not None:
        return elsewhere
    return _pdf_response(request, municipality_page(campaign, municipality, preview=preview))


def _print_response(request, page):
    context = manifesto_print_context(request=request, page=page)
    if page.preview:
        # The printed address and QR code stay the public ones: the flyer as it will be.
        region_kwargs = {"campaign": page.campaign.slug, "slug": page.region.slug}
        kind = "municipality" if page.municipality else "province"
        context |= {
            "preview": _preview_notice(request, page.campaign, page.edition, True),
            "back_url": reverse_in_preview(request, f"manifestos:{kind}-detail", region_kwargs),
            "pdf_url": reverse_in_preview(request, f"manifestos:{kind}-pdf", region_kwargs),
        }
    return render(request, PRINT_TEMPLATE, context)


def _pdf_response(request, page):
    return HttpResponse(
        manifesto_pdf_render(request=request, page=page),
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=manifesto_pdf_filename(page)
            ),
            "X-Robots-Tag": "noindex",
        },
    )


def _province_for(request, campaign_slug, slug, *, preview=False):
    """(campaign, province, None), or a response when there is no such page.

    Unpublished campaigns and unknown provinces are not found; a campaign whose
    election level has no province pages (TK, EP, Waterschap) sends the visitor to
    its own page; a province the campaign does not cover gets the pointer.
    """
    campaign = _campaign_or_404(campaign_slug, preview=preview)
    if not campaign.level.has_province_pages:
        return campaign, None, _to_campaign_page(request, campaign, preview)
    province = get_object_or_404(Province.objects.with_district_contacts(), slug=slug)
    if not campaign.coverage.covers_province(province):
        return campaign, None, _pointer(request, campaign, province, preview)
    return campaign, province, None


def _municipality_for(request, campaign_slug, slug, view_name, *, preview=False):
    """(campaign, municipality, None), or the response that sends the visitor on.

    The same rules hold for every view of a municipality (`view_name`: its page,
    print page, PDF or letter kit): unpublished campaigns are not found, a campaign whose
    election level has no municipality pages (TK, EP, Waterschap) leads to its own page,
    an alias or a merged municipality redirects to the same view of the official or
    successor municipality, a municipality the campaign does not cover gets the pointer,
    anything else gets a choice or suggestions. In a preview the redirects stay in the
    preview.
    """
    campaign = _campaign_or_404(campaign_slug, preview=preview)
    if not campaign.level.has_municipality_pages:
        return campaign, None, _to_campaign_page(request, campaign, preview)
    municipality = municipality_named(slug, preview=preview)
    if municipality is None:
        elsewhere = _unknown_municipality(request, campaign, slug, view_name, preview)
        return campaign, None, elsewhere
    if not municipality.is_valid_on(campaign.election_date):
        elsewhere = _municipality_elsewhere(request, campaign, municipality, view_name, preview)
        return campaign, None, elsewhere
    if not campaign.coverage.covers_municipality(municipality):
        return campaign, None, _pointer(request, campaign, municipality, preview)
    return campaign, municipality, None


def _pointer(request, campaign, region, preview):
    """The answer for a region the campaign has no page for (assembly.region_pointer).

    A 404 with a helpful body, like an unknown municipality's: no manifesto lives here,
    which search engines, link checkers and the API (a 404 there too) are told plainly;
    visitors read the same useful page. Never indexed; nothing to print, share or send.
    """
    municipality = region if isinstance(region, Municipality) else None
    province = municipality.province if municipality else region
    pointer = region_pointer(
        campaign, province=province, municipality=municipality, preview=preview
    )
    response = render(
        request,
        "manifestos/region_pointer.html",
        {
            "campaign": campaign,
            "pointer": pointer,
            "page_title": capfirst(pointer.region_label),
            "preview": _preview_notice(request, campaign, None, preview),
        },
        status=404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _municipality_url(request, campaign, municipality, view_name, preview, came_from=None):
    """A redirect to the same view of `municipality`; its page (not its print or PDF) also
    hears which dissolved municipality (`came_from`) the visitor asked for."""
    query = (
        {CAME_FROM: came_from.slug} if came_from and view_name == "municipality-detail" else None
    )
    return _redirect(
        request,
        view_name,
        campaign=campaign.slug,
        slug=municipality.slug,
        preview=preview,
        query=query,
    )


def _choice(
    request, campaign, *, title, message, municipalities, preview, status=200, came_from=None
):
    return render(
        request,
        "manifestos/municipality_choice.html",
        {
            "campaign": campaign,
            "title": title,
            "message": message,
            "municipalities": municipalities,
            "came_from": came_from,
            "not_found": status == 404,
            "preview": _preview_notice(request, campaign, None, preview),
        },
        status=status,
    )


def _unknown_municipality(request, campaign, slug, view_name, preview):
    """An alias ("den-haag") redirects; anything else gets suggestions and a 404."""
    aliases = list(
        MunicipalityAlias.objects.filter(slug=slug)
        .select_related("municipality__province")
        .order_by("municipality__name")
    )
    valid = [
        alias.municipality
        for alias in aliases
        if alias.municipality.is_valid_on(campaign.election_date)
    ]
    if len(valid) == 1:
        return _municipality_url(request, campaign, valid[0], view_name, preview)
    if valid:
        return _choice(
            request,
            campaign,
            title=_("Welke gemeente bedoelt u?"),
            message=_("Er zijn meerdere gemeenten met deze naam."),
            municipalities=valid,
            preview=preview,
        )
    candidates = {
        m.slug: m
        for m in Municipality.objects.valid_on(campaign.election_date).select_related("province")
        if campaign.coverage.covers_municipality(m)
    }
    close = difflib.get_close_matches(slug, candidates, n=5, cutoff=0.6)
    return _choice(
        request,
        campaign,
        title=_("Gemeente niet gevonden"),
        message=_("Er is geen gemeente met dit adres in deze campagne."),
        municipalities=[candidates[match] for match in close],
        preview=preview,
        status=404,
    )


def _municipality_elsewhere(request, campaign, municipality, view_name, preview):
    """A municipality that did not exist on the election date (regions.mergers decides who
    stands for it; of those, the ones the campaign has a page for)."""
    stand_in = municipality_stand_in(municipality, campaign.election_date)
    with_page = [m for m in stand_in.municipalities if campaign.coverage.covers_municipality(m)]
    if stand_in.municipalities and not with_page:
        return _pointer(request, campaign, municipality, preview)
    if stand_in.relation == SUCCESSOR:
        if len(with_page) == 1:
            return _municipality_url(
                request, campaign, with_page[0], view_name, preview, municipality
            )
        if not with_page:
            raise Http404(_("Deze gemeente bestond niet op de verkiezingsdatum."))
        return _choice(
            request,
            campaign,
            title=_("%(name)s is opgeheven") % {"name": municipality.name},
            message=_(
                "De gemeente %(name)s bestaat sinds %(date)s niet meer en is verdeeld over "
                "deze gemeenten:"
            )
            % {"name": municipality.name, "date": f"{municipality.valid_until:%d-%m-%Y}"},
            municipalities=with_page,
            preview=preview,
            came_from=municipality,
        )
    return _choice(
        request,
        campaign,
        title=_("%(name)s bestond nog niet") % {"name": municipality.name},
        message=_(
            "Bij deze verkiezingen bestond de gemeente %(name)s nog niet. Kies een van de "
            "gemeenten waaruit zij is ontstaan:"
        )
        % {"name": municipality.name},
        municipalities=with_page,
        preview=preview,
        status=200 if with_page else 404,
    )


def share_image(request, campaign):
    """The picture a link to a campaign's pages shows when shared (og:image)."""
    return _share_image_response(request, campaign_share_card(_campaign_or_404(campaign)))


def municipality_share_image(request, campaign, slug):
    """The picture a link to a municipality's page shows when shared."""
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-share-image"
    )
    if elsewhere is not None:
        return elsewhere
    return _share_image_response(request, region_share_card(campaign, municipality))


def province_share_image(request, campaign, slug):
    """The picture a link to a province's page shows when shared."""
    campaign, province, elsewhere = _province_for(request, campaign, slug)
    if elsewhere is not None:
        return elsewhere
    return _share_image_response(request, region_share_card(campaign, province))


def site_share_image(request):
    """The picture of pages that belong to no campaign (home, search, 404)."""
    return _share_image_response(request, site_share_card())


def _share_image_response(request, card):
    response = HttpResponse(share_image_png(card), content_type="image/png")
    response["ETag"] = f'"{card.digest}"'
    return get_conditional_response(request, etag=response["ETag"], response=response)


def search(request):
    """Full-text search over the recommendations of public campaigns: /zoeken/?q=…"""
    results = site_search(request.GET.get("q", ""), page=request.GET.get("pagina"))
    return render(
        request,
        "manifestos/search_results.html",
        {
            "results": results,
            "query": results.query,
            # A place name leads to that municipality's page, above the recommendations.
            "places": places_named(results.query) if results.query else [],
            # Only read when nothing was found, to point to the current manifestos.
            "current_campaigns": Campaign.objects.current(),
        },
    )
