"""Sharing a manifesto page: the share image (Pillow) and the pre-filled e-mail.

The share image is drawn on the server with the font that ships with Pillow, so
nothing is fetched from elsewhere. It wears the site's identity (config/identity.py):
the dark head with the mark and "Metaalunie Verkiezingen", then the campaign's colour
with the plate pattern, as the campaign's masthead on the site. A municipality's or
province's page has its own: the region as the title, the campaign above it. It is
cached under a key made of exactly the content it shows: change the campaign's name,
tagline, date or colour and the key, the image and its URL (`?v=`) change with it.
"""

import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from campaigns.models import Phase
from config import identity
from regions.models import Municipality

WIDTH, HEIGHT = 1200, 630
ASSOCIATION = "Koninklijke Metaalunie"

# Bump when the drawing changes, so cached images of the old design are not served.
RENDERER_VERSION = "4"
CACHE_TIMEOUT = 60 * 60 * 24 * 30

MARGIN = 80
# The dark head with the wordmark, and the accent rule under it, as the site's header.
HEAD_HEIGHT = 132
RULE_HEIGHT = 8


@dataclass(frozen=True)
class ShareCard:
    """What a share image shows."""

    kicker: str
    title: str
    tagline: str
    # The band's colour: the campaign's (a hex value from tokens.css).
    colour: str

    @property
    def digest(self):
        font = str(font_path())
        parts = (RENDERER_VERSION, font, self.kicker, self.title, self.tagline, self.colour)
        content = "\x1f".join(parts)
        return hashlib.sha256(content.encode()).hexdigest()


def _election_date(campaign):
    with translation.override("nl"):
        return formats.date_format(campaign.election_date, "l j F Y")


def campaign_share_card(campaign) -> ShareCard:
    with translation.override("nl"):
        kicker = f"{campaign.get_election_type_display()} · {_election_date(campaign)}"
    return ShareCard(
        kicker=kicker,
        title=campaign.name,
        tagline=campaign.tagline,
        colour=identity.tint(campaign.colour),
    )


def region_share_card(campaign, region) -> ShareCard:
    """The card of a municipality's or province's page: its heading as the title."""
    with translation.override("nl"):
        heading = (
            _("Gemeente %(name)s") if isinstance(region, Municipality) else _("Provincie %(name)s")
        )
        return ShareCard(
            kicker=f"{campaign.name} · {_election_date(campaign)}",
            title=heading % {"name": region.name},
            tagline=campaign.tagline,
            colour=identity.tint(campaign.colour),
        )


def site_share_card() -> ShareCard:
    with translation.override("nl"):
        return ShareCard(
            kicker=_("Verkiezingen"),
            title=_("Verkiezingsmanifesten"),
            tagline=_("Wat vraagt de mkb-maakindustrie van de politiek?"),
            colour=identity.colour("steel-700"),
        )


def _card(campaign, region):
    if campaign is None:
        return site_share_card()
    if region is None:
        return campaign_share_card(campaign)
    return region_share_card(campaign, region)


def share_image_url(campaign=None, region=None):
    """The path of the share image of the site, a campaign or one of its regions' pages,
    versioned by its content so crawlers fetch a new one."""
    if campaign is None:
        path = reverse("manifestos:site-share-image")
    elif region is None:
        path = reverse("manifestos:share-image", kwargs={"campaign": campaign.slug})
    else:
        kind = "municipality" if isinstance(region, Municipality) else "province"
        path = reverse(
            f"manifestos:{kind}-share-image",
            kwargs={"campaign": campaign.slug, "slug": region.slug},
        )
    return f"{path}?v={_card(campaign, region).digest[:12]}"


def share_image_alt(campaign=None, region=None):
    card = _card(campaign, region)
    parts = [card.title, card.tagline, card.kicker, ASSOCIATION]
    return ". ".join(part for part in parts if part)


def share_image_png(card: ShareCard) -> bytes:
    """The PNG of `card`, from the cache when it was drawn before."""
    key = f"share-image:{card.digest}"
    png = cache.get(key)
    if png is None:
        png = _draw(card)
        cache.set(key, png, CACHE_TIMEOUT)
    return png


# DejaVu Sans, the font the PDFs are set in too (Debian's fonts-dejavu-core, which .ci/run
# and the README's install put on the machine): it has every letter of the register's names
# (Súdwest-Fryslân) and of the campaigns' texts (‘…’), which the font Pillow ships lacks.
FONT_DIRECTORIES = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
]
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


@functools.cache
def font_path(bold=False):
    """The file of the share images' font, or None when the machine has none."""
    for directory in FONT_DIRECTORIES:
        path = directory / FONT_FILES[bold]
        if path.is_file():
            return path
    return None


@functools.cache
def _font(size, bold=False):
    path = font_path(bold)
    if path is None:
        # Pillow's own font: without accented letters (see _plain), without bold.
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(str(path), size)


def _plain(text):
    """`text` as a font without accents can draw it: "Súdwest-Fryslân" as "Sudwest-Fryslan",
    curly quotes as straight ones; as it is when the real font is there."""
    if font_path() is not None:
        return text
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _wrap(text, font, width):
    """Words of `text` in lines no wider than `width` (a single long word may overflow)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _clip(line, font, width, *, more=False):
    """`line` cut to `width`, with an ellipsis when something was left out."""
    if not more and font.getlength(line) <= width:
        return line
    while line and font.getlength(f"{line}…") > width:
        line = line[:-1].rstrip()
    return f"{line}…"


def _fit(text, *, sizes, max_lines, width, bold=False):
    """The largest font size at which `text` fits `max_lines`; else cut with an ellipsis."""
    text = _plain(text)
    if not text.strip():
        return _font(sizes[-1], bold), []
    for size in sizes:
        font = _font(size, bold)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    shown = lines[:max_lines]
    clipped = [_clip(line, font, width) for line in shown[:-1]]
    clipped.append(_clip(shown[-1], font, width, more=len(lines) > max_lines))
    return font, clipped


def _draw_wordmark(image, draw):
    """The head: the mark, "Metaalunie" and "VERKIEZINGEN", as the site header shows them."""
    mark = 72
    top = (HEAD_HEIGHT - mark) // 2
    identity.draw_mark(image, (MARGIN, top), mark)
    white = identity.colour("white")
    draw.text(
        (MARGIN + mark + 22, top + 34),
        identity.WORDMARK_NAME,
        font=_font(40, bold=True),
        fill=white,
        anchor="ls",
        stroke_width=0 if font_path(bold=True) else 1,
        stroke_fill=white,
    )
    # Letter-spaced capitals, one character at a time (Pillow has no tracking).
    x, font = MARGIN + mark + 24, _font(19)
    for character in identity.WORDMARK_LINE.upper():
        draw.text(
            (x, top + 66), character, font=font, fill=identity.colour("accent-light"), anchor="ls"
        )
        x += font.getlength(character) + 5


def _draw_band(image, colour):
    """The campaign's colour with the plate pattern, faded out behind the text (as the
    masthead's gradient in site.css)."""
    top = HEAD_HEIGHT + RULE_HEIGHT
    box = (0, top, WIDTH, HEIGHT)
    image.paste(colour, box)
    identity.draw_plate(image, box)
    fade = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT - top))
    # Opaque over the left 40 %, clear from 85 %: the pattern shows at the right.
    fade = fade.point(lambda value: 255 - min(255, max(0, round((value / 255 - 0.4) / 0.45 * 255))))
    image.paste(colour, box, mask=fade)


def _draw(card: ShareCard) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), identity.colour("steel-900"))
    draw = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    white, light = identity.colour("white"), identity.colour("steel-100")

    _draw_wordmark(image, draw)
    draw.rectangle(
        (0, HEAD_HEIGHT, WIDTH, HEAD_HEIGHT + RULE_HEIGHT), fill=identity.colour("accent")
    )
    _draw_band(image, card.colour)
    draw = ImageDraw.Draw(image)

    # The text block: kicker, title and tagline, centred in the band.
    kicker_font, kicker_lines = _fit(
        card.kicker.upper(), sizes=(28, 24), max_lines=1, width=text_width
    )
    title_font, title_lines = _fit(
        card.title, sizes=(76, 66, 56, 48), max_lines=2, width=text_width, bold=True
    )
    tagline_font, tagline_lines = _fit(
        card.tagline, sizes=(40, 34, 30), max_lines=2, width=text_width
    )
    blocks = [
        (kicker_lines, kicker_font, light, 0, 1.3, 24),
        # Pillow's own font has no bold: then drawn with a stroke for weight.
        (title_lines, title_font, white, 0 if font_path(bold=True) else 2, 1.2, 20),
        (tagline_lines, tagline_font, white, 0, 1.3, 0),
    ]
    height = sum(
        round(font.size * leading) * len(lines) + (gap if lines else 0)
        for lines, font, _colour, _stroke, leading, gap in blocks
    )
    top, bottom = HEAD_HEIGHT + RULE_HEIGHT + 40, HEIGHT - 40
    y = max(top, top + (bottom - top - height) // 2)
    for lines, font, colour, stroke, leading, gap in blocks:
        for line in lines:
            draw.text(
                (MARGIN, y), line, font=font, fill=colour, stroke_width=stroke, stroke_fill=colour
            )
            y += round(font.size * leading)
        if lines:
            y += gap

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- the pre-filled e-mail ---------------------------------------------------------------


def _share_subject(campaign, region_name):
    if region_name:
        return _("Het manifest van Koninklijke Metaalunie voor %(region)s") % {
            "region": region_name
        }
    return _("Het manifest van Koninklijke Metaalunie voor de %(campaign)s") % {
        "campaign": campaign.name
    }


def share_whatsapp(*, campaign, url, region_name=""):
    """A plain link to WhatsApp's own share address (no script of theirs on the page)."""
    return (
        f"https://wa.me/?text={quote(f'{_share_subject(campaign, region_name)}: {url}', safe='')}"
    )


def share_linkedin(*, url):
    """LinkedIn's share page; it takes only the address and shows the page's own preview
    (title, description, share image)."""
    return f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}"


def share_mailto(*, campaign, url, region_name=""):
    """A `mailto:` URI with a Dutch subject and body, after the GR2026 member e-mail."""
    values = {
        "campaign": campaign.name,
        "date": _election_date(campaign),
        "region": region_name,
        "url": url,
        # Whom the reader is asked to forward the manifesto to: the election level says.
        "forward_to": campaign.level.forward_to,
    }
    subject = _share_subject(campaign, region_name)
    if region_name:
        focus = _("wat de politiek in %(region)s kan doen voor de MKB-maakindustrie") % values
    else:
        focus = _("wat de politiek kan doen voor de MKB-maakindustrie")
    if campaign.phase() == Phase.CAMPAIGNING:
        body = _(
            "Hallo,\n\n"
            "Voor de %(campaign)s (%(date)s) zet Koninklijke Metaalunie in een manifest op een "
            "rij %(focus)s: bedrijven in onder andere metaalbewerking, machinebouw en medische "
            "technologie, die zorgen voor innovatie, werkgelegenheid en opleidingen.\n\n"
            "Lees het manifest online:\n%(url)s\n\n"
            "Wil je deze e-mail met het manifest doorsturen naar %(forward_to)s?\n\n"
            "Met vriendelijke groet,\n"
        ) % {**values, "focus": focus}
    else:
        # After election day (campaigns/lifecycle.py): in the past tense, and no request to
        # forward it to the parties, whose programmes are written.
        body = _(
            "Hallo,\n\n"
            "Voor de %(campaign)s (%(date)s) zette Koninklijke Metaalunie in een manifest op "
            "een rij %(focus)s: bedrijven in onder andere metaalbewerking, machinebouw en "
            "medische technologie, die zorgen voor innovatie, werkgelegenheid en "
            "opleidingen.\n\n"
            "Lees het manifest online:\n%(url)s\n\n"
            "Met vriendelijke groet,\n"
        ) % {**values, "focus": focus}
    # RFC 6068: percent-encoded UTF-8, spaces as %20, line breaks as CRLF.
    body = body.replace("\n", "\r\n")
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
