"""The public "wat deden de partijen" section of a municipality page.

Shown only when staff switch it on for the campaign (`Campaign.party_results_public`),
and then only adoptions with an evidence link a visitor can follow: nothing that is
not backed by evidence. It costs the page one query, and none when switched off.
"""

from dataclasses import dataclass, field

from .models import Adoption, Party


@dataclass
class PartyResult:
    party: Party
    adoptions: list[Adoption] = field(default_factory=list)


def party_results(campaign, municipality) -> list[PartyResult]:
    """Per party (by name) its evidenced adoptions, programme before coalition agreement."""
    if not campaign.party_results_public:
        return []
    adoptions = (
        Adoption.objects.with_evidence_link()
        .filter(party__campaign=campaign, party__municipality=municipality)
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
    results = {}
    for adoption in adoptions:
        result = results.setdefault(adoption.party_id, PartyResult(adoption.party))
        result.adoptions.append(adoption)
    return list(results.values())
