"""Shared set-up for the lobby follow-through tests: two districts, their regiomanagers,
a municipal-election campaign and a form helper for the party admin."""

import datetime

import pytest

from config.roles import EDITOR, REGIOMANAGER, roles_sync
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    MunicipalityFactory,
    PartyFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)


class Region:
    """A district with one province and two municipalities, and its regiomanager."""

    def __init__(self, name):
        self.district = DistrictFactory(name=name)
        self.province = ProvinceFactory(name=f"Provincie {name}", district=self.district)
        self.municipalities = [
            MunicipalityFactory(name=f"{name}dorp {n}", province=self.province) for n in (1, 2)
        ]
        self.manager = UserFactory(staff=True, role=REGIOMANAGER, username=f"rm-{name.lower()}")
        ContactFactory(user=self.manager, district=self.district, name=f"Regiomanager {name}")


@pytest.fixture
def lobby(db):
    """Two districts (Noord, Zuid), a GR campaign with a national edition of three
    recommendations, and one party in the first municipality of each district."""
    roles_sync()
    noord, zuid = Region("Noord"), Region("Zuid")
    campaign = CampaignFactory(slug="gr2026", election_date=datetime.date(2026, 3, 18))
    theme = ThemeFactory(edition=EditionFactory(campaign=campaign))
    recommendations = RecommendationFactory.create_batch(3, theme=theme)
    return {
        "noord": noord,
        "zuid": zuid,
        "campaign": campaign,
        "recommendations": recommendations,
        "own": PartyFactory(
            campaign=campaign, municipality=noord.municipalities[0], name="Noordpartij"
        ),
        "other": PartyFactory(
            campaign=campaign, municipality=zuid.municipalities[0], name="Zuidpartij"
        ),
        "editor": UserFactory(staff=True, role=EDITOR, username="redacteur"),
    }


def party_form(party, adoptions=(), **changes):
    """The POST data of a party's change page, with `adoptions` as new inline rows."""
    data = {
        "campaign": party.campaign_id,
        "municipality": party.municipality_id or "",
        "province": party.province_id or "",
        "name": party.name,
        "website": party.website,
        "sent_on": party.sent_on.isoformat() if party.sent_on else "",
        "sent_by": party.sent_by,
        "reaction_on": party.reaction_on.isoformat() if party.reaction_on else "",
        "reaction_summary": party.reaction_summary,
        "reaction_link": party.reaction_link,
        "adoptions-TOTAL_FORMS": str(len(adoptions)),
        "adoptions-INITIAL_FORMS": "0",
        "adoptions-MIN_NUM_FORMS": "0",
        "adoptions-MAX_NUM_FORMS": "1000",
    }
    for index, adoption in enumerate(adoptions):
        for key, value in adoption.items():
            data[f"adoptions-{index}-{key}"] = value
    data.update(changes)
    return data
