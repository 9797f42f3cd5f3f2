"""The site's identity: colours readable by everyone (WCAG 2.2 AA), the design tokens used by
the stylesheets, the generated icons and wordmark, and the favicon as browsers ask for it."""

import re
from pathlib import Path

import pytest
from django.template import loader
from django.test.html import parse_html
from django.views.defaults import server_error

from config import identity
from tests.html import attr, find, find_all, hrefs, parse_page, text

STATIC = Path(__file__).resolve().parent.parent / "static"
TOKENS = (STATIC / "css" / "tokens.css").read_text()
CONTRAST_LINE = re.compile(r"/\* contrast (\d+(?:\.\d+)?): --([a-z0-9-]+) on --([a-z0-9-]+) \*/")
# AA: normal text 4.5:1 (WCAG 2.2, 1.4.3).
TEXT = 4.5


def luminance(hex_colour):
    """Relative luminance (WCAG 2.2, with the sRGB threshold 0.04045)."""

    def linear(channel):
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in identity.rgb(hex_colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(colour, background, alpha):
    """`colour` at `alpha` laid over `background`: what a reader sees."""
    mixed = (
        round(c * alpha + b * (1 - alpha))
        for c, b in zip(identity.rgb(colour), identity.rgb(background), strict=True)
    )
    return "#" + "".join(f"{value:02x}" for value in mixed)


def test_the_contrast_helper_knows_the_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert over("#ffffff", "#000000", 0.5) == "#808080"


PAIRS = CONTRAST_LINE.findall(TOKENS)


def test_the_tokens_declare_the_pairs_the_pages_use():
    assert len(PAIRS) >= 20
    declared = identity.colours()
    for _ratio, foreground, background in PAIRS:
        assert foreground in declared and background in declared, (foreground, background)


@pytest.mark.parametrize(("ratio", "foreground", "background"), PAIRS)
def test_every_declared_pair_has_aa_contrast(ratio, foreground, background):
    colours = identity.colours()
    assert contrast(colours[foreground], colours[background]) >= float(ratio)


@pytest.mark.parametrize("key", identity.TINTS)
def test_white_text_is_readable_on_every_campaign_colour_also_over_the_plate(key):
    tint = identity.tint(key)
    assert contrast("#ffffff", tint) >= TEXT
    # Where a bar of the plate pattern lies under the text.
    assert contrast("#ffffff", over("#ffffff", tint, identity.PATTERN_ALPHA)) >= TEXT


def test_every_campaign_colour_has_its_token_and_class():
    for key in identity.TINTS:
        assert f"--tint-{key}: #" in TOKENS
        assert f".tint--{key} {{ --tint: var(--tint-{key}); }}" in TOKENS
    assert identity.DEFAULT_TINT in identity.TINTS


def test_an_unknown_colour_key_falls_back_to_the_default():
    assert identity.tint("fuchsia") == identity.tint(identity.DEFAULT_TINT)


@pytest.mark.parametrize("name", ["site.css", "agenda.css", "preview.css", "letter.css"])
def test_stylesheets_use_the_tokens_not_colours_of_their_own(name):
    css = (STATIC / "css" / name).read_text()
    # Black is allowed on paper (print rules); every other colour is a token.
    assert set(re.findall(r"#[0-9a-fA-F]{3,6}\b", css)) <= {"#000"}, name


def test_the_type_scale_and_spacing_are_used():
    css = (STATIC / "css" / "site.css").read_text()
    assert css.count("var(--space-") > 100
    assert css.count("var(--text-") > 20


@pytest.mark.parametrize("name", list(identity.static_files()))
def test_the_committed_identity_files_are_the_generated_ones(name):
    assert (STATIC / name).read_bytes() == identity.static_files()[name], (
        f"static/{name} differs from config/identity.py: run .venv/bin/python scripts/identity.py"
    )


def test_the_wordmark_is_text_in_the_system_font():
    svg = identity.wordmark_svg()
    assert ">Metaalunie</text>" in svg
    assert ">VERKIEZINGEN</text>" in svg
    assert "system-ui" in svg
    # Nothing fetched: no font file, no image from elsewhere.
    assert "href" not in svg and "@font-face" not in svg


def _resolve(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.django_db
def test_every_page_names_its_icons_and_they_are_served(client):
    page = parse_page(client.get("/"))
    icons = {
        attr(link, "rel") + (attr(link, "type") or ""): attr(link, "href")
        for link in find_all(page, "link")
        if "icon" in attr(link, "rel")
    }
    assert set(icons) == {"icon", "iconimage/svg+xml", "apple-touch-icon"}
    assert _resolve(client, icons["iconimage/svg+xml"])["Content-Type"] == "image/svg+xml"
    assert _resolve(client, icons["apple-touch-icon"])["Content-Type"] == "image/png"
    assert _resolve(client, icons["icon"])["Content-Type"] in (
        "image/x-icon",
        "image/vnd.microsoft.icon",
    )


@pytest.mark.django_db
def test_favicon_ico_at_the_root_leads_to_the_icon(client):
    response = client.get("/favicon.ico", follow=True)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_the_header_shows_the_wordmark_leading_home(client):
    page = parse_page(client.get("/zoeken/"))
    brand = find(page, "a", "site-header__brand")
    assert attr(brand, "href") == "/"
    wordmark = find(brand, "img", "site-header__wordmark")
    assert attr(wordmark, "alt") == "Koninklijke Metaalunie Verkiezingen, naar de voorpagina"
    assert attr(wordmark, "src").endswith("img/wordmark-negative.svg")


# --- the error pages: the same design, without a request or a database -----------------


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("500.html", "Er ging iets mis"),
        ("503.html", "We zijn zo terug"),
        ("403.html", "Geen toegang"),
        ("403_csrf.html", "Het formulier is verlopen"),
    ],
)
def test_the_error_pages_wear_the_identity_without_request_or_database(template, heading):
    # No django_db mark: any query would fail this test. Rendered as Django renders the
    # 500 page (django.views.defaults.server_error) and the middleware the 503 page:
    # without a request, so without context processors.
    html = loader.render_to_string(template)
    page = parse_html(html)

    assert text(find(page, "h1")) == heading
    stylesheets = [
        attr(link, "href") for link in find_all(page, "link") if attr(link, "rel") == "stylesheet"
    ]
    assert stylesheets == ["/static/css/tokens.css", "/static/css/site.css"]
    icons = [attr(link, "href") for link in find_all(page, "link") if attr(link, "rel") == "icon"]
    assert icons == ["/static/favicon.ico", "/static/img/favicon.svg"]
    assert (
        attr(find(page, "img", "site-header__wordmark"), "src")
        == "/static/img/wordmark-negative.svg"
    )
    footer = find(page, "footer", "site-footer")
    assert "Einsteinbaan 1, 3439 NJ Nieuwegein" in text(footer)
    assert hrefs(find(footer, "nav")) == ["/over-deze-site/", "/privacy/", "/contact/", "/api/"]
    assert "/" in hrefs(find(page, "main"))


def test_the_500_handler_renders_it(rf):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
