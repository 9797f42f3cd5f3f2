"""The public agenda of a campaign, /<campaign>/agenda/, its preview and its admin."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import CampaignEvent
from config.roles import EDITOR, REGIOMANAGER, roles_sync
from tests.factories import CampaignEventFactory, CampaignFactory, UserFactory
from tests.html import attr, change_form_data, find, find_all, h1, parse_page, text
from tests.queries import page_queries

from .ical_reader import read_calendar

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def campaign():
    return CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")


@pytest.fixture
def editor_client(client):
    roles_sync()
    client.force_login(UserFactory(staff=True, role=EDITOR))
    return client


def section_texts(response, css_class):
    page = parse_page(response)
    return [text(item) for item in find_all(page, "li", css_class)]


def test_visitors_see_upcoming_and_past_events_by_month_in_dutch(client, campaign):
    CampaignEventFactory(
        campaign=campaign,
        title="Dag van de kandidaatstelling",
        start_date=datetime.date(2026, 2, 2),
    )
    CampaignEventFactory(
        campaign=campaign,
        title="Gemeenteraadsverkiezingen",
        kind=CampaignEvent.Kind.ELECTION,
        start_date=datetime.date(2026, 3, 18),
    )
    upcoming = CampaignEventFactory(
        campaign=campaign,
        title="Debat met de lijsttrekkers",
        kind=CampaignEvent.Kind.ACTION,
        start_date=days(20),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        location="Nieuwegein",
    )
    response = client.get("/gr2026/agenda/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert h1(response) == "Agenda Gemeenteraadsverkiezingen 2026"
    page = parse_page(response)
    upcoming_section, past_section = find_all(page, "section", "agenda")
    assert text(find(upcoming_section, "h2")) == "Binnenkort"
    assert "Debat met de lijsttrekkers" in text(upcoming_section)
    assert f"{upcoming.start_date.day}" in text(find(upcoming_section, "p", "agenda-event__when"))
    assert "19.30–21.00 uur" in text(upcoming_section)
    assert "Nieuwegein" in text(upcoming_section)
    # Past events, latest first, under Dutch month headings with Dutch dates.
    assert text(find(past_section, "h2")) == "Geweest"
    assert [text(h) for h in find_all(past_section, "h3")] == ["maart 2026", "februari 2026"]
    whens = [text(p) for p in find_all(past_section, "p", "agenda-event__when")]
    assert whens == ["woensdag 18 maart 2026", "maandag 2 februari 2026"]
    # Election day stands out.
    (election,) = find_all(page, "li", "agenda-event--election")
    assert "Verkiezingsdag Gemeenteraadsverkiezingen" in text(election)
    # The source of a date is linked.
    assert "https://wetten.overheid.nl/BWBR0004627/" in {
        attr(a, "href") for a in find_all(past_section, "a")
    }


def test_the_page_offers_the_feed_to_subscribe_to(client, campaign):
    response = client.get("/gr2026/agenda/")
    page = parse_page(response)
    links = {attr(a, "href") for a in find_all(page, "a")}
    assert "/gr2026/agenda.ics" in links
    assert "webcal://testserver/gr2026/agenda.ics" in links
    assert "Er staan nog geen data in deze agenda." in text(page)
    # Calendar apps and browsers find the feed from the page's head too.
    alternates = [link for link in find_all(page, "link") if attr(link, "type") == "text/calendar"]
    assert [attr(link, "href") for link in alternates] == ["/gr2026/agenda.ics"]


def test_the_campaign_page_links_to_the_agenda(client, campaign):
    page = parse_page(client.get("/gr2026/"))
    assert "/gr2026/agenda/" in {attr(a, "href") for a in find_all(page, "a")}


def test_breadcrumbs_lead_back_to_the_campaign(client, campaign):
    crumbs = find(parse_page(client.get("/gr2026/agenda/")), "nav", "breadcrumbs")
    assert [text(li) for li in find_all(crumbs, "li")] == [
        "Voorpagina",
        "Gemeenteraadsverkiezingen 2026",
        "Agenda",
    ]
    assert "/gr2026/" in {attr(a, "href") for a in find_all(crumbs, "a")}


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
@pytest.mark.parametrize("url", ["/{}/agenda/", "/{}/agenda.ics"])
def test_unpublished_and_scheduled_campaigns_are_not_found(client, trait, url):
    hidden = CampaignFactory(**{trait: True})
    CampaignEventFactory(campaign=hidden)
    assert client.get(url.format(hidden.slug)).status_code == 404


def test_queries_do_not_grow_with_the_number_of_events(client):
    counts = []
    for number in (1, 30):
        campaign = CampaignFactory()
        for n in range(number):
            CampaignEventFactory(campaign=campaign, start_date=days(n - number // 2))
        for url in (f"/{campaign.slug}/agenda/", f"/{campaign.slug}/agenda.ics"):
            with page_queries() as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts.append((url.rsplit("/", 1)[-1] or "page", len(queries)))
    assert counts[0][1] == counts[2][1] and counts[1][1] == counts[3][1], counts
    assert counts[0][1] <= 3 and counts[1][1] <= 3, counts


def test_an_event_becomes_past_the_day_after_even_on_a_stored_page(client, campaign, monkeypatch):
    """The page cache's content version moves on when an event ends, so a stored page
    never keeps yesterday's event under "Binnenkort"."""
    event = CampaignEventFactory(campaign=campaign, title="Kandidaatstelling", start_date=today())
    assert event.ends_at == datetime.datetime.combine(
        days(1), datetime.time(), timezone.get_default_timezone()
    )
    page = parse_page(client.get("/gr2026/agenda/"))
    assert [text(h) for h in find_all(page, "h2") if text(h) in ("Binnenkort", "Geweest")] == [
        "Binnenkort"
    ]

    later = event.ends_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = parse_page(client.get("/gr2026/agenda/"))
    assert [text(h) for h in find_all(page, "h2") if text(h) in ("Binnenkort", "Geweest")] == [
        "Geweest"
    ]


# --- editing in the admin shows on the next request ------------------------------------


def test_an_edit_in_the_admin_shows_on_the_next_request_and_raises_the_sequence(
    editor_client, campaign
):
    event = CampaignEventFactory(campaign=campaign, title="Kandidaatstelling")
    before = editor_client.get("/gr2026/agenda.ics")
    assert "Kandidaatstelling" in editor_client.get("/gr2026/agenda/").content.decode()

    url = f"/admin/campaigns/campaignevent/{event.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data["title"] = "Dag van de kandidaatstelling"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    page = parse_page(editor_client.get("/gr2026/agenda/"))
    assert "Dag van de kandidaatstelling" in text(page)
    (old,) = read_calendar(before.content).children("VEVENT")
    (new,) = read_calendar(editor_client.get("/gr2026/agenda.ics").content).children("VEVENT")
    assert new.one("UID").raw == old.one("UID").raw
    assert int(new.one("SEQUENCE").raw) == int(old.one("SEQUENCE").raw) + 1


def test_events_are_edited_inline_on_the_campaign(editor_client, campaign):
    url = f"/admin/campaigns/campaign/{campaign.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "events-TOTAL_FORMS": "1",
            "events-0-title": "Gemeenteraadsverkiezingen",
            "events-0-kind": "election",
            "events-0-start_date": "18-03-2026",
            "events-0-url": "https://nl.wikipedia.org/wiki/Gemeenteraadsverkiezingen_2026",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert "Gemeenteraadsverkiezingen" in text(parse_page(editor_client.get("/gr2026/agenda/")))


def test_an_end_before_the_start_is_refused_in_dutch(editor_client, campaign):
    url = "/admin/campaigns/campaignevent/add/"
    response = editor_client.post(
        url,
        {
            "campaign": campaign.pk,
            "title": "Verkeerd om",
            "kind": "other",
            "start_date": "18-03-2026",
            "end_date": "16-03-2026",
        },
    )
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    assert not CampaignEvent.objects.exists()


def test_regiomanagers_cannot_manage_the_agenda(client):
    roles_sync()
    client.force_login(UserFactory(staff=True, role=REGIOMANAGER))
    assert client.get("/admin/campaigns/campaignevent/").status_code == 403


# --- the staff preview -----------------------------------------------------------------


def test_staff_preview_the_agenda_of_a_draft_and_its_feed(editor_client):
    draft = CampaignFactory(draft=True, slug="gr2030", name="Gemeenteraad 2030")
    CampaignEventFactory(campaign=draft, title="Kandidaatstelling 2030", start_date=days(40))
    response = editor_client.get("/voorbeeld/gr2030/agenda/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = parse_page(response)
    assert "deze pagina is nog niet openbaar" in text(page)
    assert "Kandidaatstelling 2030" in text(page)
    links = {attr(a, "href") for a in find_all(page, "a")}
    # The feed link stays in the preview, and it works for staff.
    assert "/voorbeeld/gr2030/agenda.ics" in links
    assert not any(link.startswith("webcal:") for link in links)
    feed = editor_client.get("/voorbeeld/gr2030/agenda.ics")
    assert feed.status_code == 200
    assert "no-store" in feed["Cache-Control"]
    (event,) = read_calendar(feed.content).children("VEVENT")
    assert event.one("SUMMARY").text == "Kandidaatstelling 2030"
    # The campaign preview links to the agenda preview.
    campaign_page = parse_page(editor_client.get("/voorbeeld/gr2030/"))
    assert "/voorbeeld/gr2030/agenda/" in {attr(a, "href") for a in find_all(campaign_page, "a")}


@pytest.mark.parametrize("url", ["/voorbeeld/gr2030/agenda/", "/voorbeeld/gr2030/agenda.ics"])
def test_visitors_get_no_preview(client, url):
    CampaignFactory(draft=True, slug="gr2030")
    assert client.get(url).status_code == 404


def test_staff_find_events_in_the_admin_by_text_and_kind(editor_client, campaign):
    CampaignEventFactory(campaign=campaign, title="Dag van de kandidaatstelling")
    CampaignEventFactory(
        campaign=campaign, title="Gemeenteraadsverkiezingen", kind=CampaignEvent.Kind.ELECTION
    )
    url = "/admin/campaigns/campaignevent/"
    found = editor_client.get(url, {"q": "kandidaat"}).content.decode()
    assert "Dag van de kandidaatstelling" in found and "Gemeenteraadsverkiezingen<" not in found
    filtered = editor_client.get(url, {"kind__exact": "election"}).content.decode()
    assert "Gemeenteraadsverkiezingen" in filtered
    assert "Dag van de kandidaatstelling" not in filtered
