"""Where a page's member letter kit is (manifestos/outreach/)."""

from django import template
from django.urls import reverse

from campaigns.levels import Scope
from campaigns.models import Campaign, Phase

register = template.Library()


@register.simple_tag(takes_context=True)
def letter_kit_url(context):
    """The kit for the page's municipality, province or country; "" where there is none.

    Only while the campaign is campaigning (until election day is over: the letter asks
    parties for their election programmes) and never in a preview. The letter is per
    page of the election level's own scope (`page_scope`): per municipality (GR), per
    province (PS, also from a municipality's page), or one national letter.
    """
    campaign = context.get("campaign")
    if not isinstance(campaign, Campaign) or context.get("preview"):
        return ""
    if campaign.phase() != Phase.CAMPAIGNING:
        return ""
    municipality, province = context.get("municipality"), context.get("province")
    letter_scope = campaign.level.page_scope
    if letter_scope == Scope.NATIONAL:
        if municipality or province:
            return ""
        return reverse("manifestos:campaign-letter", kwargs={"campaign": campaign.slug})
    if letter_scope == Scope.PROVINCE:
        province = province or (municipality.province if municipality else None)
        name, region = "province-letter", province
    else:
        name, region = "municipality-letter", municipality
    if region is None:
        return ""
    return reverse(f"manifestos:{name}", kwargs={"campaign": campaign.slug, "slug": region.slug})
