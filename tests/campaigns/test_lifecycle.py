"""A campaign's life cycle by the clock: campaigning, following through, archived
(campaigns/lifecycle.py); and the upcoming elections the association prepares for."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Campaign, ElectionType, Phase, UpcomingElection
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ELECTION_DAY = datetime.date(2026, 3, 18)


def dutch(day, hour=0, minute=0, second=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=AMSTERDAM)


def in_phase(now):
    """{phase: slugs} as the QuerySets see it at `now`."""
    return {
        Phase.CAMPAIGNING: sorted(c.slug for c in Campaign.objects.campaigning(now)),
        Phase.FOLLOWING_THROUGH: sorted(c.slug for c in Campaign.objects.following_through(now)),
        Phase.ARCHIVED: sorted(c.slug for c in Campaign.objects.archived(now)),
    }


def by_phase_method(now):
    """{phase: slugs} as `campaign.phase(now)` sees it, for the public campaigns."""
    phases = {phase: [] for phase in Phase}
    for campaign in Campaign.objects.public(now):
        phases[campaign.phase(now)].append(campaign.slug)
    return {phase: sorted(slugs) for phase, slugs in phases.items()}


@pytest.fixture
def gr2026(clock):
    clock.set_dutch(datetime.date(2025, 11, 1))
    return CampaignFactory(slug="gr2026", election_date=ELECTION_DAY)


class TestElectionDay:
    def test_the_moments_are_dutch_midnights(self, gr2026):
        assert gr2026.election_over_at == dutch(datetime.date(2026, 3, 19))
        # Four years later for a municipal election (the level's term), the day after.
        assert gr2026.term_over_at == dutch(datetime.date(2030, 3, 19))

    def test_the_moments_follow_a_changed_date_and_type(self, gr2026):
        gr2026.election_date = datetime.date(2027, 3, 17)
        gr2026.election_type = ElectionType.EUROPEES_PARLEMENT
        gr2026.save(update_fields=["election_date", "election_type"])
        gr2026.refresh_from_db()

        assert gr2026.election_over_at == dutch(datetime.date(2027, 3, 18))
        assert gr2026.term_over_at == dutch(datetime.date(2032, 3, 18))  # five years

    def test_campaigning_until_midnight_after_election_day(self, gr2026):
        last_second = dutch(ELECTION_DAY, 23, 59, 59)
        midnight = dutch(ELECTION_DAY + datetime.timedelta(days=1))

        assert gr2026.phase(last_second) == Phase.CAMPAIGNING
        assert in_phase(last_second)[Phase.CAMPAIGNING] == ["gr2026"]
        assert gr2026.phase(midnight) == Phase.FOLLOWING_THROUGH
        assert in_phase(midnight)[Phase.FOLLOWING_THROUGH] == ["gr2026"]
        assert list(Campaign.objects.current(last_second)) == [gr2026]
        assert list(Campaign.objects.current(midnight)) == [gr2026]

    def test_the_clock_is_read_when_no_moment_is_given(self, gr2026, clock):
        assert gr2026.phase() == Phase.CAMPAIGNING

        clock.set_dutch(ELECTION_DAY + datetime.timedelta(days=1), 0, 0, 1)

        assert gr2026.phase() == Phase.FOLLOWING_THROUGH
        assert list(Campaign.objects.following_through()) == [gr2026]


class TestArchive:
    def test_staff_archive_at_any_time(self, clock):
        clock.set_dutch(datetime.date(2026, 1, 5))
        campaign = CampaignFactory(archived=True, election_date=ELECTION_DAY)

        assert campaign.phase() == Phase.ARCHIVED
        assert list(Campaign.objects.archived()) == [campaign]
        assert not Campaign.objects.current().exists()

    def test_a_newer_campaign_of_the_same_type_archives_it_when_it_becomes_public(self, gr2026):
        publication = dutch(datetime.date(2029, 11, 1), 9)
        CampaignFactory(
            slug="gr2030", election_date=datetime.date(2030, 3, 13), published_at=publication
        )
        # Another type does not count, nor does a newer draft.
        CampaignFactory(
            slug="tk2028",
            election_type=ElectionType.TWEEDE_KAMER,
            election_date=datetime.date(2028, 3, 15),
        )
        CampaignFactory(slug="gr2034", election_date=datetime.date(2034, 3, 15), draft=True)
        before = publication - datetime.timedelta(seconds=1)

        assert gr2026.phase(before) == Phase.FOLLOWING_THROUGH
        assert gr2026.phase(publication) == Phase.ARCHIVED
        assert in_phase(publication) == {
            Phase.CAMPAIGNING: ["gr2030"],
            Phase.FOLLOWING_THROUGH: ["tk2028"],
            Phase.ARCHIVED: ["gr2026"],
        }

    def test_without_a_newer_campaign_the_end_of_the_term_archives_it(self, gr2026):
        term_over = dutch(datetime.date(2030, 3, 19))

        assert gr2026.phase(term_over - datetime.timedelta(seconds=1)) == Phase.FOLLOWING_THROUGH
        assert gr2026.phase(term_over) == Phase.ARCHIVED
        assert in_phase(term_over)[Phase.ARCHIVED] == ["gr2026"]

    def test_a_leap_day_election_ends_its_term_on_28_february(self, clock):
        clock.set_dutch(datetime.date(2027, 1, 1))
        campaign = CampaignFactory(election_date=datetime.date(2028, 2, 29))

        assert campaign.term_over_at == dutch(datetime.date(2032, 3, 1))


def test_the_querysets_and_the_method_agree_at_every_moment(clock):
    """Both say the same, for a mix of types, statuses and dates, before and after each
    moment at which something changes."""
    clock.set_dutch(datetime.date(2021, 1, 4))
    CampaignFactory(slug="tk2021", election_type="TK", election_date=datetime.date(2021, 3, 17))
    CampaignFactory(slug="gr2022", election_date=datetime.date(2022, 3, 16))
    CampaignFactory(slug="ps2023", election_type="PS", election_date=datetime.date(2023, 3, 15))
    CampaignFactory(slug="tk2023", election_type="TK", election_date=datetime.date(2023, 11, 22))
    CampaignFactory(slug="tk2025", election_type="TK", election_date=datetime.date(2025, 10, 29))
    CampaignFactory(slug="gr2026", election_date=ELECTION_DAY, archived=True)
    CampaignFactory(
        slug="gr2030",
        election_date=datetime.date(2030, 3, 13),
        published_at=dutch(datetime.date(2029, 10, 1)),
    )
    moments = set()
    for campaign in Campaign.objects.all():
        moments |= {campaign.election_over_at, campaign.term_over_at, campaign.published_at}
    for moment in sorted(moments):
        for now in (moment - datetime.timedelta(seconds=1), moment):
            assert in_phase(now) == by_phase_method(now), now


class TestPageCacheSchedule:
    def test_the_next_moments_are_election_day_then_the_end_of_the_term(self, gr2026):
        CampaignFactory(draft=True, election_date=datetime.date(2026, 1, 1))
        CampaignFactory(archived=True, election_date=datetime.date(2026, 1, 2))

        def moments(now):
            return sorted(row["moment"] for row in Campaign.objects.phase_changes_after(now))

        assert moments(dutch(datetime.date(2026, 1, 1))) == [gr2026.election_over_at]
        assert moments(gr2026.election_over_at) == [gr2026.term_over_at]
        assert moments(gr2026.term_over_at) == []


class TestUpcomingElection:
    @pytest.fixture
    def ps2027(self, clock):
        clock.set_dutch(datetime.date(2026, 12, 7))
        return UpcomingElection.objects.create(
            election_type=ElectionType.PROVINCIALE_STATEN,
            election_date=datetime.date(2027, 3, 17),
            name="Provinciale Statenverkiezingen 2027",
        )

    def test_announced_until_its_day_is_over(self, ps2027, clock):
        assert list(UpcomingElection.objects.announced()) == [ps2027]

        clock.set_dutch(datetime.date(2027, 3, 17), 23, 59, 59)
        assert list(UpcomingElection.objects.announced()) == [ps2027]

        clock.set_dutch(datetime.date(2027, 3, 18), 0, 0, 0)
        assert not UpcomingElection.objects.announced().exists()

    def test_announced_until_a_campaign_for_it_is_public(self, ps2027):
        publication = dutch(datetime.date(2027, 1, 10), 9)
        campaign = CampaignFactory(
            election_type=ElectionType.PROVINCIALE_STATEN,
            election_date=ps2027.election_date,
            published_at=publication,
        )
        # A campaign of another type or date is not the one for it.
        CampaignFactory(election_type=ElectionType.WATERSCHAP, election_date=ps2027.election_date)
        CampaignFactory(
            election_type=ElectionType.PROVINCIALE_STATEN, election_date=datetime.date(2027, 3, 10)
        )
        before = publication - datetime.timedelta(seconds=1)

        assert list(UpcomingElection.objects.announced(before)) == [ps2027]
        assert not UpcomingElection.objects.announced(publication).exists()
        campaign.status = Campaign.Status.DRAFT
        campaign.published_at = None
        campaign.save()
        assert list(UpcomingElection.objects.announced(publication)) == [ps2027]

    def test_without_a_name_it_is_called_by_its_type_and_year(self):
        upcoming = UpcomingElection(
            election_type=ElectionType.WATERSCHAP, election_date=datetime.date(2027, 3, 17)
        )

        assert upcoming.title == "Waterschap 2027"
        assert str(upcoming) == "Waterschap 2027 (17-03-2027)"

    def test_its_day_is_on_the_page_cache_schedule(self, ps2027):
        moments = UpcomingElection.objects.passing_after(dutch(datetime.date(2027, 1, 1)))

        assert [row["moment"] for row in moments] == [dutch(datetime.date(2027, 3, 18))]
