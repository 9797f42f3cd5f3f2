"""The public comparison: /<campaign>/vergelijk/ lists themes, …/vergelijk/<theme>/ shows one."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..views import _campaign_or_404
from .themes import comparable_themes, theme_comparison


def campaign_compare(request, campaign):
    campaign = _campaign_or_404(campaign)
    return render(
        request,
        "manifestos/compare/theme_list.html",
        {"campaign": campaign, "pairs": comparable_themes(campaign)},
    )


def theme_compare(request, campaign, theme):
    campaign = _campaign_or_404(campaign)
    comparison = theme_comparison(campaign, theme)
    if comparison is None:
        raise Http404(_("Voor dit thema is er geen vergelijking met eerdere verkiezingen."))
    return render(
        request,
        "manifestos/compare/theme_compare.html",
        {"campaign": campaign, "comparison": comparison},
    )
