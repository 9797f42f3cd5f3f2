"""`{% edition %}`: an edition's themes and recommendations, rendered once per content
version for every page that shows them.

340 of GR2026's 342 municipality pages show the same national edition; after a save each
of them is rendered again, and the edition is most of the page's work. On a public page
the block is kept per content version in the process (config.page_cache.shared_per_version),
so the next page that shows the edition only renders its own frame; on a framed page it is
a part (config/page_frames.py), so after a change of themes or recommendations the frame is
not rendered again either. A staff preview renders it every time: it shows drafts and a
note for staff.
"""

from django import template
from django.template.loader import get_template

from campaigns.models import Campaign
from config.page_cache import shared_per_version
from config.page_frames import place

from ..models import Edition

register = template.Library()

TEMPLATE = "includes/edition.html"
PART = "edition"


@register.simple_tag(takes_context=True)
def edition(context, edition, *, fallback=False, summary_above=False):
    """includes/edition.html for `edition` (None: nothing). What the block shows depends on
    the edition, its campaign's heading above the recommendations and `summary_above`;
    `fallback` only on a preview, where staff read a note about it."""
    if edition is None:
        return ""
    campaign = context["campaign"]
    preview = context.get("preview")
    if preview:
        return _render(campaign, edition, summary_above, preview=preview, fallback=fallback)
    arguments = (campaign.pk, edition.pk, summary_above)
    html = _shared(arguments, lambda: _render(campaign, edition, summary_above))
    return place(context.get("request"), PART, arguments, html)


def edition_part(campaign_pk, edition_pk, summary_above):
    """The block as a part of a stored frame: the same, read by its keys."""

    def render():
        campaign = Campaign.objects.get(pk=campaign_pk)
        editions = Edition.objects.select_related("contact", "province", "municipality")
        return _render(campaign, editions.with_content().get(pk=edition_pk), summary_above)

    return _shared((campaign_pk, edition_pk, summary_above), render)


def _shared(arguments, render):
    """The block once per content version, whether a page or a stored frame asks."""
    return shared_per_version(("edition-block", *arguments), render)


def _render(campaign, edition, summary_above, *, preview=None, fallback=False):
    return get_template(TEMPLATE).render(
        {
            "edition": edition,
            "campaign": campaign,
            "preview": preview,
            "edition_is_fallback": fallback,
            "summary_above": summary_above,
        }
    )
