"""A campaign's agenda as an iCalendar document (RFC 5545, RFC 7986).

Written with the `icalendar` package rather than by hand: it is the maintained Python
implementation of the standard (the tests already read the feed back with it), and it
does what is easy to get subtly wrong: escaping TEXT, folding lines at 75 octets without
splitting a UTF-8 character or an escape, the forms of dates, times and durations, and
refusing a URI with a line break in it. What is left here is what the feed says, and
one correction to its escaping (`_Text`).

What calendar apps rely on, and this module guarantees:
- lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
- TEXT values escape backslash, semicolon, comma and line breaks;
- every event keeps its UID for good and carries a SEQUENCE that rises with each
  change, so a subscribed calendar replaces an event instead of adding it twice;
- timed events are in Europe/Amsterdam, described by a VTIMEZONE with the EU
  daylight-saving rules (last Sunday of March 02:00 -> CEST, last Sunday of
  October 03:00 -> CET); all-day events are plain dates (VALUE=DATE), with the
  exclusive end date the standard asks for.

The output depends only on the data: DTSTAMP is the event's last change, nothing is
generated (no UID or time stamp of the moment), and the library writes properties in
a fixed order. So the same content gives the same bytes and the page cache can serve
it with an ETag.

The VTIMEZONE is built from the library's components, with the EU rules as
yearly RRULEs, not with `Timezone.from_tzinfo()`: in icalendar 7.3 that one writes
the spring onset as 03:00 with TZOFFSETFROM +0100, an hour after the real change
(RFC 5545 3.6.5 wants the local time before it, 02:00), and it lists the changes of
a fixed range of years only. The tests check the rules against the tz database.
"""

import datetime

from icalendar import (
    STATUS,
    TRANSP,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

from .models import AMSTERDAM

TZID = AMSTERDAM.key
# How often subscribed calendars should look for changes.
REFRESH_INTERVAL = datetime.timedelta(hours=6)
PRODUCT_ID = "-//Koninklijke Metaalunie//Verkiezingen//NL"


class _Text(vText):
    r"""A TEXT value with every backslash escaped. vText (icalendar 7.3) takes a backslash
    and an N in the value for an escaped line break, so `C:\Nieuw` would lose its
    backslash and gain a line break. The value is split there instead: vText escapes
    the pieces, and they are joined by the escaped backslash and the N, `\\N`."""

    def to_ical(self):
        return rb"\\N".join(vText(part).to_ical() for part in self.split("\\N"))


def _observance(kind, *, name, offset_from, offset_to, onset, month):
    """A DAYLIGHT or STANDARD part: from `onset` (local time before the change) on, every
    last Sunday of `month` at that time of day."""
    observance = kind()
    observance.add("TZNAME", name)
    observance.TZOFFSETFROM = datetime.timedelta(hours=offset_from)
    observance.TZOFFSETTO = datetime.timedelta(hours=offset_to)
    observance.DTSTART = onset
    observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
    return observance


def _timezone():
    """Europe/Amsterdam under the EU rules (in force since 1996)."""
    timezone = Timezone()
    timezone.add("TZID", TZID)
    timezone.add("X-LIC-LOCATION", TZID)
    timezone.add_component(
        _observance(
            TimezoneDaylight,
            name="CEST",
            offset_from=1,
            offset_to=2,
            onset=datetime.datetime(1996, 3, 31, 2),
            month=3,
        )
    )
    timezone.add_component(
        _observance(
            TimezoneStandard,
            name="CET",
            offset_from=2,
            offset_to=1,
            onset=datetime.datetime(1996, 10, 27, 3),
            month=10,
        )
    )
    return timezone


def _uri(value):
    """A URI value on one content line: no line breaks or control characters (a row
    written past the form's validation must not break the feed)."""
    return "".join(char for char in value if char.isprintable())


def _when(event):
    """DTSTART and DTEND of `event`: dates for an all-day event, Amsterdam time otherwise.

    An end before the start (a row written past the model's validation) is left out,
    so one bad row cannot make the library refuse the whole feed.
    """
    if event.all_day:
        # DTEND of an all-day event is the day after its last day (exclusive).
        last_date = max(event.last_date, event.start_date)
        return event.start_date, last_date + datetime.timedelta(days=1)
    start = datetime.datetime.combine(event.start_date, event.start_time, AMSTERDAM)
    if event.end_time is None:
        return start, None
    end = datetime.datetime.combine(event.last_date, event.end_time, AMSTERDAM)
    return start, end if end > start else None


def _event(event, *, page_url):
    start, end = _when(event)
    description = event.description.strip()
    if event.link:
        description = f"{description}\n\n{event.link}" if description else event.link
    return Event.new(
        uid=str(event.uid),
        # Written in UTC by the library; the last change, so the bytes follow the data.
        stamp=event.updated_at,
        created=event.created_at,
        last_modified=event.updated_at,
        sequence=event.sequence,
        start=start,
        end=end,
        summary=_Text(event.title),
        categories=[str(event.get_kind_display())],
        transparency=TRANSP.TRANSPARENT,
        status=STATUS.CONFIRMED,
        location=_Text(event.location) if event.location else None,
        description=_Text(description) if description else None,
        # URL is a URI, not TEXT: only a web address, and the agenda page otherwise.
        url=_uri(event.link or page_url),
    )


def agenda_ics(*, campaign, events, page_url):
    """The iCalendar document of `campaign`'s `events`, as text with CRLF line endings.

    `page_url` is the absolute address of the public agenda page.
    """
    calendar = Calendar()
    calendar.version = "2.0"
    calendar.prodid = PRODUCT_ID
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    calendar.calendar_name = _Text(f"Metaalunie – {campaign.name}")
    calendar.description = _Text(f"Belangrijke data van de {campaign.name}")
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.url = page_url
    # RFC 7986 requires VALUE=DURATION here; the library leaves it out unless asked.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    calendar.add_component(_timezone())
    for event in events:
        calendar.add_component(_event(event, page_url=page_url))
    return calendar.to_ical().decode()
