"""The public manifesto pages: a campaign, a province, a municipality."""

import difflib

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from regions.models import Municipality, MunicipalityAlias, Province

from .assembly import municipality_page, province_page
from .models import Edition


def _public_campaign(slug):
    return get_object_or_404(Campaign.objects.public(), slug=slug)


def campaign_detail(request, campaign):
    campaign = _public_campaign(campaign)
    editions = Edition.objects.filter(campaign=campaign)
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
    campaign = _public_campaign(campaign)
    if campaign.is_national:
        return redirect(campaign, permanent=True)
    province = get_object_or_404(Province.objects.select_related("district"), slug=slug)
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
    campaign = _public_campaign(campaign)
    if campaign.is_national:
        return redirect(campaign, permanent=True)
    municipality = Municipality.objects.with_region().filter(slug=slug).first()
    if municipality is None:
        return _unknown_municipality(request, campaign, slug)
    date = campaign.election_date
    if not municipality.is_valid_on(date):
        return _municipality_elsewhere(request, campaign, municipality)
    return render(
        request,
        "manifestos/municipality_detail.html",
        {
            "page": municipality_page(campaign, municipality),
            "campaign": campaign,
            "municipality": municipality,
        },
    )


def _municipality_url(campaign, municipality):
    return redirect(
        "manifestos:municipality-detail",
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


def _unknown_municipality(request, campaign, slug):
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
        return _municipality_url(campaign, valid[0])
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


def _municipality_elsewhere(request, campaign, municipality):
    """A municipality that did not exist on the election date."""
    date = campaign.election_date
    if municipality.valid_until is not None and municipality.valid_until <= date:
        successors = _successors_on(municipality, date)
        if len(successors) == 1:
            return _municipality_url(campaign, successors[0])
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
