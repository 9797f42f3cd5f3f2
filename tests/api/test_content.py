"""What a consumer of the API reads: the real manifestos, in the order the pages show
them, and never anything unpublished, scheduled or private."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from campaigns.models import Campaign
from config.page_cache import content_changed
from manifestos.models import Edition
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    FigureRowFactory,
    MunicipalityFactory,
    PartyFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import find_all, parse_page, text

pytestmark = pytest.mark.django_db

API = "http://testserver/api/v1/"


def plain(html):
    return " ".join(strip_tags(html).split())


def recommendation_text(item):
    return plain(" ".join([item["lead_html"], item["body_html"], *item["points_html"]]))


class TestTheManifestoOfAMunicipality:
    def test_gr2026_for_s_gravenhage_has_the_recommendations_in_the_pages_order(
        self, client, demo_content
    ):
        response = client.get("/api/v1/campaigns/gr2026/municipalities/GM0518/")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert data["municipality"]["code"] == "GM0518"
        assert data["municipality"]["name"] == "'s-Gravenhage"
        assert data["municipality"]["display_name"] == "Den Haag"
        assert data["municipality"]["province"]["code"] == "PV28"
        assert data["html_url"] == "http://testserver/gr2026/gemeente/s-gravenhage/"
        assert data["recommendations_heading"] == "Wat kan uw gemeente doen"
        assert [theme["title"] for theme in data["themes"]] == [
            "Een gemeente met voldoende banen voor vakmensen",
            "Een duurzaam ondernemende gemeente",
            "Een ondernemende en aantrekkelijke gemeente",
            "Een innovatieve gemeente",
        ]
        assert [theme["number"] for theme in data["themes"]] == [1, 2, 3, 4]
        first = [recommendation_text(item) for item in data["themes"][0]["recommendations"]]
        starts = [
            "Investeer in de regionale opleidings-",
            "Zet regionaal in op vernieuwende",
            "Ontwikkel, samen met werkgevers",
            "Zet binnen arbeidsmarktregio’s",
        ]
        assert len(first) == len(starts)
        assert all(item.startswith(start) for item, start in zip(first, starts, strict=True))

        page = parse_page(client.get(data["html_url"]))
        on_page = [text(item) for item in find_all(page, "li", "recommendation")]
        in_api = [
            recommendation_text(item)
            for theme in data["themes"]
            for item in [
                *theme["recommendations"],
                *(r for sub in theme["subthemes"] for r in sub["recommendations"]),
            ]
        ]
        assert len(in_api) == len(on_page) > 10
        assert [item[:40] for item in in_api] == [item[:40] for item in on_page]

    def test_the_campaign_sends_its_web_copy_and_links_apart_from_the_member_e_mail(
        self, client, demo_content
    ):
        data = client.get("/api/v1/campaigns/gr2026/").json()

        assert plain(data["web_intro_html"]).startswith("Op woensdag 18 maart 2026")
        assert "deze e-mail" not in data["web_intro_html"]
        assert data["call_to_action"].startswith("Kies voor ‘Gemaakt in jouw gemeente!’")
        assert "deze e-mail" in data["intro_letter_html"]
        assert data["campaign_page_url"] == (
            "https://metaalunie.nl/Lobby/Gemeenteraadsverkiezingen-2026"
        )
        assert data["flyer_url"].endswith("/Gemeenteraad_verkiezing_2026_flyer.pdf")
        tk2021 = client.get("/api/v1/campaigns/tk2021/").json()
        assert (tk2021["flyer_url"], tk2021["campaign_page_url"]) == (None, None)

    def test_the_edition_figures_and_contact_are_the_ones_the_page_picks(self, client, db):
        campaign = CampaignFactory(slug="gr2030")
        province = ProvinceFactory(name="Zeeland", cbs_code="PV29")
        MunicipalityFactory(name="Vlissingen", cbs_code="GM0718", province=province)
        national = EditionFactory(campaign=campaign, title="Landelijk")
        provincial = EditionFactory(campaign=campaign, province=province, title="Zeeuwse editie")
        ThemeFactory(edition=national, title="Landelijk thema")
        RecommendationFactory(theme__edition=provincial, body="Zeeuwse aanbeveling.")
        figures = RegionalFiguresFactory(
            province=province, member_companies=456, source="CBS en Metaalunie"
        )
        FigureRowFactory(figures=figures, label="Hbo", value="12.50")
        regiomanager = ContactFactory(name="Anna de Vries", district=province.district)

        data = client.get("/api/v1/campaigns/gr2030/municipalities/GM0718/").json()

        assert data["edition"]["title"] == "Zeeuwse editie"
        assert data["edition"]["scope"] == "province"
        assert data["edition"]["is_fallback"] is True
        assert [theme["recommendations"][0]["body_html"] for theme in data["themes"]] == [
            "<p>Zeeuwse aanbeveling.</p>"
        ]
        assert data["figures"]["region"] == {
            "type": "province",
            "code": "PV29",
            "name": "Zeeland",
            "slug": province.slug,
        }
        assert data["figures"]["is_fallback"] is True
        assert data["figures"]["member_companies"] == 456
        assert data["figures"]["education_levels"] == [
            {"label": "Hbo", "value": 12.5, "unit": "percent"}
        ]
        assert data["contact"]["name"] == regiomanager.name
        assert data["contact"]["email"] == regiomanager.email

    def test_a_rich_text_script_never_reaches_the_json(self, client, db):
        recommendation = RecommendationFactory(
            lead="<strong>Kern</strong><script>alert(1)</script>",
            body='Tekst <img src=x onerror=alert(1)> <a href="javascript:alert(1)">klik</a>',
        )

        edition = recommendation.theme.edition
        data = client.get(f"/api/v1/editions/{edition.campaign.slug}/national/").json()

        item = data["themes"][0]["recommendations"][0]
        assert item["lead_html"] == "<strong>Kern</strong>"
        assert "script" not in item["body_html"]
        assert "onerror" not in item["body_html"]
        assert "javascript:" not in item["body_html"]

    def test_a_national_campaign_has_no_municipality_manifesto(self, client, demo_content):
        response = client.get("/api/v1/campaigns/tk2025/municipalities/GM0518/")

        assert response.status_code == 404
        assert "landelijke editie" in response.json()["fout"]

    def test_a_dissolved_municipality_is_not_in_a_later_campaign(self, client, demo_content):
        response = client.get("/api/v1/campaigns/gr2026/municipalities/GM0457/")

        assert response.status_code == 404
        assert "Weesp" in response.json()["fout"]
        assert "bestond niet op de verkiezingsdatum" in response.json()["fout"]
        assert response.json()["fout"].endswith("Opgegaan in: Amsterdam (GM0363).")


# --- stable addresses -------------------------------------------------------------------


class TestStableAddresses:
    def test_an_edition_is_addressed_by_its_campaign_and_region(self, client, demo_content):
        response = client.get("/api/v1/editions/gr2022/PV25/")

        assert response.status_code == 200
        data = response.json()
        assert (data["campaign"], data["key"], data["scope"]) == ("gr2022", "PV25", "province")
        assert data["url"] == "http://testserver/api/v1/editions/gr2022/PV25/"
        assert client.get("/api/v1/editions/gr2026/national/").json()["key"] == "national"

    def test_a_theme_is_named_by_its_slug_and_its_anchor_is_on_the_page(self, client, demo_content):
        data = client.get("/api/v1/editions/gr2026/national/").json()

        first = data["themes"][0]
        assert first["slug"] == "een-gemeente-met-voldoende-banen-voor-vakmensen"
        assert first["html_url"] == (
            "http://testserver/gr2026/#thema-een-gemeente-met-voldoende-banen-voor-vakmensen"
        )
        page = client.get("/gr2026/").content.decode()
        for theme in data["themes"]:
            for item in (theme, *theme["subthemes"]):
                assert item["html_url"] == f"http://testserver/gr2026/#thema-{item['slug']}"
                assert f'id="thema-{item["slug"]}"' in page

    def test_the_old_address_by_id_moves_permanently(self, client, demo_content):
        edition = Edition.objects.get(campaign__slug="gr2022")

        response = client.get(f"/api/v1/editions/{edition.pk}/")

        assert response.status_code == 301
        assert response["Location"] == "http://testserver/api/v1/editions/gr2022/PV25/"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert client.get(response["Location"]).json()["title"] == edition.title


# --- nothing unpublished, scheduled or private -----------------------------------------

SECRET = "GEHEIM"


@pytest.fixture
def mixed_world(db):
    """Public content next to drafts, scheduled content and accounts, each secret marked."""
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    campaign = CampaignFactory(slug="gr2030")
    province = ProvinceFactory()
    shown = MunicipalityFactory(province=province, cbs_code="GM2101")
    hidden = MunicipalityFactory(province=province, cbs_code="GM2102")
    national = EditionFactory(campaign=campaign, title="Openbare landelijke editie")
    RecommendationFactory(theme__edition=national, body="Openbare aanbeveling.")
    draft_edition = EditionFactory(
        campaign=campaign, municipality=hidden, status="draft", title=f"{SECRET} concept"
    )
    RecommendationFactory(theme__edition=draft_edition, body=f"{SECRET} conceptaanbeveling")
    scheduled_edition = EditionFactory(
        campaign=campaign, province=province, published_at=tomorrow, title=f"{SECRET} gepland"
    )
    RecommendationFactory(theme__edition=scheduled_edition, body=f"{SECRET} geplande tekst")
    for draft in (
        CampaignFactory(draft=True, slug="concept2031", name=f"{SECRET} conceptcampagne"),
        CampaignFactory(scheduled=True, slug="gepland2031", name=f"{SECRET} toekomst"),
    ):
        RecommendationFactory(theme__edition__campaign=draft, body=f"{SECRET} in {draft.slug}")
    account = UserFactory(
        staff=True, username="accountnaam", email="prive.account@example.org", first_name="Privé"
    )
    ContactFactory(user=account, name="Regiomanager Met Account", district=province.district)
    UserFactory(superuser=True, username="beheerder", email="beheerder.prive@example.org")
    PartyFactory(campaign=campaign, municipality=shown, sent=True, sent_by=f"{SECRET} verzender")
    return {"campaign": campaign, "shown": shown, "hidden": hidden, "account": account}


def crawl(client, start=API, limit=400):
    """Every API answer reachable by following the URLs in the answers, from `start`."""
    seen, queue, bodies = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        bodies[url] = response.content.decode()
        queue.extend(
            found
            for found in re.findall(r'"(http://testserver/api/v1/[^"]*)"', bodies[url])
            if found not in seen
        )
    return bodies


class TestNothingUnpublishedOrPrivate:
    def test_no_answer_anywhere_shows_drafts_scheduled_content_or_accounts(
        self, client, mixed_world
    ):
        bodies = crawl(client)

        everything = "\n".join(bodies.values())
        assert "Openbare aanbeveling." in everything
        assert "Regiomanager Met Account" in everything
        assert len(bodies) > 15
        for forbidden in (
            SECRET,
            "concept2031",
            "gepland2031",
            "prive.account@example.org",
            "beheerder.prive@example.org",
            "accountnaam",
            "md5$",
            "pbkdf2",
            '"password"',
            '"user"',
            '"is_staff"',
            # Database ids change with a restore: no answer carries one.
            '"id"',
            '"status":"draft"',
        ):
            assert forbidden not in everything, forbidden

    def test_a_draft_municipal_edition_leaves_the_municipality_on_the_national_one(
        self, client, mixed_world
    ):
        data = client.get("/api/v1/campaigns/gr2030/municipalities/GM2102/").json()

        assert data["edition"]["title"] == "Openbare landelijke editie"
        assert data["edition"]["scope"] == "national"

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/campaigns/concept2031/",
            "/api/v1/campaigns/gepland2031/",
            "/api/v1/campaigns/concept2031/municipalities/GM2101/",
            "/api/v1/editions/?campaign=concept2031",
            "/api/v1/municipalities/?campaign=gepland2031",
        ],
    )
    def test_unpublished_campaigns_are_not_found(self, client, mixed_world, url):
        response = client.get(url)

        assert response.status_code == 404
        assert SECRET not in response.content.decode()
        assert response.json()["fout"]

    def test_draft_and_scheduled_editions_are_not_found_by_key_or_id(self, client, mixed_world):
        campaign = mixed_world["campaign"]
        hidden = campaign.editions.exclude(title="Openbare landelijke editie")
        other = Edition.objects.exclude(campaign=campaign)

        for edition in [*hidden, *other]:
            for url in (
                f"/api/v1/editions/{edition.campaign.slug}/{edition.key}/",
                f"/api/v1/editions/{edition.pk}/",
            ):
                response = client.get(url)
                assert response.status_code == 404, url
                assert "fout" in response.json()
                assert SECRET not in response.content.decode()

    def test_a_scheduled_campaign_appears_when_its_moment_has_come(self, client, mixed_world):
        assert client.get("/api/v1/campaigns/gepland2031/").status_code == 404

        Campaign.objects.filter(slug="gepland2031").update(
            published_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        content_changed()  # update() sends no signal (README, Caching)

        assert client.get("/api/v1/campaigns/gepland2031/").status_code == 200

    def test_a_central_contact_appears_once_a_public_campaign_names_them(self, client, db):
        newcomer = ContactFactory(central=True, name="Nieuwe Collega")
        campaign = CampaignFactory(draft=True, central_contact=newcomer)

        assert client.get("/api/v1/contacts/").json()["count"] == 0
        assert client.get(f"/api/v1/contacts/{newcomer.slug}/").status_code == 404

        campaign.status = Campaign.Status.PUBLISHED
        campaign.published_at = timezone.now()
        campaign.save()

        names = [item["name"] for item in client.get("/api/v1/contacts/").json()["results"]]
        assert names == ["Nieuwe Collega"]
        assert client.get(f"/api/v1/contacts/{newcomer.slug}/").status_code == 200

    def test_a_contact_is_only_the_card(self, client, mixed_world):
        data = client.get("/api/v1/contacts/").json()

        person = next(c for c in data["results"] if c["name"] == "Regiomanager Met Account")
        assert set(person) == {
            "slug",
            "name",
            "role",
            "email",
            "phone",
            "photo_url",
            "bio_html",
            "district",
            "url",
        }
        assert json.dumps(person).count("@") == 1
