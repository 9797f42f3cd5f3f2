"""A campaign's agenda as an iCalendar document (RFC 5545), written by hand.

What calendar apps rely on, and this module guarantees:
- lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
- TEXT values escape backslash, semicolon, comma and line breaks;
- every event keeps its UID for good and carries a SEQUENCE that rises with each
  change, so a subscribed calendar replaces an event instead of adding it twice;
- timed events are in Europe/Amsterdam, described by a VTIMEZONE with the EU
  daylight-saving rules (last Sunday of March 02:00 -> CEST, last Sunday of
  October 03:00 -> CET); all-day events are plain dates (VALUE=DATE), with the
  exclusive end date the standard asks for.

The output depends only on the data (DTSTAMP is the event's last change), so the
same content gives the same bytes and the page cache can serve it with an ETag.
"""

import datetime

TZID = "Europe/Amsterdam"
# How often subscribed calendars should look for changes.
REFRESH_INTERVAL = "PT6H"
PRODUCT_ID = "-//Koninklijke Metaalunie//Verkiezingen//NL"

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19960331T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]

MAX_LINE_OCTETS = 75


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """One content line folded at 75 octets: continuation lines start with a space, and a
    UTF-8 character is never split."""
    parts = []
    current, size, limit = [], 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            parts.append("".join(current))
            # The leading space of a continuation line counts towards its 75 octets.
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(day):
    return day.strftime("%Y%m%d")


def _local(day, time):
    return datetime.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def _uri(value):
    """A URI value on one content line: no line breaks or control characters."""
    return "".join(char for char in value if char.isprintable())


def _when(event):
    """DTSTART and DTEND lines of `event`."""
    if event.all_day:
        # DTEND of an all-day event is the day after its last day (exclusive).
        return [
            f"DTSTART;VALUE=DATE:{_date(event.start_date)}",
            f"DTEND;VALUE=DATE:{_date(event.last_date + datetime.timedelta(days=1))}",
        ]
    lines = [f"DTSTART;TZID={TZID}:{_local(event.start_date, event.start_time)}"]
    if event.end_time is not None:
        lines.append(f"DTEND;TZID={TZID}:{_local(event.last_date, event.end_time)}")
    return lines


def _event_lines(event, *, page_url):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(event.updated_at)}",
        f"CREATED:{_utc(event.created_at)}",
        f"LAST-MODIFIED:{_utc(event.updated_at)}",
        f"SEQUENCE:{event.sequence}",
        *_when(event),
        f"SUMMARY:{escape_text(event.title)}",
        f"CATEGORIES:{escape_text(str(event.get_kind_display()))}",
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    description = event.description.strip()
    if event.link:
        description = f"{description}\n\n{event.link}" if description else event.link
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    # URL is a URI, not TEXT: written as it is, and only a web address.
    lines.append(f"URL:{_uri(event.link or page_url)}")
    lines.append("END:VEVENT")
    return lines


def agenda_ics(*, campaign, events, page_url):
    """The iCalendar document of `campaign`'s `events`, as text with CRLF line endings.

    `page_url` is the absolute address of the public agenda page.
    """
    name = f"Metaalunie – {campaign.name}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-CALDESC:{escape_text(f'Belangrijke data van de {campaign.name}')}",
        f"X-WR-TIMEZONE:{TZID}",
        f"URL:{page_url}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
        *VTIMEZONE,
    ]
    for event in events:
        lines.extend(_event_lines(event, page_url=page_url))
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
