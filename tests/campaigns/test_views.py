"""The home page and the site's own 404 page."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import ElectionType, UpcomingElection
from manifestos.transfer.demo import demo_content_load
from tests.factories import CampaignFactory
from tests.html import attr, find, find_all, hrefs, parse_page, text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

# The home page reads the public campaigns (split by their phase) and the upcoming
# elections: two queries, however many.
HOME_PAGE_QUERIES = 2


def campaign_lists(response):
    """The hrefs of the current and of the archived campaigns ([] when a list is absent)."""
    lists = find_all(parse_page(response), "ul", "campaign-list")
    current = [
        lst for lst in lists if "campaign-list--archive" not in dict(lst.attributes)["class"]
    ]
    archive = [lst for lst in lists if "campaign-list--archive" in dict(lst.attributes)["class"]]
    return (
        [href for lst in current for href in hrefs(lst)],
        [href for lst in archive for href in hrefs(lst)],
    )


class TestHome:
    def test_is_a_dutch_page_with_a_heading(self, client):
        response = client.get("/")

        assert response.status_code == 200
        assert parse_page(response).name == "html"
        assert dict(parse_page(response).attributes)["lang"] == "nl"
        assert text(find_all(parse_page(response), "h1")[0]) == (
            "Wat vraagt de mkb-maakindustrie van de politiek?"
        )

    def test_current_campaigns_newest_election_first_then_the_archive(self, client):
        CampaignFactory(
            slug="tk2025",
            election_type=ElectionType.TWEEDE_KAMER,
            election_date=datetime.date(2025, 10, 29),
        )
        CampaignFactory(slug="gr2026", election_date=datetime.date(2026, 3, 18))
        CampaignFactory(slug="gr2022", election_date=datetime.date(2022, 3, 16), archived=True)
        CampaignFactory(slug="ps2023", election_date=datetime.date(2023, 3, 15), archived=True)

        current, archive = campaign_lists(client.get("/"))

        assert current == ["/gr2026/", "/tk2025/"]
        assert archive == ["/ps2023/", "/gr2022/"]

    def test_a_campaign_card_shows_type_name_date_phase_and_tagline(self, client, clock):
        clock.set_dutch(datetime.date(2026, 12, 7))
        CampaignFactory(
            slug="tk2025",
            name="Tweede Kamerverkiezingen 2025",
            election_type=ElectionType.TWEEDE_KAMER,
            election_date=datetime.date(2025, 10, 29),
            tagline="Zet in op ‘Gemaakt in Nederland!’",
        )

        card = find_all(parse_page(client.get("/")), "li", "campaign-card")[0]

        assert hrefs(card) == ["/tk2025/"]
        # The year stands large in the card's visual (hidden from screen readers: the
        # name and date say it).
        visual = find(card, "span", "campaign-card__visual")
        assert (text(visual), attr(visual, "aria-hidden")) == ("2025", "true")
        assert text(find(card, "span", "campaign-card__body")) == (
            "Tweede Kamer Tweede Kamerverkiezingen 2025 woensdag 29 oktober 2025 "
            "Na de verkiezingen Zet in op ‘Gemaakt in Nederland!’"
        )

    def test_drafts_scheduled_and_hidden_archive_campaigns_are_not_listed(self, client):
        CampaignFactory(slug="zichtbaar")
        hidden = [
            CampaignFactory(slug="concept", name="Conceptcampagne 2030", draft=True),
            CampaignFactory(slug="gepland", name="Geplande campagne 2031", scheduled=True),
            CampaignFactory(
                slug="oud", name="Gearchiveerd en gepland 2019", archived=True, scheduled=True
            ),
        ]

        response = client.get("/")

        assert campaign_lists(response) == (["/zichtbaar/"], [])
        for campaign in hidden:
            assert campaign.name not in text(parse_page(response))

    def test_without_campaigns_it_says_so(self, client):
        CampaignFactory(draft=True)

        response = client.get("/")

        assert campaign_lists(response) == ([], [])
        assert "Er zijn op dit moment geen actuele campagnes." in text(parse_page(response))
        assert "Eerdere verkiezingen" not in text(parse_page(response))

    def test_a_campaign_appears_once_its_publication_time_has_passed(self, client):
        campaign = CampaignFactory(slug="gr2030", scheduled=True)
        assert campaign_lists(client.get("/")) == ([], [])

        campaign.published_at = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(
            minutes=1
        )
        campaign.save()

        assert campaign_lists(client.get("/")) == (["/gr2030/"], [])

    def test_the_real_campaigns(self, client, demo_content):
        current, archive = campaign_lists(client.get("/"))

        assert current == ["/gr2026/", "/tk2025/"]
        assert archive == ["/ps2023/", "/gr2022/", "/tk2021/"]

    def test_costs_the_same_queries_for_one_or_many_campaigns(self, client):
        counts = []
        for number in (1, 12):
            CampaignFactory.create_batch(number)
            CampaignFactory.create_batch(number, archived=True)
            with page_queries() as queries:
                assert client.get("/").status_code == 200
            counts.append(len(queries))

        assert counts == [HOME_PAGE_QUERIES, HOME_PAGE_QUERIES]


def dutch(day, hour=0, minute=0, second=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute, second), tzinfo=ZoneInfo("Europe/Amsterdam")
    )


def phase_labels(response):
    return [text(label) for label in find_all(parse_page(response), "span", "campaign-card__phase")]


def upcoming_cards(response):
    return [text(card) for card in find_all(parse_page(response), "li", "upcoming-card")]


class TestHomeThroughTheLifeCycle:
    """What is current today: the clock moves across election day and the archive moment."""

    def test_across_election_day_and_the_archive_moment(self, client, clock):
        clock.set_dutch(datetime.date(2026, 2, 1))
        CampaignFactory(slug="gr2026", election_date=datetime.date(2026, 3, 18))
        CampaignFactory(
            slug="gr2030",
            election_date=datetime.date(2030, 3, 13),
            published_at=dutch(datetime.date(2029, 10, 1), 9),
        )
        before = client.get("/")
        assert campaign_lists(before) == (["/gr2026/"], [])
        assert phase_labels(before) == ["Voor de verkiezingen"]

        clock.set_dutch(datetime.date(2026, 3, 19), 0, 0, 1)
        after = client.get("/")
        assert campaign_lists(after) == (["/gr2026/"], [])
        assert phase_labels(after) == ["Na de verkiezingen"]

        clock.set_dutch(datetime.date(2029, 10, 1), 9)
        archived = client.get("/")
        assert campaign_lists(archived) == (["/gr2030/"], ["/gr2026/"])
        assert phase_labels(archived) == ["Voor de verkiezingen"]

    def test_the_next_elections_until_a_campaign_for_them_is_public(self, client, clock):
        clock.set_dutch(datetime.date(2026, 12, 7))
        UpcomingElection.objects.create(
            election_type=ElectionType.PROVINCIALE_STATEN,
            election_date=datetime.date(2027, 3, 17),
            notes="Op dezelfde dag als de waterschapsverkiezingen.",
        )
        CampaignFactory(
            slug="ps2027",
            election_type=ElectionType.PROVINCIALE_STATEN,
            election_date=datetime.date(2027, 3, 17),
            published_at=dutch(datetime.date(2027, 1, 15), 9),
        )
        response = client.get("/")
        assert upcoming_cards(response) == [
            "Provinciale Staten Provinciale Staten 2027 woensdag 17 maart 2027 "
            "Op dezelfde dag als de waterschapsverkiezingen."
        ]
        assert "Volgende verkiezingen" in text(parse_page(response))

        clock.set_dutch(datetime.date(2027, 1, 15), 9)
        response = client.get("/")

        assert upcoming_cards(response) == []
        assert "Volgende verkiezingen" not in text(parse_page(response))
        assert campaign_lists(response) == (["/ps2027/"], [])

    def test_the_next_elections_leave_when_their_day_is_over(self, client, clock):
        clock.set_dutch(datetime.date(2027, 3, 17), 23, 59, 59)
        UpcomingElection.objects.create(
            election_type=ElectionType.WATERSCHAP, election_date=datetime.date(2027, 3, 17)
        )
        assert len(upcoming_cards(client.get("/"))) == 1

        clock.set_dutch(datetime.date(2027, 3, 18))

        assert upcoming_cards(client.get("/")) == []

    def test_the_real_campaigns_and_next_elections_on_7_december_2026(
        self, client, register, clock
    ):
        clock.set_dutch(datetime.date(2026, 12, 7), 9)
        demo_content_load()

        response = client.get("/")

        assert campaign_lists(response) == (
            ["/gr2026/", "/tk2025/"],
            ["/ps2023/", "/gr2022/", "/tk2021/"],
        )
        assert phase_labels(response) == ["Na de verkiezingen", "Na de verkiezingen"]
        assert upcoming_cards(response) == [
            "Provinciale Staten Provinciale Statenverkiezingen 2027 woensdag 17 maart 2027",
            "Waterschap Waterschapsverkiezingen 2027 woensdag 17 maart 2027",
        ]
        headings = [text(h) for h in find_all(parse_page(response), "h2")]
        assert headings.index("Actueel") < headings.index("Volgende verkiezingen")
        assert headings.index("Volgende verkiezingen") < headings.index("Eerdere verkiezingen")

    def test_the_next_elections_cost_no_more_queries(self, client, clock):
        clock.set_dutch(datetime.date(2026, 12, 7))
        CampaignFactory.create_batch(3)
        CampaignFactory.create_batch(3, archived=True)
        for year in (2027, 2028, 2029):
            UpcomingElection.objects.create(
                election_type=ElectionType.EUROPEES_PARLEMENT,
                election_date=datetime.date(year, 6, 6),
            )

        with page_queries() as queries:
            response = client.get("/")

        assert len(upcoming_cards(response)) == 3
        assert len(queries) == HOME_PAGE_QUERIES


class TestNotFoundPage:
    @pytest.mark.parametrize(
        "url",
        [
            "/bestaat/niet/",  # matches no URL pattern
            "/gr2030/",  # a campaign slug that does not exist
            "/gr2026/wijk/centrum/",
        ],
    )
    def test_unknown_url_gives_the_dutch_404_page(self, client, url):
        CampaignFactory(slug="gr2026")

        response = client.get(url)

        assert response.status_code == 404
        assert "Deze pagina bestaat niet" in text(find_all(parse_page(response), "h1")[0])
        assert "Misschien is het adres verkeerd overgenomen" in text(parse_page(response))
        assert "/" in hrefs(parse_page(response))

    def test_it_links_to_the_current_campaigns_only(self, client):
        CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")
        CampaignFactory(slug="tk2025", name="Tweede Kamerverkiezingen 2025")
        CampaignFactory(slug="gr2022", archived=True)
        CampaignFactory(slug="gr2030", draft=True)

        response = client.get("/bestaat/niet/")

        assert response.status_code == 404
        cards = find_all(parse_page(response), "li", "campaign-card")
        assert [hrefs(card) for card in cards] == [["/gr2026/"], ["/tk2025/"]]
        assert [text(find(card, "span", "campaign-card__name")) for card in cards] == [
            "Gemeenteraadsverkiezingen 2026",
            "Tweede Kamerverkiezingen 2025",
        ]

    def test_it_offers_the_municipality_finder_and_the_search_first(self, client):
        CampaignFactory(slug="gr2026")

        page = parse_page(client.get("/bestaat/niet/"))

        forms = find_all(find(page, "main"), "form")
        assert [attr(form, "action") for form in forms] == ["/gemeenten/zoeken/", "/zoeken/"]
        assert [attr(field, "name") for field in find_all(forms[0], "input")][:1] == ["q"]
        assert [attr(field, "name") for field in find_all(forms[1], "input")] == ["q"]
        # Not indexed: it is no page of its own.
        robots = [m for m in find_all(page, "meta") if attr(m, "name") == "robots"]
        assert [attr(m, "content") for m in robots] == ["noindex"]

    def test_without_current_campaigns_it_links_home(self, client):
        response = client.get("/bestaat/niet/")

        assert response.status_code == 404
        assert find_all(parse_page(response), "li", "campaign-card") == []
        # Home, and the two searches: for a municipality and in the manifestos.
        assert set(hrefs(find_all(parse_page(response), "main")[0])) == {
            "/",
            "/gemeenten/zoeken/",
            "/zoeken/",
        }
