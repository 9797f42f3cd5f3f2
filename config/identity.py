"""The site's own identity: its colours, the mark, the wordmark and the plate pattern.

The colours are set once, in `static/css/tokens.css`; this module reads them from there
for what is drawn outside a stylesheet (the share images, the icons). The mark is a
check mark folded from one strip of plate, white on Metaalunie orange: made for this
site, not the association's registered logo. The wordmark sets "Metaalunie" and
"Verkiezingen" beside it in the system font; the plate pattern (raised bars at right
angles, as on tread plate) is the key visual of a campaign without an image of its own.

`static_files()` gives every generated file under `static/img/`; `scripts/identity.py`
writes them and `tests/test_identity.py` checks that the committed files are these.
"""

import io
import math
import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw

TOKENS_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "tokens.css"
_CUSTOM_PROPERTY = re.compile(r"^\s*--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;", re.MULTILINE)

# The campaign colours staff choose from (their values: --tint-<key> in tokens.css).
TINTS = {
    "oranje": _("oranje"),
    "rood": _("rood"),
    "paars": _("paars"),
    "blauw": _("blauw"),
    "petrol": _("petrol"),
    "groen": _("groen"),
    "antraciet": _("antraciet"),
}
DEFAULT_TINT = "oranje"

# How strongly the plate pattern lightens a campaign colour: white at this opacity. White
# text must keep AA contrast over it (tests/test_identity.py).
PATTERN_ALPHA = 0.12


@cache
def colours() -> dict[str, str]:
    """Every colour token of tokens.css, by name without the dashes: {"steel-900": "#14202b"}."""
    return {name: value.lower() for name, value in _CUSTOM_PROPERTY.findall(TOKENS_CSS.read_text())}


def colour(name) -> str:
    return colours()[name]


def tint(key) -> str:
    """The colour of a campaign colour choice (an unknown key: the default)."""
    return colour(f"tint-{key if key in TINTS else DEFAULT_TINT}")


def rgb(hex_colour) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


# --- the mark: a check mark folded from one strip of plate ----------------------------------

MARK_SIZE = 64
MARK_RADIUS = 12
# The centre line of the strip: down to the fold, then up to the right; its width.
_TICK = ((13.5, 32.0), (27.0, 45.5), (51.0, 18.5))
_TICK_WIDTH = 9.5
# The short side of the fold is the strip's other face: white, a little darker.
_FOLD_OPACITY = 0.72


def _unit(dx, dy):
    length = math.hypot(dx, dy)
    return dx / length, dy / length


def _meet(point, direction, other, other_direction):
    """Where the line through `point` along `direction` meets the other line."""
    (px, py), (dx, dy), (qx, qy), (ex, ey) = point, direction, other, other_direction
    t = ((qx - px) * ey - (qy - py) * ex) / (dx * ey - dy * ex)
    return px + t * dx, py + t * dy


@cache
def tick_polygons():
    """(short side, long side): the two faces of the folded strip, as point lists."""
    start, fold, end = _TICK
    half = _TICK_WIDTH / 2
    u1 = _unit(fold[0] - start[0], fold[1] - start[1])
    u2 = _unit(end[0] - fold[0], end[1] - fold[1])
    n1, n2 = (-u1[1], u1[0]), (-u2[1], u2[0])
    sides = []
    for sign in (1, -1):
        a = (start[0] + sign * half * n1[0], start[1] + sign * half * n1[1])
        b = (end[0] + sign * half * n2[0], end[1] + sign * half * n2[1])
        joint = _meet(a, u1, b, u2)
        sides.append((a, joint, b))
    (a_left, joint_left, b_left), (a_right, joint_right, b_right) = sides
    short = [a_left, joint_left, joint_right, a_right]
    long = [joint_left, b_left, b_right, joint_right]
    return short, long


def _points(polygon, scale=1.0, offset=(0.0, 0.0)):
    return [(offset[0] + x * scale, offset[1] + y * scale) for x, y in polygon]


def _svg_points(polygon):
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in polygon)


def _mark_svg_shapes():
    short, long = tick_polygons()
    return (
        f'<rect width="{MARK_SIZE}" height="{MARK_SIZE}" rx="{MARK_RADIUS}" '
        f'fill="{colour("accent")}"/>'
        f'<polygon points="{_svg_points(short)}" fill="#fff" fill-opacity="{_FOLD_OPACITY}"/>'
        f'<polygon points="{_svg_points(long)}" fill="#fff"/>'
    )


def mark_svg() -> str:
    """The mark alone: the favicon."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f"{_mark_svg_shapes()}</svg>\n"
    )


# --- the wordmark ----------------------------------------------------------------------------

WORDMARK_WIDTH = 256
WORDMARK_HEIGHT = MARK_SIZE
_TEXT_X = 78
# Both lines are set to the same width whatever system font draws them (textLength).
_TEXT_WIDTH = WORDMARK_WIDTH - _TEXT_X
_FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WORDMARK_NAME = "Metaalunie"
WORDMARK_LINE = "Verkiezingen"
# What the wordmark says, for an alt text.
WORDMARK_TEXT = "Koninklijke Metaalunie Verkiezingen"


def wordmark_svg(*, negative=False) -> str:
    """The mark with "Metaalunie" and "VERKIEZINGEN"; `negative` for a dark background."""
    name_colour = "#fff" if negative else colour("steel-900")
    line_colour = colour("accent-light") if negative else colour("accent-dark")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WORDMARK_WIDTH} {WORDMARK_HEIGHT}" '
        f'width="{WORDMARK_WIDTH}" height="{WORDMARK_HEIGHT}" role="img" '
        f'aria-label="{WORDMARK_TEXT}">'
        f"<title>{WORDMARK_TEXT}</title>"
        f"{_mark_svg_shapes()}"
        f'<text x="{_TEXT_X}" y="31" font-family="{_FONT_STACK}" font-size="31" '
        f'font-weight="700" fill="{name_colour}" textLength="{_TEXT_WIDTH}" '
        f'lengthAdjust="spacingAndGlyphs">{WORDMARK_NAME}</text>'
        f'<text x="{_TEXT_X}" y="56" font-family="{_FONT_STACK}" font-size="15" '
        f'font-weight="600" fill="{line_colour}" textLength="{_TEXT_WIDTH}" '
        f'lengthAdjust="spacing">{WORDMARK_LINE.upper()}</text>'
        "</svg>\n"
    )


# --- the plate pattern -----------------------------------------------------------------------

PLATE_TILE = 32
# Raised bars in a checkerboard, turned a quarter against each other: (centre, angle).
_PLATE_BARS = (((8, 8), 45), ((24, 24), 45), ((24, 8), -45), ((8, 24), -45))
_BAR_LENGTH, _BAR_WIDTH = 15, 4.5


def plate_svg() -> str:
    """One tile of the plate pattern: white bars at PATTERN_ALPHA, laid over a campaign
    colour by CSS (background-color + this image, repeated)."""
    bars = "".join(
        f'<rect x="{cx - _BAR_LENGTH / 2}" y="{cy - _BAR_WIDTH / 2}" width="{_BAR_LENGTH}" '
        f'height="{_BAR_WIDTH}" rx="{_BAR_WIDTH / 2}" transform="rotate({angle} {cx} {cy})"/>'
        for (cx, cy), angle in _PLATE_BARS
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {PLATE_TILE} {PLATE_TILE}" width="{PLATE_TILE}" height="{PLATE_TILE}">'
        f'<g fill="#fff" fill-opacity="{PATTERN_ALPHA}">{bars}</g></svg>\n'
    )


# --- drawn with Pillow: the icons and the share images ---------------------------------------

# Shapes are drawn this many times larger and scaled down: smooth edges without a renderer.
_SUPERSAMPLE = 4


def _bar_polygon(cx, cy, angle, scale):
    """A bar of the plate as a polygon (rounded ends approximated by their corners cut)."""
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    vx, vy = -uy, ux
    half_l, half_w = _BAR_LENGTH / 2 * scale, _BAR_WIDTH / 2 * scale
    points = []
    for along, across in (
        (-half_l + half_w, -half_w),
        (half_l - half_w, -half_w),
        (half_l, 0),
        (half_l - half_w, half_w),
        (-half_l + half_w, half_w),
        (-half_l, 0),
    ):
        points.append((cx + along * ux + across * vx, cy + along * uy + across * vy))
    return points


def draw_plate(image: Image.Image, box, *, scale=2.0):
    """The plate pattern over `box` of `image` (RGB), white at PATTERN_ALPHA."""
    left, top, right, bottom = box
    big = _SUPERSAMPLE
    layer = Image.new("L", ((right - left) * big, (bottom - top) * big), 0)
    draw = ImageDraw.Draw(layer)
    tile = PLATE_TILE * scale * big
    for row in range(math.ceil(layer.height / tile)):
        for column in range(math.ceil(layer.width / tile)):
            for (cx, cy), angle in _PLATE_BARS:
                centre = (column * tile + cx * scale * big, row * tile + cy * scale * big)
                draw.polygon(_bar_polygon(*centre, angle, scale * big), fill=255)
    mask = layer.resize((right - left, bottom - top), Image.Resampling.BOX)
    mask = mask.point(lambda value: round(value * PATTERN_ALPHA))
    image.paste((255, 255, 255), (left, top, right, bottom), mask=mask)


def _mark_image(size, *, radius=True) -> Image.Image:
    """The mark as an RGBA image of `size` pixels; without `radius` the orange fills the
    square (the touch icon, whose corners the phone rounds itself)."""
    big = size * _SUPERSAMPLE
    scale = big / MARK_SIZE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    corner = MARK_RADIUS * scale if radius else 0
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=corner, fill=colour("accent"))
    short, long = tick_polygons()
    fold = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    ImageDraw.Draw(fold).polygon(
        _points(short, scale), fill=(255, 255, 255, round(255 * _FOLD_OPACITY))
    )
    image.alpha_composite(fold)
    draw.polygon(_points(long, scale), fill=(255, 255, 255, 255))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_mark(image: Image.Image, position, size):
    """The mark on `image` (RGB) with its top-left corner at `position`."""
    mark = _mark_image(size)
    image.paste(mark, (round(position[0]), round(position[1])), mark)


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def touch_icon_png(size=180) -> bytes:
    """The apple-touch-icon: the mark filling the square, no transparency."""
    return _png(_mark_image(size, radius=False).convert("RGB"))


def favicon_ico() -> bytes:
    """favicon.ico for browsers and tools that ask /favicon.ico: 16, 32 and 48 pixels."""
    buffer = io.BytesIO()
    _mark_image(48).save(buffer, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return buffer.getvalue()


def static_files() -> dict[str, bytes]:
    """Every generated identity file, by its path under static/."""
    return {
        "img/favicon.svg": mark_svg().encode(),
        "img/wordmark.svg": wordmark_svg().encode(),
        "img/wordmark-negative.svg": wordmark_svg(negative=True).encode(),
        "img/plate.svg": plate_svg().encode(),
        "img/apple-touch-icon.png": touch_icon_png(),
        "favicon.ico": favicon_ico(),
    }
