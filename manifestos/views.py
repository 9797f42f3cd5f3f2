"""The public manifesto pages: a campaign, a province, a municipality."""

import difflib

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from regions.models import Municipality, MunicipalityAlias, Province

from .assembly import municipality_page, province_page
from .models import Edition
from .pdf import (
    PRINT_TEMPLATE,
    manifesto_pdf_filename,
    manifesto_pdf_render,
    manifesto_print_context,
)
from .search import site_search
from .share import campaign_share_card, share_image_png, site_share_card


def _public_campaign(slug):
    return get_object_or_404(Campaign.objects.public(), slug=slug)


def campaign_detail(request, campaign):
    campaign = _public_campaign(campaign)
    editions = Edition.objects.filter(campaign=campaign).public()
    national = editions.national().with_content().first()
    municipalities = []
    if not campaign.is_national:
        municipalities = (
            Municipality.objects.valid_on(campaign.election_date)
            .select_related("province")
            .order_by("province__name", "name")
        )
    return render(
        request,
        "manifestos/campaign_detail.html",
        {
            "campaign": campaign,
            "edition": national,
            "regional_editions": editions.regional(),
            "municipalities": municipalities,
            "contact": (national.contact if national else None) or campaign.central_contact,
        },
    )


def province_detail(request, campaign, slug):
    campaign, province, elsewhere = _province_for(campaign, slug)
    if elsewhere is not None:
        return elsewhere
    return render(
        request,
        "manifestos/province_detail.html",
        {
            "page": province_page(campaign, province),
            "campaign": campaign,
            "province": province,
            "municipalities": province.municipalities.valid_on(campaign.election_date),
        },
    )


def municipality_detail(request, campaign, slug):
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-detail"
    )
    if elsewhere is not None:
        return elsewhere
    return render(
        request,
        "manifestos/municipality_detail.html",
        {
            "page": municipality_page(campaign, municipality),
            "campaign": campaign,
            "municipality": municipality,
        },
    )


def province_print(request, campaign, slug):
    campaign, province, elsewhere = _province_for(campaign, slug)
    if elsewhere is not None:
        return elsewhere
    return _print_response(request, province_page(campaign, province))


def province_pdf(request, campaign, slug):
    campaign, province, elsewhere = _province_for(campaign, slug)
    if elsewhere is not None:
        return elsewhere
    return _pdf_response(request, province_page(campaign, province))


def municipality_print(request, campaign, slug):
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-print"
    )
    if elsewhere is not None:
        return elsewhere
    return _print_response(request, municipality_page(campaign, municipality))


def municipality_pdf(request, campaign, slug):
    campaign, municipality, elsewhere = _municipality_for(
        request, campaign, slug, "municipality-pdf"
    )
    if elsewhere is not None:
        return elsewhere
    return _pdf_response(request, municipality_page(campaign, municipality))


def _print_response(request, page):
    return render(request, PRINT_TEMPLATE, manifesto_print_context(request=request, page=page))


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


def _province_for(campaign_slug, slug):
    """(campaign, province, None), or a response when there is no such page.

    Unpublished campaigns and unknown provinces are not found; a national
    campaign has no regional pages, so it sends the visitor to its own page.
    """
    campaign = _public_campaign(campaign_slug)
    if campaign.is_national:
        return campaign, None, redirect(campaign, permanent=True)
    province = get_object_or_404(Province.objects.select_related("district"), slug=slug)
    return campaign, province, None


def _municipality_for(request, campaign_slug, slug, view_name):
    """(campaign, municipality, None), or the response that sends the visitor on.

    The same rules hold for every view of a municipality (`view_name`: its page,
    print page or PDF): unpublished campaigns are not found, a national campaign
    leads to its own page, an alias or a merged municipality redirects to the same
    view of the official or successor municipality, anything else gets a choice
    or suggestions.
    """
    campaign = _public_campaign(campaign_slug)
    if campaign.is_national:
        return campaign, None, redirect(campaign, permanent=True)
    municipality = Municipality.objects.with_region().filter(slug=slug).first()
    if municipality is None:
        return campaign, None, _unknown_municipality(request, campaign, slug, view_name)
    if not municipality.is_valid_on(campaign.election_date):
        return campaign, None, _municipality_elsewhere(request, campaign, municipality, view_name)
    return campaign, municipality, None


def _municipality_url(campaign, municipality, view_name):
    return redirect(
        f"manifestos:{view_name}",
        campaign=campaign.slug,
        slug=municipality.slug,
        permanent=True,
    )


def _choice(request, campaign, *, title, message, municipalities, status=200):
    return render(
        request,
        "manifestos/municipality_choice.html",
        {
            "campaign": campaign,
            "title": title,
            "message": message,
            "municipalities": municipalities,
            "not_found": status == 404,
        },
        status=status,
    )


def _unknown_municipality(request, campaign, slug, view_name):
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
        return _municipality_url(campaign, valid[0], view_name)
    if valid:
        return _choice(
            request,
            campaign,
            title=_("Welke gemeente bedoelt u?"),
            message=_("Er zijn meerdere gemeenten met deze naam."),
            municipalities=valid,
        )
    candidates = {
        m.slug: m
        for m in Municipality.objects.valid_on(campaign.election_date).select_related("province")
    }
    close = difflib.get_close_matches(slug, candidates, n=5, cutoff=0.6)
    return _choice(
        request,
        campaign,
        title=_("Gemeente niet gevonden"),
        message=_("Er is geen gemeente met dit adres in deze campagne."),
        municipalities=[candidates[match] for match in close],
        status=404,
    )


def _municipality_elsewhere(request, campaign, municipality, view_name):
    """A municipality that did not exist on the election date."""
    date = campaign.election_date
    if municipality.valid_until is not None and municipality.valid_until <= date:
        successors = _successors_on(municipality, date)
        if len(successors) == 1:
            return _municipality_url(campaign, successors[0], view_name)
        if not successors:
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
            municipalities=successors,
        )
    predecessors = [
        m for m in municipality.predecessors.select_related("province") if m.is_valid_on(date)
    ]
    return _choice(
        request,
        campaign,
        title=_("%(name)s bestond nog niet") % {"name": municipality.name},
        message=_(
            "Bij deze verkiezingen bestond de gemeente %(name)s nog niet. Kies een van de "
            "gemeenten waaruit zij is ontstaan:"
        )
        % {"name": municipality.name},
        municipalities=predecessors,
        status=200 if predecessors else 404,
    )


def _successors_on(municipality, date, _depth=0):
    """The municipalities that carried on `municipality` and existed on `date`."""
    found = []
    for successor in municipality.successors.select_related("province"):
        if successor.is_valid_on(date):
            found.append(successor)
        elif _depth < 10:
            found.extend(_successors_on(successor, date, _depth + 1))
    return found


def share_image(request, campaign):
    """The picture a link to a campaign's pages shows when shared (og:image)."""
    return _share_image_response(request, campaign_share_card(_public_campaign(campaign)))


def site_share_image(request):
    """The picture of pages that belong to no campaign (home, search, 404)."""
    return _share_image_response(request, site_share_card())


def _share_image_response(request, card):
    response = HttpResponse(share_image_png(card), content_type="image/png")
    response["ETag"] = f'"{card.digest}"'
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
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
            # Only read when nothing was found, to point to the current manifestos.
            "current_campaigns": Campaign.objects.current(),
        },
    )
