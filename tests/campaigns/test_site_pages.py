"""The pages every site has: about this site, privacy, contact and colophon. They exist from
the first migrate on, staff edit them in the admin, every footer and the sitemap link them,
and what the privacy page says about cookies holds."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse

from campaigns.models import SitePage
from campaigns.site_pages import first_texts, site_pages_ensure
from tests.factories import CampaignFactory, EditionFactory, MunicipalityFactory
from tests.html import attr, change_form_data, find, find_all, h1, hrefs, parse_page, text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

PAGES = {
    "/over-deze-site/": "Over deze site",
    "/privacy/": "Privacy",
    "/contact/": "Contact en colofon",
}


@pytest.mark.parametrize(("url", "title"), PAGES.items())
def test_each_page_is_there_from_the_start_with_its_first_text(client, url, title):
    response = client.get(url)

    assert response.status_code == 200
    assert h1(response) == title
    key = url.strip("/")
    page = parse_page(response)
    assert text(find(page, "div", "prose")).startswith(
        text(parse_html(first_texts()[key]["body"]))[:40]
    )
    # Beside the text, the way to the other two pages; this one is marked as current.
    nav = find(page, "nav", "site-page__nav")
    assert hrefs(nav) == list(PAGES)
    current = [link for link in find_all(nav, "a") if attr(link, "aria-current") == "page"]
    assert [attr(link, "href") for link in current] == [url]


def test_a_page_costs_one_query(client):
    client.get("/privacy/")  # the content version, read once

    with page_queries() as queries:
        client.get("/over-deze-site/")

    assert len(queries) == 1


def test_the_contact_page_gives_the_association_address_and_the_colophon(client):
    page = parse_page(client.get("/contact/"))

    contact = text(find(page, "section", "site-page__contact"))
    assert "Einsteinbaan 1, 3439 NJ Nieuwegein" in contact
    assert "030 - 605 33 44" in contact
    assert "info@metaalunie.nl" in contact
    assert [text(h) for h in find_all(page, "h2")] == ["Contact", "Colofon"]


def test_staff_edit_a_page_and_visitors_read_it(admin_client, client):
    page = SitePage.objects.get(key="privacy")
    url = reverse("admin:campaigns_sitepage_change", args=[page.pk])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(
        url,
        {
            **data,
            "title": "Privacyverklaring",
            "lead": "Kort: we volgen u niet.",
            "body": "Eerste alinea.\n\n<ul><li>Een <strong>punt</strong></li></ul>\n\n"
            '<script>alert(1)</script><a href="javascript:alert(1)">klik</a>',
        },
    )

    assert response.status_code == 302
    public = client.get("/privacy/")
    assert h1(public) == "Privacyverklaring"
    body = find(parse_page(public), "div", "prose")
    assert text(body).startswith("Eerste alinea. Een punt")
    # Rich text as everywhere: through the sanitiser, so no script and no script link.
    assert find_all(body, "script") == []
    assert find_all(body, "a") == []
    assert "klik" in text(body)
    assert "Kort: we volgen u niet." in text(find(parse_page(public), "header", "page-header"))


def test_staff_cannot_add_or_delete_a_page(admin_client):
    page = SitePage.objects.get(key="contact")

    assert admin_client.get(reverse("admin:campaigns_sitepage_add")).status_code == 403
    delete = reverse("admin:campaigns_sitepage_delete", args=[page.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert SitePage.objects.count() == 3


def test_ensuring_the_pages_makes_only_what_is_missing(admin_client):
    SitePage.objects.filter(key="privacy").update(title="Eigen titel")
    SitePage.objects.filter(key="contact").delete()

    made = site_pages_ensure()

    assert [page.key for page in made] == ["contact"]
    assert SitePage.objects.get(key="privacy").title == "Eigen titel"
    assert SitePage.objects.get(key="contact").title == "Contact en colofon"


@pytest.mark.parametrize("url", ["/", "/zoeken/?q=energie", "/bestaat-niet/", "/privacy/"])
def test_every_page_links_the_pages_about_the_site_in_its_footer(client, url):
    footer = find(parse_page(client.get(url)), "footer", "site-footer")

    assert hrefs(find(footer, "nav", "site-footer__nav")) == [*PAGES, "/api/"]
    assert "Einsteinbaan 1, 3439 NJ Nieuwegein" in text(footer)


def test_the_pages_are_in_the_sitemap(client):
    sitemap = client.get("/sitemap.xml").content.decode()

    for url in PAGES:
        assert f"<loc>http://testserver{url}</loc>" in sitemap


@pytest.mark.parametrize("slug", ["privacy", "over-deze-site", "contact"])
def test_no_campaign_can_take_the_address_of_a_page(slug):
    campaign = CampaignFactory.build(slug=slug)

    with pytest.raises(ValidationError) as error:
        campaign.full_clean()

    assert "slug" in error.value.message_dict


# --- what the privacy page says holds ----------------------------------------------------


def test_the_privacy_page_says_what_the_site_does_with_cookies(client):
    privacy = text(find(parse_page(client.get("/privacy/")), "div", "prose"))

    assert "Wie de site leest, krijgt geen cookies." in privacy
    assert "csrftoken" in privacy


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/over-deze-site/",
        "/privacy/",
        "/contact/",
        "/zoeken/?q=energie",
        "/gemeenten/zoeken/?q=voorne",
        "/gemeenten/zoeken.json?q=voorne",
        "/gr2026/",
        "/gr2026/gemeente/voorne-aan-zee/",
        "/gr2026/gemeente/voorne-aan-zee/print/",
        "/api/v1/campaigns/",
        "/bestaat-niet/",
    ],
)
def test_reading_the_site_sets_no_cookie(campaigning, url):
    response = Client().get(url)

    assert response.status_code in (200, 404)
    assert dict(response.cookies) == {}


def test_the_letter_kit_sets_only_its_form_cookie(campaigning):
    response = Client().get("/gr2026/gemeente/voorne-aan-zee/brief/")

    assert response.status_code == 200
    assert list(response.cookies) == ["csrftoken"]


@pytest.fixture
def campaigning(clock):
    """GR2026 before its election day, when the letter kit is offered."""
    clock.set_dutch(datetime.date(2025, 9, 1))
    campaign = CampaignFactory(
        slug="gr2026",
        name="Gemeenteraadsverkiezingen 2026",
        published_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
    )
    EditionFactory(campaign=campaign)
    MunicipalityFactory(name="Voorne aan Zee", slug="voorne-aan-zee")
    return campaign
