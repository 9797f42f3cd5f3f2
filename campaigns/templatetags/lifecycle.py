"""What a campaign's pages say about its phase (campaigns/lifecycle.py): `{% phase_notice %}`.

The notice at the top of every page of a campaign once election day is over: in the
past tense after election day, and an archive notice that leads to the same region in
the newest current campaign of the same election type (or to the home page, naming
the next election of that type when staff entered one). Nothing while campaigning.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Campaign, Phase

register = template.Library()

_SUCCESSOR_FIELDS = ("successor_slug", "successor_name", "next_election_date")


@dataclass(frozen=True)
class PhaseNotice:
    phase: Phase
    campaign: Campaign
    link_url: str = ""
    link_label: str = ""
    # True: the link leads to the newest current campaign; False: to the home page.
    link_is_successor: bool = False
    # The next election of the same type, when there is no current campaign to lead to.
    next_election_date: date | None = None

    @property
    def is_archived(self):
        return self.phase == Phase.ARCHIVED


def _successor(campaign):
    """(slug, name, next election date), read with the campaign by `with_successor()`,
    else here (one query)."""
    if not all(hasattr(campaign, name) for name in _SUCCESSOR_FIELDS):
        values = (
            Campaign.objects.filter(pk=campaign.pk).with_successor().values(*_SUCCESSOR_FIELDS)
        ).first() or dict.fromkeys(_SUCCESSOR_FIELDS)
        for name in _SUCCESSOR_FIELDS:
            setattr(campaign, name, values[name])
    return campaign.successor_slug, campaign.successor_name, campaign.next_election_date


def _archive_link(campaign, municipality, province):
    """(url, label): the same page in the newest current campaign of the same election
    type (it has the same kinds of pages), else the home page."""
    slug, name, _next = _successor(campaign)
    if not slug:
        return reverse("campaigns:home"), _("Naar de actuele campagnes")
    if municipality is not None:
        url = reverse(
            "manifestos:municipality-detail", kwargs={"campaign": slug, "slug": municipality.slug}
        )
        return url, _("Gemeente %(region)s · %(campaign)s") % {
            "region": municipality.name,
            "campaign": name,
        }
    if province is not None:
        url = reverse(
            "manifestos:province-detail", kwargs={"campaign": slug, "slug": province.slug}
        )
        return url, _("Provincie %(region)s · %(campaign)s") % {
            "region": province.name,
            "campaign": name,
        }
    return reverse("manifestos:campaign-detail", kwargs={"campaign": slug}), name


def phase_notice_for(campaign, *, municipality=None, province=None, base_url=None):
    """The notice for a page of `campaign` (about `municipality` or `province`, if any);
    None while campaigning. `base_url`: make the link absolute (print and PDF)."""
    phase = campaign.phase()
    if phase == Phase.CAMPAIGNING:
        return None
    if phase == Phase.FOLLOWING_THROUGH:
        return PhaseNotice(phase=phase, campaign=campaign)
    url, label = _archive_link(campaign, municipality, province)
    return PhaseNotice(
        phase=phase,
        campaign=campaign,
        link_url=urljoin(base_url, url) if base_url else url,
        link_label=label,
        link_is_successor=bool(campaign.successor_slug),
        next_election_date=None if campaign.successor_slug else campaign.next_election_date,
    )


@register.inclusion_tag("includes/phase_notice.html", takes_context=True)
def phase_notice(context, absolute=False):
    """The notice for the page's campaign, municipality or province; `absolute=True` on
    the print document, whose links must work on paper and in the PDF."""
    campaign = context.get("campaign")
    if not isinstance(campaign, Campaign):
        return {"notice": None}
    municipality, province = context.get("municipality"), context.get("province")
    notice = phase_notice_for(
        campaign,
        municipality=municipality,
        province=None if municipality else province,
        base_url=context.get("page_url") if absolute else None,
    )
    return {"notice": notice}
