"""Sharing a page: the metadata a link preview shows, the share image, and the share section."""

import datetime
import io
import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from PIL import Image, ImageDraw

from campaigns.models import Campaign
from config import identity
from manifestos import share
from manifestos.transfer.demo import demo_content_load
from regions.models import Municipality, Province
from regions.register import shipped_register_import
from tests.browser.conftest import _missing as missing
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
)
from tests.html import attrs, find_all, parse_page, text

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert(1)</script>'
SITE = "http://testserver"
CAMPAIGN_IMAGE = "/gr2026/deelafbeelding.png"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


# --- reading a page -------------------------------------------------------------------


class Page:
    def __init__(self, response):
        self.html = response.content.decode()
        self.root = parse_page(response)

    def meta(self, key):
        """The content of the one <meta> with this property or name."""
        matches = [
            attrs(m)["content"]
            for m in find_all(self.root, "meta")
            if key in (attrs(m).get("property"), attrs(m).get("name"))
        ]
        assert len(matches) == 1, f"{len(matches)} <meta> tags for {key}"
        return matches[0]

    def has_meta(self, key):
        return any(
            key in (attrs(m).get("property"), attrs(m).get("name"))
            for m in find_all(self.root, "meta")
        )

    @property
    def title(self):
        return text(find_all(self.root, "title")[0])

    @property
    def canonical(self):
        links = [
            attrs(link)["href"]
            for link in find_all(self.root, "link")
            if attrs(link).get("rel") == "canonical"
        ]
        assert len(links) <= 1
        return links[0] if links else None

    def share_section(self):
        sections = [s for s in find_all(self.root, "section") if attrs(s).get("class") == "share"]
        assert len(sections) == 1
        return sections[0]


@pytest.fixture
def gr2026():
    campaign = CampaignFactory(
        slug="gr2026",
        name="Gemeenteraadsverkiezingen 2026",
        tagline="Samen aan de slag met de ondernemers in je gemeente",
        election_date=datetime.date(2026, 3, 18),
    )
    EditionFactory(campaign=campaign)
    return campaign


@pytest.fixture
def voorne(gr2026):
    province = ProvinceFactory(name="Zuid-Holland", slug="zuid-holland")
    return MunicipalityFactory(name="Voorne aan Zee", slug="voorne-aan-zee", province=province)


# --- metadata per page ------------------------------------------------------------------


def _shareable_page(client, path, *, title, og_type="article", image_path=CAMPAIGN_IMAGE):
    """The page at `path`, checked to give a link preview everything it shows.

    The defaults are those of the pages of a campaign (the `gr2026` fixture).
    """
    page = Page(client.get(path))
    url = SITE + path
    assert page.title == f"{title} · Koninklijke Metaalunie"
    assert page.canonical == url
    assert page.meta("og:url") == url
    assert page.meta("og:title") == title
    assert page.meta("twitter:title") == title
    assert page.meta("og:description") == page.meta("description")
    assert page.meta("twitter:description") == page.meta("description")
    assert page.meta("og:type") == og_type
    assert page.meta("og:locale") == "nl_NL"
    assert page.meta("og:site_name") == "Koninklijke Metaalunie"
    assert page.meta("twitter:card") == "summary_large_image"
    image = page.meta("og:image")
    assert urlsplit(image).scheme == "http"
    assert urlsplit(image).netloc == "testserver"
    assert urlsplit(image).path == image_path
    assert page.meta("twitter:image") == image
    assert page.meta("og:image:width") == "1200"
    assert page.meta("og:image:height") == "630"
    assert page.meta("og:image:alt")
    assert page.meta("twitter:image:alt") == page.meta("og:image:alt")
    assert not page.has_meta("robots")
    return page


class TestMetadata:
    def test_municipality_page(self, client, voorne):
        page = _shareable_page(
            client,
            "/gr2026/gemeente/voorne-aan-zee/",
            title="Voorne aan Zee · Gemeenteraadsverkiezingen 2026",
            image_path="/gr2026/gemeente/voorne-aan-zee/deelafbeelding.png",
        )

        assert "Voorne aan Zee" in page.meta("description")
        alt = page.meta("og:image:alt")
        assert alt.startswith("Gemeente Voorne aan Zee. ")
        assert "Gemeenteraadsverkiezingen 2026" in alt
        assert "Samen aan de slag met de ondernemers in je gemeente" in alt
        assert "18 maart 2026" in alt

    def test_province_page(self, client, voorne):
        page = _shareable_page(
            client,
            "/gr2026/provincie/zuid-holland/",
            title="Provincie Zuid-Holland · Gemeenteraadsverkiezingen 2026",
            image_path="/gr2026/provincie/zuid-holland/deelafbeelding.png",
        )

        assert "Zuid-Holland" in page.meta("description")
        assert page.meta("og:image:alt").startswith("Provincie Zuid-Holland. ")

    def test_campaign_page(self, client, gr2026):
        page = _shareable_page(client, "/gr2026/", title="Gemeenteraadsverkiezingen 2026")

        assert page.meta("description").startswith(
            "Samen aan de slag met de ondernemers in je gemeente."
        )

    def test_home_page_has_the_site_image(self, client, gr2026):
        _shareable_page(
            client,
            "/",
            title="Verkiezingsmanifesten",
            og_type="website",
            image_path="/deelafbeelding.png",
        )

    def test_canonical_url_leaves_out_the_query_string(self, client, voorne):
        page = Page(client.get("/gr2026/gemeente/voorne-aan-zee/?utm_source=nieuwsbrief&x=1"))

        assert page.canonical == f"{SITE}/gr2026/gemeente/voorne-aan-zee/"
        assert page.meta("og:url") == page.canonical

    def test_canonical_url_follows_the_host_and_scheme_of_the_request(self, client, gr2026):
        response = client.get("/gr2026/", headers={"host": "localhost"}, secure=True)

        assert Page(response).canonical == "https://localhost/gr2026/"
        assert Page(response).meta("og:image").startswith("https://localhost/gr2026/")

    def test_a_page_that_does_not_exist_asks_not_to_be_indexed(self, client, gr2026):
        response = client.get("/gr2026/gemeente/bestaat-niet/")

        assert response.status_code == 404
        page = Page(response)
        assert page.meta("robots") == "noindex"
        assert page.canonical is None
        assert not page.has_meta("og:url")

    def test_hostile_campaign_texts_are_escaped_in_meta_tags(self, client):
        CampaignFactory(slug="gr2030", name=f"Verkiezing {HOSTILE}", tagline=f"Slogan {HOSTILE}")

        response = client.get("/gr2030/")

        page = Page(response)
        assert "<script>alert(1)" not in page.html
        assert page.meta("og:title") == f"Verkiezing {HOSTILE}"
        assert HOSTILE in page.meta("og:description")
        assert HOSTILE in page.meta("og:image:alt")
        # Attribute values end where they should: every meta tag keeps its own content.
        assert page.meta("og:locale") == "nl_NL"

    def test_image_url_changes_with_the_tagline(self, client, gr2026):
        before = Page(client.get("/gr2026/")).meta("og:image")
        gr2026.tagline = "Een nieuwe slogan"
        gr2026.save()

        after = Page(client.get("/gr2026/")).meta("og:image")

        assert urlsplit(after).path == urlsplit(before).path
        assert after != before


# --- the share image ----------------------------------------------------------------------


def _png(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


class TestShareImage:
    def test_is_a_1200_by_630_png(self, client, gr2026):
        image = _png(client.get("/gr2026/deelafbeelding.png"))

        assert image.size == (1200, 630)

    def test_wears_the_site_identity_and_the_campaign_colour(self, client, gr2026):
        gr2026.colour = "blauw"
        gr2026.save()

        image = _png(client.get("/gr2026/deelafbeelding.png")).convert("RGB")

        # The dark head with the mark, the orange rule, then the campaign's colour.
        assert image.getpixel((5, 5)) == identity.rgb(identity.colour("steel-900"))
        assert image.getpixel((85, 40)) == identity.rgb(identity.colour("accent"))  # the mark
        assert image.getpixel((600, share.HEAD_HEIGHT + 2)) == identity.rgb(
            identity.colour("accent")
        )
        assert image.getpixel((5, 625)) == identity.rgb(identity.colour("tint-blauw"))

    def test_a_new_colour_is_a_new_image_at_a_new_address(self, client, gr2026):
        before = share.share_image_url(gr2026)
        gr2026.colour = "groen"
        gr2026.save()

        assert share.share_image_url(gr2026) != before
        assert share.campaign_share_card(gr2026).colour == identity.colour("tint-groen")

    def test_may_be_kept_by_shared_caches_and_revalidated(self, client, gr2026):
        response = client.get("/gr2026/deelafbeelding.png")

        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert re.search(r"s-maxage=\d+", cache_control)
        assert response["ETag"]

    def test_an_unchanged_image_is_not_sent_again(self, client, gr2026):
        etag = client.get("/gr2026/deelafbeelding.png")["ETag"]

        response = client.get("/gr2026/deelafbeelding.png", headers={"if-none-match": etag})

        assert response.status_code == 304
        assert response.content == b""

    def test_is_drawn_once_then_served_from_the_cache(self, client, gr2026):
        with mock.patch.object(share, "_draw", wraps=share._draw) as draw:
            first = client.get("/gr2026/deelafbeelding.png").content
            second = client.get("/gr2026/deelafbeelding.png").content

        assert draw.call_count == 1
        assert first == second

    def test_changes_when_the_tagline_changes(self, client, gr2026):
        before = client.get("/gr2026/deelafbeelding.png")
        gr2026.tagline = "Kies voor ‘Gemaakt in jouw gemeente!’"
        gr2026.save()

        after = client.get("/gr2026/deelafbeelding.png")

        assert _png(after).size == (1200, 630)
        assert after.content != before.content
        assert after["ETag"] != before["ETag"]

    def test_changes_when_the_election_date_changes(self, client, gr2026):
        before = client.get("/gr2026/deelafbeelding.png").content
        gr2026.election_date = datetime.date(2026, 3, 25)
        gr2026.save()

        assert client.get("/gr2026/deelafbeelding.png").content != before

    def test_long_and_hostile_texts_still_fit(self, client):
        CampaignFactory(
            slug="lang",
            name=" ".join(["Gemeenteraadsverkiezingen"] * 6) + HOSTILE,
            tagline="Onuitsprekelijkheidsbeginselvoorwaarden" * 5,
        )

        assert _png(client.get("/lang/deelafbeelding.png")).size == (1200, 630)

    def test_a_campaign_that_is_not_public_has_no_image(self, client):
        CampaignFactory(slug="concept", draft=True)
        CampaignFactory(slug="later", scheduled=True)

        assert client.get("/concept/deelafbeelding.png").status_code == 404
        assert client.get("/later/deelafbeelding.png").status_code == 404
        assert client.get("/onbekend/deelafbeelding.png").status_code == 404

    def test_the_site_has_an_image_of_its_own(self, client):
        assert _png(client.get("/deelafbeelding.png")).size == (1200, 630)


class TestRegionShareImage:
    """A municipality's and a province's page each have their own picture: the region's
    name as its title, the campaign above it, in the campaign's colour."""

    PATH = "/gr2026/gemeente/voorne-aan-zee/deelafbeelding.png"

    def test_shows_the_region_and_its_campaign(self, client, voorne):
        with mock.patch.object(share, "_draw", wraps=share._draw) as draw:
            image = _png(client.get(self.PATH)).convert("RGB")
            _png(client.get("/gr2026/provincie/zuid-holland/deelafbeelding.png"))

        municipality_card, province_card = (call.args[0] for call in draw.call_args_list)
        assert municipality_card.title == "Gemeente Voorne aan Zee"
        assert municipality_card.kicker == "Gemeenteraadsverkiezingen 2026 · woensdag 18 maart 2026"
        assert municipality_card.tagline == "Samen aan de slag met de ondernemers in je gemeente"
        assert province_card.title == "Provincie Zuid-Holland"
        assert image.size == (1200, 630)
        assert image.getpixel((5, 625)) == identity.rgb(identity.colour("tint-oranje"))

    def test_differs_from_the_campaigns_and_from_another_regions(self, client, voorne):
        MunicipalityFactory(name="Westland", slug="westland", province=voorne.province)

        pictures = {
            client.get(path).content
            for path in [
                self.PATH,
                "/gr2026/gemeente/westland/deelafbeelding.png",
                "/gr2026/provincie/zuid-holland/deelafbeelding.png",
                CAMPAIGN_IMAGE,
            ]
        }

        assert len(pictures) == 4

    def test_is_drawn_once_then_served_from_the_cache(self, client, voorne):
        with mock.patch.object(share, "_draw", wraps=share._draw) as draw:
            first = client.get(self.PATH)
            second = client.get(self.PATH, headers={"if-none-match": first["ETag"]})
            third = client.get(self.PATH)

        assert draw.call_count == 1
        assert second.status_code == 304
        assert third.content == first.content

    def test_a_new_colour_is_a_new_picture_at_a_new_address(self, client, gr2026, voorne):
        page = "/gr2026/gemeente/voorne-aan-zee/"
        before = Page(client.get(page)).meta("og:image")
        gr2026.colour = "petrol"
        gr2026.save()

        after = Page(client.get(page)).meta("og:image")
        assert after != before
        assert urlsplit(after).path == self.PATH

    def test_an_alias_leads_to_the_municipalitys_picture(self, client, voorne):
        voorne.aliases.create(name="Voorne", slug="voorne")

        response = client.get("/gr2026/gemeente/voorne/deelafbeelding.png")

        assert response.status_code in (301, 302)
        assert response["Location"] == self.PATH

    def test_a_region_without_a_page_has_no_picture(self, client):
        campaign = CampaignFactory(slug="gr2022")
        province = ProvinceFactory(name="Gelderland", slug="gelderland")
        arnhem = MunicipalityFactory(name="Arnhem", slug="arnhem", province=province)
        MunicipalityFactory(name="Utrecht", slug="utrecht")
        EditionFactory(campaign=campaign, municipality=arnhem)

        assert _png(client.get("/gr2022/gemeente/arnhem/deelafbeelding.png"))
        assert client.get("/gr2022/gemeente/utrecht/deelafbeelding.png").status_code == 404
        assert client.get("/gr2022/gemeente/bestaat-niet/deelafbeelding.png").status_code == 404
        assert client.get("/gr2022/provincie/utrecht/deelafbeelding.png").status_code == 404


# --- the share section --------------------------------------------------------------------


def _mailto(section):
    links = [
        attrs(a)["href"]
        for a in find_all(section, "a")
        if attrs(a).get("href", "").startswith("mailto:")
    ]
    assert len(links) == 1
    return links[0]


def _decoded(mailto):
    """Subject and body as a mail program reads them (RFC 6068: %20 is a space, + is a +)."""
    assert mailto.startswith("mailto:?")
    fields = parse_qs(mailto.removeprefix("mailto:?"), strict_parsing=True)
    return fields["subject"][0], fields["body"][0]


class TestShareSection:
    @pytest.fixture(autouse=True)
    def _before_the_elections(self, clock):
        """The e-mail asks to forward the manifesto to the parties during the campaign;
        after election day it does not (tests/manifestos/test_lifecycle_pages.py)."""
        clock.set_dutch(datetime.date(2026, 2, 1))

    @pytest.mark.parametrize(
        "path",
        ["/gr2026/", "/gr2026/provincie/zuid-holland/", "/gr2026/gemeente/voorne-aan-zee/"],
    )
    def test_shows_the_link_as_text_and_offers_copy_and_email(self, client, voorne, path):
        section = Page(client.get(path)).share_section()

        assert f"{SITE}{path}" in text(section)
        buttons = find_all(section, "button")
        assert [text(b) for b in buttons] == ["Kopieer link"]
        # Without JavaScript the button can do nothing, so it only appears with it.
        assert "hidden" in attrs(buttons[0])
        assert attrs(buttons[0])["data-share-copy"] == f"{SITE}{path}"
        assert "Deel per e-mail" in text(section)
        status = [p for p in find_all(section, "p") if attrs(p).get("role") == "status"]
        assert len(status) == 1
        assert attrs(status[0])["aria-live"] == "polite"

    def test_the_copy_script_is_an_external_deferred_file(self, client, voorne):
        page = Page(client.get("/gr2026/gemeente/voorne-aan-zee/"))

        scripts = [attrs(s) for s in find_all(page.root, "script")]
        share_scripts = [s for s in scripts if s.get("src", "").endswith("js/share.js")]
        assert len(share_scripts) == 1
        assert "defer" in share_scripts[0]
        inline = [s for s in scripts if "src" not in s]
        assert all(s.get("type") == "application/ld+json" for s in inline)

    def test_the_email_asks_to_forward_the_manifesto_to_the_parties(self, client, voorne):
        section = Page(client.get("/gr2026/gemeente/voorne-aan-zee/")).share_section()

        subject, body = _decoded(_mailto(section))

        assert "Voorne aan Zee" in subject
        assert "Koninklijke Metaalunie" in subject
        assert f"{SITE}/gr2026/gemeente/voorne-aan-zee/" in body
        assert "doorsturen naar de politieke partijen in jouw gemeente" in body
        assert "Gemeenteraadsverkiezingen 2026 (woensdag 18 maart 2026)" in body
        assert "\r\n" in body

    def test_the_email_is_correctly_encoded(self, client, gr2026):
        gr2026.name = "Verkiezingen & co? 100%=#"
        gr2026.save()

        mailto = _mailto(Page(client.get("/gr2026/")).share_section())

        query = mailto.removeprefix("mailto:?")
        assert set(parse_qs(query)) == {"subject", "body"}
        assert not re.search(r"[\s\"<>#+]", query)
        assert "%0D%0A" in query
        subject, body = _decoded(mailto)
        assert "Verkiezingen & co? 100%=#" in subject
        assert "Verkiezingen & co? 100%=#" in body

    def test_a_provincial_election_asks_for_the_parties_in_the_province(self, client):
        campaign = CampaignFactory(
            slug="ps2027", election_type="PS", name="Statenverkiezing", national_edition=True
        )
        ProvinceFactory(name="Fryslân", slug="fryslan")

        section = Page(client.get("/ps2027/provincie/fryslan/")).share_section()

        subject, body = _decoded(_mailto(section))
        assert "de provincie Fryslân" in subject
        assert "de politieke partijen in jouw provincie" in body
        assert campaign.name in body

    def test_hostile_names_stay_text(self, client):
        province = ProvinceFactory(slug="p")
        MunicipalityFactory(name=f"Gemeente {HOSTILE}", slug="g", province=province)
        CampaignFactory(slug="gr2030", name=f"Verkiezing {HOSTILE}", national_edition=True)

        page = Page(client.get("/gr2030/gemeente/g/"))

        assert "<script>alert(1)" not in page.html
        subject, body = _decoded(_mailto(page.share_section()))
        assert HOSTILE in subject
        assert HOSTILE in body


class TestShareLinks:
    """WhatsApp and LinkedIn beside e-mail and copy: plain links to their own share
    addresses, no script or image from them on the page."""

    def _links(self, section, css_class):
        [link] = [a for a in find_all(section, "a") if css_class in attrs(a).get("class", "")]
        return link

    def test_whatsapp_gets_the_title_and_the_address(self, client, voorne):
        section = Page(client.get("/gr2026/gemeente/voorne-aan-zee/")).share_section()

        link = self._links(section, "share__button--whatsapp")
        parts = urlsplit(attrs(link)["href"])
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/")
        [message] = parse_qs(parts.query)["text"]
        assert message == (
            "Het manifest van Koninklijke Metaalunie voor de gemeente Voorne aan Zee: "
            f"{SITE}/gr2026/gemeente/voorne-aan-zee/"
        )
        assert text(link) == "Deel via WhatsApp"
        assert "noopener" in attrs(link)["rel"]

    def test_linkedin_gets_the_address(self, client, voorne):
        section = Page(client.get("/gr2026/provincie/zuid-holland/")).share_section()

        link = self._links(section, "share__button--linkedin")
        parts = urlsplit(attrs(link)["href"])
        assert parts.netloc == "www.linkedin.com"
        assert parse_qs(parts.query) == {"url": [f"{SITE}/gr2026/provincie/zuid-holland/"]}
        assert text(link) == "Deel op LinkedIn"

    def test_nothing_is_loaded_from_them(self, client, voorne):
        page = Page(client.get("/gr2026/gemeente/voorne-aan-zee/"))

        for element in find_all(page.root):
            for name in ("src", "srcset"):
                value = attrs(element).get(name, "")
                assert "wa.me" not in value and "linkedin" not in value

    def test_hostile_names_are_encoded(self, client):
        province = ProvinceFactory(slug="p")
        MunicipalityFactory(name=f"Gemeente {HOSTILE}", slug="g", province=province)
        CampaignFactory(slug="gr2030", name="Verkiezing", national_edition=True)

        page = Page(client.get("/gr2030/gemeente/g/"))

        assert "<script>alert(1)" not in page.html
        link = self._links(page.share_section(), "share__button--whatsapp")
        assert HOSTILE in parse_qs(urlsplit(attrs(link)["href"]).query)["text"][0]


def _glyph(font, character):
    """The pixels `font` draws for `character`."""
    image = Image.new("L", (100, 100))
    ImageDraw.Draw(image).text((10, 10), character, font=font, fill=255)
    return image.tobytes()


class TestShareImageFont:
    """The pictures are set in DejaVu Sans, which has every letter of every region's name and
    of the campaigns' texts; a machine without it still draws them, without accents."""

    def test_the_font_is_there(self):
        if share.font_path() is None:
            missing("DejaVu Sans", "apt-get install fonts-dejavu-core")
        assert share.font_path(bold=True) is not None

    def test_every_letter_of_every_region_and_campaign_is_drawn(self, client):
        if share.font_path() is None:
            missing("DejaVu Sans", "apt-get install fonts-dejavu-core")
        shipped_register_import()
        demo_content_load()
        names = [
            *Municipality.objects.values_list("name", flat=True),
            *Province.objects.values_list("name", flat=True),
            *Campaign.objects.values_list("name", flat=True),
            *Campaign.objects.values_list("tagline", flat=True),
        ]
        letters = {letter for name in names for letter in name if not letter.isspace()}
        assert {"ú", "â", "‘", "’"} <= letters

        for bold in (False, True):
            font = share._font(60, bold)
            # What the font draws for a character it does not have (its empty box).
            box = _glyph(font, "\U000f0000")
            drawn_as_missing = {c for c in letters if _glyph(font, c) == box}
            assert drawn_as_missing == set()

    def test_without_the_font_the_accents_are_left_off(self, client, voorne, monkeypatch):
        monkeypatch.setattr(share, "font_path", lambda bold=False: None)
        share._font.cache_clear()
        try:
            assert share._plain("Súdwest-Fryslân ‘Gemaakt’") == "Sudwest-Fryslan 'Gemaakt'"
            image = _png(client.get("/gr2026/gemeente/voorne-aan-zee/deelafbeelding.png"))
        finally:
            share._font.cache_clear()
        assert image.size == (1200, 630)
