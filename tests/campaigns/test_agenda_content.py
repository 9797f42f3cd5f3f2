"""The agenda in the demo content and in the content export and import (format version 3)."""

import datetime
import json

import pytest

from campaigns.models import Campaign, CampaignEvent
from manifestos.transfer.demo import demo_content_load
from manifestos.transfer.export import content_export
from manifestos.transfer.format import ContentTransferError
from manifestos.transfer.importer import content_import
from tests.factories import CampaignEventFactory
from tests.html import find_all, parse_page, text

from .ical_reader import read_calendar

pytestmark = pytest.mark.django_db

# The key dates of the five demo campaigns, as public sources state them.
KEY_DATES = {
    "gr2026": {
        ("candidates", datetime.date(2026, 2, 2)),
        ("election", datetime.date(2026, 3, 18)),
    },
    "tk2025": {
        ("candidates", datetime.date(2025, 9, 15)),
        ("election", datetime.date(2025, 10, 29)),
    },
    "ps2023": {
        ("candidates", datetime.date(2023, 1, 30)),
        ("election", datetime.date(2023, 3, 15)),
    },
    "gr2022": {
        ("candidates", datetime.date(2022, 1, 31)),
        ("other", datetime.date(2022, 3, 14)),
        ("election", datetime.date(2022, 3, 16)),
    },
    "tk2021": {
        ("candidates", datetime.date(2021, 2, 1)),
        ("other", datetime.date(2021, 3, 15)),
        ("election", datetime.date(2021, 3, 17)),
    },
}


def test_the_demo_campaigns_have_their_key_dates_with_a_source(demo_content):
    for slug, dates in KEY_DATES.items():
        campaign = Campaign.objects.get(slug=slug)
        events = list(campaign.events.all())
        assert {(e.kind, e.start_date) for e in events} == dates, slug
        assert all(e.url.startswith("https://") for e in events), slug
        (election,) = [e for e in events if e.kind == CampaignEvent.Kind.ELECTION]
        assert election.start_date == campaign.election_date
        # The day of nomination is the 44th day before the election (Kieswet, art. I 1).
        (nomination,) = [e for e in events if e.kind == CampaignEvent.Kind.CANDIDATES]
        assert campaign.election_date - nomination.start_date == datetime.timedelta(days=44)
    # Nothing the association did is invented.
    assert not CampaignEvent.objects.filter(kind=CampaignEvent.Kind.ACTION).exists()


def test_reloading_the_demo_content_keeps_the_calendar_ids(demo_content):
    before = set(CampaignEvent.objects.values_list("uid", flat=True))
    demo_content_load(replace=True)
    assert set(CampaignEvent.objects.values_list("uid", flat=True)) == before


def test_the_gr2026_agenda_and_feed_of_the_demo(client, demo_content):
    page = parse_page(client.get("/gr2026/agenda/"))
    assert "woensdag 18 maart 2026" in text(page)
    assert "maandag 2 februari 2026" in text(page)
    assert len(find_all(page, "li", "agenda-event--election")) == 1
    calendar = read_calendar(client.get("/gr2026/agenda.ics").content)
    starts = sorted(e.one("DTSTART").raw for e in calendar.children("VEVENT"))
    assert starts == ["20260202", "20260318"]


def test_events_survive_an_export_and_import_unchanged(demo_content):
    campaign = Campaign.objects.get(slug="gr2026")
    timed = CampaignEventFactory(
        campaign=campaign,
        title="Debat; met komma, en puntkomma",
        kind=CampaignEvent.Kind.OTHER,
        start_date=datetime.date(2026, 3, 2),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        location="Nieuwegein",
    )
    timed.save()  # sequence 1
    before = {
        e.uid: (e.title, e.start_time, e.end_time, e.sequence, e.created_at, e.updated_at)
        for e in CampaignEvent.objects.all()
    }
    text_before = json.dumps(content_export(), ensure_ascii=False, indent=2)
    exported = json.loads(text_before)
    gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")
    event = next(e for e in gr2026["events"] if e["uid"] == str(timed.uid))
    assert event["start_time"] == "19:30:00"
    assert event["sequence"] == 1

    content_import(data=exported, replace=True)

    after = {
        e.uid: (e.title, e.start_time, e.end_time, e.sequence, e.created_at, e.updated_at)
        for e in CampaignEvent.objects.all()
    }
    assert after == before
    assert json.dumps(content_export(), ensure_ascii=False, indent=2) == text_before
    assert CampaignEvent.objects.get(uid=timed.uid).ends_at == timed.ends_at


@pytest.mark.parametrize("version", [1, 2])
def test_older_documents_are_read_as_campaigns_without_events(demo_content, version):
    exported = content_export()
    exported["version"] = version
    for campaign in exported["campaigns"]:
        del campaign["events"]
        if version == 1:
            del campaign["party_results_public"]
    if version == 1:
        del exported["parties"]

    content_import(data=exported, replace=True)

    assert Campaign.objects.count() == 5
    assert not CampaignEvent.objects.exists()


def test_a_bad_event_is_refused_and_changes_nothing(demo_content):
    exported = content_export()
    gr2026 = next(c for c in exported["campaigns"] if c["slug"] == "gr2026")
    gr2026["events"][0]["start_time"] = "half acht"
    gr2026["events"][1]["uid"] = "geen-uuid"
    count = CampaignEvent.objects.count()

    with pytest.raises(ContentTransferError) as error:
        content_import(data=exported, replace=True)

    messages = "\n".join(error.value.errors)
    assert "start_time: verwacht een tijd (UU:MM:SS)" in messages
    assert "uid: verwacht een UUID" in messages
    assert CampaignEvent.objects.count() == count
