"""A campaign's life cycle, read from the clock on every request; no job runs it.

A public campaign is in one of three phases (`Campaign.phase(now)`, and as QuerySets
`Campaign.objects.campaigning(now)`, `.following_through(now)`, `.archived(now)`;
`.current(now)` is the first two together):

- *campaigning*: from its publication to the end of election day. The manifesto asks
  the parties to take the MKB-maakindustrie into their programmes, and members write
  to them with the letter kit.
- *following through*: from the Dutch midnight after election day until it is
  archived. The pages say, in the past tense, when the election was; what the parties
  did with the manifesto and the coalition talks are what counts now. The introduction
  and the call to politicians are the campaign's follow-up copy, or none
  (`campaign_web_copy`). The letter kit is withdrawn: it asks parties for their
  election programmes, and those are written.
- *archived*: from the first of these moments on
  - staff set the status "gearchiveerd" (at any time);
  - a newer campaign of the same election type becomes public (its publication
    moment): its manifesto is what the association asks now;
  - the regular term has run out, `term_years` after election day (the election
    level's), when no newer campaign of that type came.
  Every page of it carries an archive notice leading to the same region in the newest
  current campaign of the same election type, or to the home page.

All moments are Dutch midnights or publication moments. The two that follow from the
election date are stored on the campaign (`election_over_at`, `term_over_at`, set on
every save), so the phase filters and the page cache's schedule
(`phase_changes_after`, registered in apps.py) read them in SQL: a stored page
changes at midnight after election day without anyone saving. A newer campaign's
publication is already on that schedule (`publications_after`).

`UpcomingElection` is the next election the association prepares for, entered by
staff with its date before there is any content; the home page lists it under
"Volgende verkiezingen" until a public campaign of that type and date exists or the
day is over.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .levels import ElectionType

# Dutch elections, Dutch midnights.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_PUBLISHED = "published"
_ARCHIVED = "archived"
_VISIBLE = [_PUBLISHED, _ARCHIVED]


class Phase(models.TextChoices):
    CAMPAIGNING = "campaigning", _("voor de verkiezingen")
    FOLLOWING_THROUGH = "following_through", _("na de verkiezingen")
    ARCHIVED = "archived", _("archief")


def day_over_at(day):
    """The Dutch midnight after `day`: the moment the day is over."""
    next_day = _as_date(day) + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(), AMSTERDAM)


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def _as_date(value):
    """A date, also when it was assigned as text ("2026-03-18"), as the ORM allows."""
    return models.DateField().to_python(value)


def phase_moments(election_type, election_date):
    """(election over, term over): when a campaign of this election starts following
    through, and when it is archived at the latest."""
    election_date = _as_date(election_date)
    term_years = ElectionType(election_type).level.term_years
    return day_over_at(election_date), day_over_at(_years_later(election_date, term_years))


def campaign_phase(campaign, now=None):
    """The phase of `campaign` at `now` (a draft's: the one it would have if published)."""
    now = now or timezone.now()
    election_over_at, term_over_at = phase_moments(campaign.election_type, campaign.election_date)
    superseded_at = _superseded_at(campaign)
    if (
        campaign.status == _ARCHIVED
        or now >= term_over_at
        or (superseded_at is not None and now >= superseded_at)
    ):
        return Phase.ARCHIVED
    if now >= election_over_at:
        return Phase.FOLLOWING_THROUGH
    return Phase.CAMPAIGNING


@dataclass(frozen=True)
class WebCopy:
    """The introduction (rich text) and the call to politicians a campaign's pages show."""

    intro: str
    call_to_action: str


def campaign_web_copy(campaign, now=None):
    """What the pages of `campaign` say at `now`: its web copy while campaigning; from the
    midnight after election day on (also in the archive) the follow-up copy, written in
    the past tense, or nothing: a text that asks for a vote that has been cast is never
    shown."""
    if campaign_phase(campaign, now) == Phase.CAMPAIGNING:
        return WebCopy(campaign.web_intro, campaign.call_to_action)
    return WebCopy(campaign.follow_up_intro, campaign.follow_up_call_to_action)


def _newer_campaigns(model, election_type, election_date):
    """Public or scheduled campaigns of the same election type with a later election."""
    return model._default_manager.filter(
        election_type=election_type,
        election_date__gt=election_date,
        status__in=_VISIBLE,
        published_at__isnull=False,
    )


def _superseded_at(campaign):
    """When the first newer campaign of the same type became (or becomes) public: read in
    the campaign's own query by `with_phase()`, else once here."""
    if not hasattr(campaign, "superseded_at"):
        newer = _newer_campaigns(type(campaign), campaign.election_type, campaign.election_date)
        campaign.superseded_at = (
            newer.order_by("published_at").values_list("published_at", flat=True).first()
        )
    return campaign.superseded_at


class CampaignLifecycleQuerySet(models.QuerySet):
    """The phases as QuerySet methods; Campaign's QuerySet (models.py) builds on these."""

    def with_phase(self):
        """With `superseded_at` (see `_superseded_at`) read in the same query, so that
        `campaign.phase()` costs no query of its own."""
        if "superseded_at" in self.query.annotations:
            return self
        newer = _newer_campaigns(self.model, OuterRef("election_type"), OuterRef("election_date"))
        return self.annotate(
            superseded_at=Subquery(newer.order_by("published_at").values("published_at")[:1])
        )

    def current(self, now=None):
        """Public and not archived at `now`: campaigning or following through."""
        now = now or timezone.now()
        return (
            self.public(now)
            .with_phase()
            .filter(status=_PUBLISHED, term_over_at__gt=now)
            .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=now))
        )

    def campaigning(self, now=None):
        now = now or timezone.now()
        return self.current(now).filter(election_over_at__gt=now)

    def following_through(self, now=None):
        now = now or timezone.now()
        return self.current(now).filter(election_over_at__lte=now)

    def archived(self, now=None):
        now = now or timezone.now()
        return (
            self.public(now)
            .with_phase()
            .filter(Q(status=_ARCHIVED) | Q(term_over_at__lte=now) | Q(superseded_at__lte=now))
        )

    def with_successor(self, now=None):
        """With what an archived campaign's pages point to, read in the same query:
        `successor_slug` and `successor_name`, the newest campaign of the same election
        type with a later election that is public and not archived at `now`; and
        `next_election_date`, the first upcoming election of that type not over yet."""
        now = now or timezone.now()
        successors = (
            _newer_campaigns(self.model, OuterRef("election_type"), OuterRef("election_date"))
            .filter(status=_PUBLISHED, published_at__lte=now, term_over_at__gt=now)
            .order_by("-election_date")
        )
        upcoming = (
            UpcomingElection.objects.filter(
                election_type=OuterRef("election_type"), over_at__gt=now
            )
            .order_by("election_date")
            .values("election_date")[:1]
        )
        return self.with_phase().annotate(
            successor_slug=Subquery(successors.values("slug")[:1]),
            successor_name=Subquery(successors.values("name")[:1]),
            next_election_date=Subquery(upcoming),
        )

    def phase_changes_after(self, now):
        """The moments after `now` at which a published campaign changes phase by the
        clock alone: the end of election day, else the end of its term (for the page
        cache's schedule)."""
        return (
            self.filter(status=_PUBLISHED, term_over_at__gt=now)
            .values(
                moment=Case(
                    When(election_over_at__gt=now, then=F("election_over_at")),
                    default=F("term_over_at"),
                    output_field=models.DateTimeField(),
                )
            )
            .order_by()
        )


class UpcomingElectionQuerySet(models.QuerySet):
    def announced(self, now=None):
        """The elections the home page lists under "Volgende verkiezingen" at `now`: the
        day not over yet, and no public campaign of the same type and date."""
        now = now or timezone.now()
        campaign_model = apps.get_model("campaigns", "Campaign")
        campaign = campaign_model.objects.public(now).filter(
            election_type=OuterRef("election_type"), election_date=OuterRef("election_date")
        )
        return self.filter(over_at__gt=now).exclude(Exists(campaign))

    def passing_after(self, now):
        """The moments after `now` at which an upcoming election's day is over."""
        return self.filter(over_at__gt=now).values(moment=F("over_at")).order_by()


class UpcomingElection(models.Model):
    """An election the association prepares for, before there is a campaign for it."""

    election_type = models.CharField(_("soort verkiezing"), max_length=2, choices=ElectionType)
    election_date = models.DateField(_("verkiezingsdatum"))
    name = models.CharField(
        _("naam"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bijvoorbeeld: Provinciale Statenverkiezingen 2027. Leeg: de soort verkiezing "
            "en het jaar."
        ),
    )
    notes = models.CharField(
        _("toelichting"),
        max_length=300,
        blank=True,
        help_text=_("Eén zin onder de datum op de homepage; platte tekst."),
    )
    # The Dutch midnight after election day: from then on it is no longer announced; a
    # scheduled moment for the page cache.
    over_at = models.DateTimeField(_("voorbij vanaf"), editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = UpcomingElectionQuerySet.as_manager()

    class Meta:
        ordering = ["election_date", "election_type"]
        verbose_name = _("volgende verkiezing")
        verbose_name_plural = _("volgende verkiezingen")
        constraints = [
            models.UniqueConstraint(
                fields=["election_type", "election_date"],
                name="unique_upcoming_election",
                violation_error_message=_("Deze verkiezing op deze datum staat er al in."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.election_date:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        self.over_at = day_over_at(self.election_date)
        super().save(*args, **kwargs)

    @property
    def title(self):
        return self.name or f"{self.get_election_type_display()} {self.election_date.year}"
