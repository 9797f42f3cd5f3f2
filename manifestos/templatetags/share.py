"""Page metadata for sharing and search engines, and the share section's links.

`{% page_meta %}` (in base.html's `head_meta` block) reads the page's own
`title` and `description` blocks, so the <title>, the meta description and the
Open Graph and Twitter tags always say the same thing.
"""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import NodeList
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from manifestos import share

register = template.Library()

# json.dumps leaves these alone; inside a <script> element they could end it early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _block_text(context, name):
    """The plain text of block `name` as this page renders it (its most specific override)."""
    if context.render_context.get(BLOCK_CONTEXT_KEY) is None:
        return ""
    rendered = BlockNode(name, NodeList()).render(context)
    return " ".join(html.unescape(strip_tags(rendered)).split())


def _page_campaign(context):
    campaign = context.get("campaign")
    return campaign if isinstance(campaign, Campaign) and campaign.slug else None


@register.simple_tag(takes_context=True)
def page_url(context):
    """The page's absolute URL without query string: its canonical and shared address."""
    request = context["request"]
    return request.build_absolute_uri(request.path)


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context, og_type="website", not_found=False):
    """Canonical URL, Open Graph and Twitter card tags; `not_found` pages ask not to be indexed."""
    request = context.get("request")
    if request is None:
        return {}
    campaign = _page_campaign(context)
    # A municipality's or province's page has a picture of its own.
    region = (context.get("municipality") or context.get("province")) if campaign else None
    return {
        "title": _block_text(context, "title"),
        "description": _block_text(context, "description"),
        "url": None if not_found else page_url(context),
        "og_type": og_type,
        "not_found": not_found,
        "image": {
            "url": request.build_absolute_uri(share.share_image_url(campaign, region)),
            "width": share.WIDTH,
            "height": share.HEIGHT,
            "alt": share.share_image_alt(campaign, region),
        },
    }


def _region_name(context):
    """ "de gemeente Den Haag", "de provincie Utrecht", or "" on a campaign page."""
    region = context.get("municipality") or context.get("province")
    if region is None:
        return ""
    template_name = (
        _("de gemeente %(name)s") if context.get("municipality") else _("de provincie %(name)s")
    )
    # Running text: a municipality by the name people use ("de gemeente Den Haag").
    return template_name % {"name": getattr(region, "name_in_text", region.name)}


@register.simple_tag(takes_context=True)
def share_mailto(context):
    """A `mailto:` link that asks the reader to forward this page to the political parties."""
    return share.share_mailto(
        campaign=context["campaign"], url=page_url(context), region_name=_region_name(context)
    )


@register.simple_tag(takes_context=True)
def share_whatsapp(context):
    """A WhatsApp link with the page's title and address as the message."""
    return share.share_whatsapp(
        campaign=context["campaign"], url=page_url(context), region_name=_region_name(context)
    )


@register.simple_tag(takes_context=True)
def share_linkedin(context):
    """LinkedIn's share page for this page's address (it reads the page's own preview)."""
    return share.share_linkedin(url=page_url(context))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context):
    """schema.org BreadcrumbList of the page, as escaped JSON-LD (data, not executed)."""
    request = context["request"]
    campaign, province, municipality = (
        context.get("campaign"),
        context.get("province"),
        context.get("municipality"),
    )
    crumbs = [(_("Home"), reverse("campaigns:home"))]
    if campaign:
        crumbs.append((campaign.name, campaign.get_absolute_url()))
    if campaign and province:
        crumbs.append(
            (
                province.name,
                reverse(
                    "manifestos:province-detail",
                    kwargs={"campaign": campaign.slug, "slug": province.slug},
                ),
            )
        )
    if campaign and municipality:
        crumbs.append(
            (
                municipality.name,
                reverse(
                    "manifestos:municipality-detail",
                    kwargs={"campaign": campaign.slug, "slug": municipality.slug},
                ),
            )
        )
    if context.get("page_title"):
        # A page of its own below the campaign (the agenda): its title and address.
        crumbs.append((context["page_title"], request.path))
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
    json_text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # A data block, never executed, so the CSP asks no nonce of it; without one the page
    # holds nothing that differs per response and can be stored whole (config/page_cache.py).
    return format_html(
        '<script type="application/ld+json">{}</script>',
        # Safe: the characters that could end the element are escaped.
        mark_safe(json_text.translate(_JSON_SCRIPT_ESCAPES)),
    )
