"""A campaign's agenda as a visitor reads it: upcoming and past events, by month.

The views (public and staff preview) are here too; the iCalendar writer is in
`ical.py`. A campaign costs one query, its events one more, however many there are.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from config.preview import public_twin, reverse_in_preview

from .ical import agenda_ics
from .models import Campaign, CampaignEvent
from .preview import PreviewNotice


@dataclass(frozen=True)
class Month:
    first_day: datetime.date
    events: list


@dataclass(frozen=True)
class Agenda:
    upcoming: list
    past: list

    @property
    def is_empty(self):
        return not self.upcoming and not self.past


def _months(events):
    return [
        Month(first_day=first_day, events=list(group))
        for first_day, group in itertools.groupby(
            events, key=lambda event: event.start_date.replace(day=1)
        )
    ]


def agenda_of(events, now=None):
    """Upcoming events (soonest first) and past ones (latest first), grouped by month."""
    now = now or timezone.now()
    events = list(events)
    upcoming = [event for event in events if event.ends_at > now]
    past = [event for event in reversed(events) if event.ends_at <= now]
    return Agenda(upcoming=_months(upcoming), past=_months(past))


def _campaign(slug, preview):
    campaigns = Campaign.objects.all() if preview else Campaign.objects.public()
    return get_object_or_404(campaigns.with_successor(), slug=slug)


def agenda(request, campaign, *, preview=False):
    """/<campaign>/agenda/: the key dates of a campaign."""
    campaign = _campaign(campaign, preview)
    kwargs = {"campaign": campaign.slug}
    ics_url = reverse_in_preview(request, "campaigns:agenda-ics", kwargs)
    public_ics_url = reverse("campaigns:agenda-ics", kwargs=kwargs)
    notice = None
    if preview:
        notice = PreviewNotice(campaign=campaign, edition=None, public_url=public_twin(request))
    return render(
        request,
        "campaigns/agenda.html",
        {
            "campaign": campaign,
            "agenda": agenda_of(CampaignEvent.objects.filter(campaign=campaign)),
            "ics_url": ics_url,
            # Calendar apps subscribe with webcal://, which needs the public address.
            "subscribe_url": request.build_absolute_uri(public_ics_url).replace(
                request.scheme + "://", "webcal://", 1
            ),
            "campaign_url": reverse_in_preview(request, "manifestos:campaign-detail", kwargs),
            "preview": notice,
        },
    )


def agenda_feed(request, campaign, *, preview=False):
    """/<campaign>/agenda.ics: the same events for calendar apps."""
    campaign = _campaign(campaign, preview)
    page_url = request.build_absolute_uri(
        reverse_in_preview(request, "campaigns:agenda", {"campaign": campaign.slug})
    )
    body = agenda_ics(
        campaign=campaign,
        events=CampaignEvent.objects.filter(campaign=campaign),
        page_url=page_url,
    )
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{campaign.slug}-agenda.ics"'
    return response
