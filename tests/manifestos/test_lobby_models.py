"""The rules of a party's record: where a party stands, what counts as evidence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError

from campaigns.models import ElectionType
from manifestos.models import Adoption, Party
from tests.factories import (
    AdoptionFactory,
    CampaignFactory,
    MunicipalityFactory,
    PartyFactory,
    ProvinceFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(obj):
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict


def test_a_municipal_party_needs_a_region():
    party = PartyFactory.build(campaign=CampaignFactory(), municipality=None)

    assert "Kies de gemeente" in errors_of(party)["municipality"][0]


def test_a_national_election_has_national_parties_only():
    campaign = CampaignFactory(election_type=ElectionType.TWEEDE_KAMER)

    local = PartyFactory.build(campaign=campaign, municipality=MunicipalityFactory())
    assert "municipality" in errors_of(local)
    PartyFactory.build(campaign=campaign, municipality=None).full_clean()


def test_a_party_cannot_be_in_a_municipality_and_a_province():
    party = PartyFactory.build(
        campaign=CampaignFactory(), municipality=MunicipalityFactory(), province=ProvinceFactory()
    )

    assert "niet bij een gemeente én een provincie" in str(errors_of(party))


def test_a_municipality_that_did_not_exist_on_election_day_is_refused():
    gone = MunicipalityFactory(valid_until=datetime.date(2023, 1, 1))
    party = PartyFactory.build(campaign=CampaignFactory(), municipality=gone)

    assert "bestond niet" in errors_of(party)["municipality"][0]


def test_the_same_party_twice_in_one_municipality_is_refused_whatever_the_case():
    party = PartyFactory(name="Lokaal Belang")
    twin = PartyFactory.build(
        campaign=party.campaign, municipality=party.municipality, name="lokaal belang"
    )

    assert "staat al bij deze gemeente" in str(errors_of(twin))


def test_a_reaction_needs_its_date_and_comes_after_sending():
    party = PartyFactory.build(reaction_summary="Dank, we nemen het mee.")
    assert "reaction_on" in errors_of(party)

    party.reaction_on = datetime.date(2026, 1, 1)
    party.sent_on = datetime.date(2026, 1, 10)
    assert "niet eerder" in errors_of(party)["reaction_on"][0]


def test_an_adoption_needs_a_quote_or_a_link_as_evidence():
    adoption = AdoptionFactory.build(
        party=PartyFactory(), evidence_link="", evidence_quote="", recommendation=None
    )
    adoption.recommendation = RecommendationFactory(
        theme__edition__campaign=adoption.party.campaign
    )

    assert "citaat of een link" in str(errors_of(adoption))


def test_an_adoption_is_of_a_recommendation_of_the_partys_campaign():
    party = PartyFactory()
    elsewhere = RecommendationFactory(theme__edition__campaign=CampaignFactory())
    adoption = Adoption(
        party=party,
        recommendation=elsewhere,
        stage=Adoption.Stage.PROGRAMME,
        adopted_on=datetime.date(2026, 2, 1),
        evidence_link="https://x.example",
    )

    assert "andere campagne" in errors_of(adoption)["recommendation"][0]


def test_a_coalition_agreement_comes_after_the_election():
    adoption = AdoptionFactory(stage=Adoption.Stage.COALITION, adopted_on=datetime.date(2026, 4, 1))
    adoption.adopted_on = datetime.date(2026, 3, 1)

    assert "na de verkiezingsdatum" in errors_of(adoption)["adopted_on"][0]


def test_an_adopted_recommendation_is_not_deleted_by_accident():
    adoption = AdoptionFactory()

    with pytest.raises(RestrictedError):
        adoption.recommendation.delete()


def test_deleting_the_campaign_removes_its_parties_and_adoptions():
    adoption = AdoptionFactory()

    adoption.party.campaign.delete()

    assert not Party.objects.exists()
    assert not Adoption.objects.exists()
