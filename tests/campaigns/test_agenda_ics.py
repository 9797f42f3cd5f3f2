"""The agenda as a calendar app subscribes to it: /<campaign>/agenda.ics."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from campaigns.models import CampaignEvent
from config import page_cache
from tests.factories import CampaignEventFactory, CampaignFactory

from .ical_reader import MAX_OCTETS, InvalidCalendar, physical_lines, read_calendar

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def campaign():
    return CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")


def feed(client, campaign, **headers):
    response = client.get(f"/{campaign.slug}/agenda.ics", **headers)
    assert response.status_code == 200
    return response


def events_by_uid(calendar):
    return {event.one("UID").raw: event for event in calendar.children("VEVENT")}


def test_feed_is_a_valid_calendar_with_the_required_properties(client, campaign):
    CampaignEventFactory(campaign=campaign, title="Dag van de kandidaatstelling")
    CampaignEventFactory(
        campaign=campaign,
        title="Gemeenteraadsverkiezingen",
        kind=CampaignEvent.Kind.ELECTION,
        start_date=datetime.date(2026, 3, 18),
    )
    response = feed(client, campaign)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"]
    calendar = read_calendar(response.content)
    assert calendar.one("VERSION").raw == "2.0"
    assert calendar.one("PRODID").raw
    assert calendar.one("X-WR-CALNAME").text == "Metaalunie – Gemeenteraadsverkiezingen 2026"
    assert calendar.one("REFRESH-INTERVAL").params == {"VALUE": "DURATION"}
    assert calendar.one("X-PUBLISHED-TTL").raw == calendar.one("REFRESH-INTERVAL").raw
    assert calendar.one("URL").raw == "http://testserver/gr2026/agenda/"
    (timezone,) = calendar.children("VTIMEZONE")
    assert timezone.one("TZID").raw == "Europe/Amsterdam"
    events = calendar.children("VEVENT")
    assert [e.one("SUMMARY").text for e in events] == [
        "Dag van de kandidaatstelling",
        "Gemeenteraadsverkiezingen",
    ]
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "LAST-MODIFIED", "URL"):
            event.one(name)
        assert event.one("DTSTAMP").raw.endswith("Z")
    # An independent parser agrees.
    parsed = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == [
        "Dag van de kandidaatstelling",
        "Gemeenteraadsverkiezingen",
    ]


def test_all_day_events_are_dates_with_an_exclusive_end(client, campaign):
    CampaignEventFactory(
        campaign=campaign,
        title="Vervroegd stemmen en verkiezingsdag",
        start_date=datetime.date(2026, 3, 16),
        end_date=datetime.date(2026, 3, 18),
    )
    (event,) = read_calendar(feed(client, campaign).content).children("VEVENT")
    assert event.one("DTSTART").params == {"VALUE": "DATE"}
    assert event.one("DTSTART").raw == "20260316"
    assert event.one("DTEND").raw == "20260319"


def test_timed_events_are_in_amsterdam_time(client, campaign):
    CampaignEventFactory(
        campaign=campaign,
        title="Debat met de lijsttrekkers",
        kind=CampaignEvent.Kind.ACTION,
        start_date=datetime.date(2026, 3, 2),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        location="Nieuwegein",
    )
    body = feed(client, campaign).content
    (event,) = read_calendar(body).children("VEVENT")
    assert event.one("DTSTART").params == {"TZID": "Europe/Amsterdam"}
    assert event.one("DTSTART").raw == "20260302T193000"
    assert event.one("DTEND").raw == "20260302T210000"
    parsed = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
    start = parsed.decoded("DTSTART")
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2026, 3, 2, 18, 30, tzinfo=datetime.UTC
    )


def test_text_is_escaped_and_folded_and_reads_back_the_same(client, campaign):
    title = 'Overleg; "Maak het, samen" \\ met de gemeente'
    description = "Eerste regel, met een komma.\nTweede regel; met ‘aanhalingstekens’ en é" + (
        " en nog veel meer tekst over de maakindustrie in de regio" * 6
    )
    CampaignEventFactory(
        campaign=campaign, title=title, description=description, location="Zaal 1, Utrecht"
    )
    body = feed(client, campaign).content
    assert any(line.startswith(b" ") for line in body.split(b"\r\n")), "long lines are folded"
    (event,) = read_calendar(body).children("VEVENT")
    assert event.one("SUMMARY").text == title
    assert event.one("LOCATION").text == "Zaal 1, Utrecht"
    assert event.one("DESCRIPTION").text.startswith(description)
    assert "\\;" in event.one("SUMMARY").raw and "\\," in event.one("SUMMARY").raw


def test_a_backslash_before_an_n_is_text_not_a_line_break(client):
    """Every backslash is escaped, also one before an N (which would read as a line break
    if it were left bare)."""
    campaign = CampaignFactory(slug="tk2025", name="Verkiezing \\N 2025")
    CampaignEventFactory(
        campaign=campaign,
        title="Map C:\\Nieuw",
        location="Zaal \\N1",
        description="Pad \\\\server\\Nieuw",
        url="",
    )
    calendar = read_calendar(feed(client, campaign).content)
    assert calendar.one("X-WR-CALNAME").text == "Metaalunie – Verkiezing \\N 2025"
    (event,) = calendar.children("VEVENT")
    assert event.one("SUMMARY").text == "Map C:\\Nieuw"
    assert event.one("LOCATION").text == "Zaal \\N1"
    assert event.one("DESCRIPTION").text == "Pad \\\\server\\Nieuw"


def test_folding_never_splits_a_character_and_keeps_lines_short(client, campaign):
    """A long value of two- and three-octet characters is folded into lines of at most
    75 octets, each of them whole UTF-8, and unfolds to the same text."""
    text = "ë€" * 100
    CampaignEventFactory(campaign=campaign, title="Overleg", description=text, url="")
    lines = physical_lines(feed(client, campaign).content)
    start = next(i for i, line in enumerate(lines) if line.startswith("DESCRIPTION:ë".encode()))
    folded = [lines[start]]
    while lines[start + len(folded)].startswith(b" "):
        folded.append(lines[start + len(folded)])
    assert len(folded) > 1
    assert all(len(line) <= MAX_OCTETS for line in folded)
    decoded = [line.decode() for line in folded]  # a split character fails here
    assert decoded[0] + "".join(line[1:] for line in decoded[1:]) == f"DESCRIPTION:{text}"


def test_the_reader_refuses_what_calendar_apps_choke_on():
    with pytest.raises(InvalidCalendar):
        read_calendar(b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    with pytest.raises(InvalidCalendar):
        read_calendar(b"BEGIN:VCALENDAR\r\nX-A:" + b"x" * 80 + b"\r\nEND:VCALENDAR\r\n")
    with pytest.raises(InvalidCalendar):
        read_calendar(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n")


def test_an_update_keeps_the_uid_and_raises_the_sequence(client, campaign):
    event = CampaignEventFactory(campaign=campaign, title="Kandidaatstelling")
    before = events_by_uid(read_calendar(feed(client, campaign).content))
    assert before[str(event.uid)].one("SEQUENCE").raw == "0"

    event.title = "Dag van de kandidaatstelling"
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1

    after = events_by_uid(read_calendar(feed(client, campaign).content))
    assert set(after) == set(before)
    assert after[str(event.uid)].one("SEQUENCE").raw == "1"
    assert after[str(event.uid)].one("SUMMARY").text == "Dag van de kandidaatstelling"


@pytest.mark.parametrize(
    "times",
    [
        {"end_date": datetime.date(2026, 3, 1)},
        {"start_time": datetime.time(14), "end_time": datetime.time(10)},
    ],
    ids=["all-day", "timed"],
)
def test_an_end_before_the_start_written_past_validation_keeps_the_feed(client, campaign, times):
    event = CampaignEventFactory(campaign=campaign, start_date=datetime.date(2026, 3, 5))
    CampaignEvent.objects.filter(pk=event.pk).update(**times)
    page_cache.content_changed()
    (served,) = events_by_uid(read_calendar(feed(client, campaign).content)).values()
    assert served.one("DTSTART").raw.startswith("20260305")


def test_a_deleted_event_disappears(client, campaign):
    kept = CampaignEventFactory(campaign=campaign, title="Verkiezingsdag")
    gone = CampaignEventFactory(campaign=campaign, title="Geschrapt")
    assert len(read_calendar(feed(client, campaign).content).children("VEVENT")) == 2
    gone.delete()
    assert set(events_by_uid(read_calendar(feed(client, campaign).content))) == {str(kept.uid)}


def test_the_same_content_gives_the_same_bytes(client, campaign):
    """Rendered again after an unrelated change, the feed is byte for byte the same, so a
    calendar app revalidating with its ETag gets a cheap 304."""
    CampaignEventFactory(campaign=campaign)
    first = feed(client, campaign)
    page_cache.content_changed()
    again = client.get(f"/{campaign.slug}/agenda.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    page_cache.content_changed()
    assert feed(client, campaign).content == first.content


def _last_sunday(year, month):
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize("year", range(2020, 2036))
def test_the_time_zone_rules_match_the_real_dutch_clock_changes(client, campaign, year):
    """The feed's VTIMEZONE rules (last Sunday of March 02:00, of October 03:00) are where
    the Dutch clocks really change, checked against the tz database."""
    body = feed(client, campaign).content
    (timezone,) = read_calendar(body).children("VTIMEZONE")
    assert timezone.one("TZID").raw == "Europe/Amsterdam"
    hour = datetime.timedelta(hours=1)
    spring, autumn = _last_sunday(year, 3), _last_sunday(year, 10)
    for name, day, before, after, first_onset in (
        ("DAYLIGHT", spring, 1, 2, "19960331T020000"),
        ("STANDARD", autumn, 2, 1, "19961027T030000"),
    ):
        (observance,) = timezone.children(name)
        rule = dict(part.split("=") for part in observance.one("RRULE").raw.split(";"))
        assert rule == {"FREQ": "YEARLY", "BYMONTH": str(day.month), "BYDAY": "-1SU"}
        assert observance.one("TZOFFSETFROM").raw == f"+0{before}00"
        assert observance.one("TZOFFSETTO").raw == f"+0{after}00"
        assert observance.one("DTSTART").raw == first_onset
        # The onset is a local time before the change (RFC 5545 3.6.5): 01:00 UTC.
        onset = datetime.datetime.strptime(first_onset, "%Y%m%dT%H%M%S")
        moment = datetime.datetime.combine(day, onset.time(), datetime.UTC) - before * hour
        assert moment == datetime.datetime.combine(day, datetime.time(1), datetime.UTC)
        # Just before that moment the old offset holds, just after the new one.
        offset_before = (moment - datetime.timedelta(seconds=1)).astimezone(AMSTERDAM).utcoffset()
        assert offset_before == before * hour
        assert moment.astimezone(AMSTERDAM).utcoffset() == after * hour

    # An independent reader of the VTIMEZONE itself (not the tz database it is named
    # after) gives the real offset at every quarter hour around both changes.
    (parsed,) = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")
    described = parsed.to_tz(lookup_tzid=False)
    for day in (spring, autumn):
        start = datetime.datetime.combine(day, datetime.time(), datetime.UTC) - 2 * hour
        for quarter in range(4 * 6):
            moment = start + quarter * datetime.timedelta(minutes=15)
            assert moment.astimezone(described).utcoffset() == (
                moment.astimezone(AMSTERDAM).utcoffset()
            ), moment


def test_injected_lines_stay_inside_their_value(client, campaign):
    """Text with line breaks and a URL written past the form's validation cannot add
    properties or events to the feed, nor a script link to the page."""
    event = CampaignEventFactory(campaign=campaign)
    CampaignEvent.objects.filter(pk=event.pk).update(
        title="Kandidaatstelling\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Nep",
        url="javascript:alert(1)\r\nATTENDEE:mailto:x@example.org",
    )
    page_cache.content_changed()
    (parsed,) = read_calendar(feed(client, campaign).content).children("VEVENT")
    assert parsed.one("SUMMARY").text == (
        "Kandidaatstelling\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Nep"
    )
    assert parsed.all("ATTENDEE") == []
    assert parsed.one("URL").raw == "http://testserver/gr2026/agenda/"
    assert "javascript:" not in client.get("/gr2026/agenda/").content.decode()
