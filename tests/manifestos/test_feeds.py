"""The Atom feed of campaigns and editions, as a feed reader sees it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test.html import parse_html
from django.utils import timezone

from campaigns.models import Campaign
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
)
from tests.html import attr, find_all, parse_page
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
URL = "/feeds/campagnes.atom"


def read_feed(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = [
        {
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]
    return response, root, entries


def test_the_feed_lists_public_campaigns_and_their_editions(client):
    campaign = CampaignFactory(name="Gemeenteraadsverkiezingen 2026", slug="gr2026")
    EditionFactory(campaign=campaign, title="De MKB-maakindustrie brengt je gemeente vooruit")
    province = ProvinceFactory(name="Gelderland", slug="gelderland")
    EditionFactory(campaign=campaign, province=province, title="Gelderse editie")

    response, root, entries = read_feed(client)
    assert "public" in response["Cache-Control"]
    assert root.findtext(f"{ATOM}title") == "Verkiezingsmanifesten van Koninklijke Metaalunie"
    titles = {entry["title"]: entry["link"] for entry in entries}
    assert titles == {
        "Gemeenteraadsverkiezingen 2026": "http://testserver/gr2026/",
        "De MKB-maakindustrie brengt je gemeente vooruit "
        "(Gemeenteraadsverkiezingen 2026, landelijk)": "http://testserver/gr2026/",
        "Gelderse editie (Gemeenteraadsverkiezingen 2026, provincie Gelderland)": (
            "http://testserver/gr2026/provincie/gelderland/"
        ),
    }
    summaries = [entry.findtext(f"{ATOM}summary") for entry in root.findall(f"{ATOM}entry")]
    assert any(
        summary.startswith("Campagne Gemeenteraad, verkiezingen op 18 maart 2026.")
        for summary in summaries
    )
    assert any(
        summary.startswith("De editie voor de provincie Gelderland van het manifest")
        for summary in summaries
    )
    ids = [entry["id"] for entry in entries]
    assert len(set(ids)) == 3
    assert all(entry_id.startswith("tag:metaalunie.nl,2024:verkiezingen/") for entry_id in ids)


def test_nothing_unpublished_or_scheduled_is_in_the_feed(client):
    CampaignFactory(draft=True, name="Concept 2030")
    CampaignFactory(scheduled=True, name="Gepland 2030")
    public = CampaignFactory(name="Openbaar 2026")
    EditionFactory(campaign=public, status=Campaign.Status.DRAFT, title="Concepteditie")
    EditionFactory(
        campaign=public,
        province=ProvinceFactory(),
        published_at=timezone.now() + datetime.timedelta(days=2),
        title="Geplande editie",
    )
    _, _, entries = read_feed(client)
    assert [entry["title"] for entry in entries] == ["Openbaar 2026"]


def test_a_change_moves_an_entry_to_the_top_with_the_same_id(client):
    first = CampaignFactory(name="Tweede Kamerverkiezingen 2025")
    CampaignFactory(name="Gemeenteraadsverkiezingen 2026")
    _, _, before = read_feed(client)
    first_id = next(e["id"] for e in before if e["title"] == "Tweede Kamerverkiezingen 2025")

    first.tagline = "Zet in op ‘Gemaakt in Nederland!’"
    first.save()

    _, root, after = read_feed(client)
    assert after[0]["title"] == "Tweede Kamerverkiezingen 2025"
    assert after[0]["id"] == first_id
    assert after[0]["updated"] > before[0]["updated"] - datetime.timedelta(seconds=1)
    assert datetime.datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == after[0]["updated"]


def test_entry_ids_are_made_of_slugs_and_codes_not_database_ids(client):
    campaign = CampaignFactory(slug="gr2026")
    EditionFactory(campaign=campaign)
    EditionFactory(campaign=campaign, province=ProvinceFactory(cbs_code="PV25"))
    EditionFactory(campaign=campaign, municipality=MunicipalityFactory(cbs_code="GM0228"))

    _, _, entries = read_feed(client)

    assert sorted(entry["id"] for entry in entries) == [
        "tag:metaalunie.nl,2024:verkiezingen/campagne/gr2026",
        "tag:metaalunie.nl,2024:verkiezingen/editie/gr2026/GM0228",
        "tag:metaalunie.nl,2024:verkiezingen/editie/gr2026/PV25",
        "tag:metaalunie.nl,2024:verkiezingen/editie/gr2026/national",
    ]


def test_editing_a_recommendation_dates_its_edition_in_the_feed(client):
    recommendation = RecommendationFactory()
    edition = recommendation.theme.edition
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for model, pk in ((type(edition), edition.pk), (Campaign, edition.campaign_id)):
        model.objects.filter(pk=pk).update(published_at=month_ago, updated_at=month_ago)
    _, _, before = read_feed(client)
    assert len(before) == 2  # the campaign and its edition
    assert all(entry["updated"] < timezone.now() - datetime.timedelta(days=29) for entry in before)

    recommendation.lead = "Investeer in de regionale opleidingsinfrastructuur."
    recommendation.save()

    _, _, after = read_feed(client)
    changed, unchanged = after
    assert changed["title"] != edition.campaign.name  # the edition's entry, on top
    assert changed["updated"] > timezone.now() - datetime.timedelta(minutes=1)
    assert unchanged["title"] == edition.campaign.name
    assert unchanged["updated"] < timezone.now() - datetime.timedelta(days=29)


def test_the_feed_costs_the_same_queries_however_many_editions(client):
    counts = []
    for number in (1, 12):
        campaign = CampaignFactory()
        for province in ProvinceFactory.create_batch(number):
            EditionFactory(campaign=campaign, province=province)
        with page_queries() as queries:
            read_feed(client)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2, counts


def test_every_page_points_feed_readers_to_the_feed(client):
    CampaignFactory(slug="gr2026")
    for url in ("/", "/gr2026/", "/gr2026/agenda/"):
        page = parse_page(client.get(url))
        feeds = [
            attr(link, "href")
            for link in find_all(page, "link")
            if attr(link, "type") == "application/atom+xml"
        ]
        assert feeds == [URL], url


def test_feeds_is_no_campaign_address():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CampaignFactory.build(slug="feeds").full_clean()


@pytest.mark.parametrize(
    "hostile",
    ["<img src=x onerror=alert(1)//", "<script>alert(1)</script>", "Zeep & <b>co</b"],
)
def test_summaries_are_text_to_a_reader_that_renders_html(client, hostile):
    """A feed reader renders `<summary type="html">`: nothing typed may become markup."""
    campaign = CampaignFactory(name=f"Campagne {hostile}", tagline=f"Slogan {hostile}")
    EditionFactory(campaign=campaign, intro=f"Inleiding {hostile}")

    _response, root, _entries = read_feed(client)
    summaries = [entry.find(f"{ATOM}summary") for entry in root.findall(f"{ATOM}entry")]
    assert len(summaries) == 2
    for summary in summaries:
        assert summary.get("type") == "html"
        rendered = parse_html(f"<div>{summary.text}</div>")
        assert not find_all(rendered, "img") and not find_all(rendered, "script")
        assert not find_all(rendered, "b")
        assert "<" not in summary.text
