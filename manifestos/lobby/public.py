"""The public "wat deden de partijen" section of a municipality page.

Shown only when staff switch it on for the campaign (`Campaign.party_results_public`),
and then only adoptions with an evidence link a visitor can follow: nothing that is
not backed by evidence. It costs the page one query, and none when switched off. On a
public page the section is a part of the frame (config/page_frames.py): it shows
recommendations, whose changes leave the frames alone, and it is read once per content
version for all the campaign's pages.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from campaigns.models import Campaign
from config.page_cache import shared_per_version
from config.page_frames import place

from .models import Adoption, Party

TEMPLATE = "includes/party_results.html"
PART = "party-results"


@dataclass
class PartyResult:
    party: Party
    adoptions: list[Adoption] = field(default_factory=list)


def party_results_section(request, campaign, municipality):
    """The section's HTML ("" when there is nothing to show) as it goes into the page."""
    arguments = (campaign.pk, municipality.pk)
    return place(request, PART, arguments, _section(campaign, municipality.pk))


def party_results_part(campaign_pk, municipality_pk):
    """The section as a part of a stored frame: the same, read by its keys."""
    campaign = shared_per_version(
        ("party-results-campaign", campaign_pk), lambda: Campaign.objects.get(pk=campaign_pk)
    )
    return _section(campaign, municipality_pk)


def _section(campaign, municipality_pk):
    if not campaign.party_results_public:
        return ""
    results = shared_per_version(
        ("party-results", campaign.pk),
        lambda: _by_municipality(_adoptions(campaign)),
        alone=lambda: _by_municipality(
            _adoptions(campaign).filter(party__municipality=municipality_pk)
        ),
    ).get(municipality_pk)
    return render_to_string(TEMPLATE, {"results": results}) if results else ""


def _by_municipality(adoptions):
    """Per municipality, per party (by name) its evidenced adoptions, programme before
    coalition agreement."""
    results = {}
    for adoption in adoptions:
        party = adoption.party
        by_party = results.setdefault(party.municipality_id, {})
        by_party.setdefault(party.pk, PartyResult(party)).adoptions.append(adoption)
    return {pk: list(by_party.values()) for pk, by_party in results.items()}


def _adoptions(campaign):
    return (
        Adoption.objects.with_evidence_link()
        .filter(party__campaign=campaign)
        .select_related(
            "party",
            "recommendation__theme__parent",
            "recommendation__theme__edition__province",
            "recommendation__theme__edition__municipality",
        )
        .order_by(
            "party__name",
            "party_id",
            "-stage",  # the programme, then the coalition agreement
            "recommendation__theme__parent__position",
            "recommendation__theme__position",
            "recommendation__position",
        )
    )
