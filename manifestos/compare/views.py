"""The public comparison: /<campaign>/vergelijk/ lists themes, …/vergelijk/<theme>/ shows one."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..views import _campaign_or_404
from .themes import comparable_theme, comparable_themes, edition_scope, theme_comparison


def campaign_compare(request, campaign):
    campaign = _campaign_or_404(campaign)
    return render(
        request,
        "manifestos/compare/theme_list.html",
        {"campaign": campaign, "pairs": comparable_themes(campaign)},
    )


def _pair_or_404(campaign, **lookup):
    pair = comparable_theme(campaign, **lookup)
    if pair is None:
        raise Http404(_("Voor dit thema is er geen vergelijking met eerdere verkiezingen."))
    return pair


def _show(request, campaign, **lookup):
    campaign = _campaign_or_404(campaign)
    pair = _pair_or_404(campaign, **lookup)
    return render(
        request,
        "manifestos/compare/theme_compare.html",
        {"campaign": campaign, "comparison": theme_comparison(pair)},
    )


def theme_compare(request, campaign, theme):
    return _show(request, campaign, slug=theme, **edition_scope())


def province_theme_compare(request, campaign, region, theme):
    return _show(request, campaign, slug=theme, **edition_scope(province=region))


def municipality_theme_compare(request, campaign, region, theme):
    return _show(request, campaign, slug=theme, **edition_scope(municipality=region))


def theme_compare_by_id(request, campaign, theme):
    """The address of a comparison before themes had slugs: to the one it shows now."""
    campaign = _campaign_or_404(campaign)
    return redirect(_pair_or_404(campaign, pk=theme).url, permanent=True)
