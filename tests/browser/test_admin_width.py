"""The back office at 1280 px: every list and form fits the window, and a table wider
than its column scrolls within its own box instead of widening the page."""

import pytest

from campaigns.models import Campaign
from manifestos.models import Edition, Theme
from tests.factories import AdoptionFactory, PartyFactory

WIDTH = 1280


@pytest.fixture
def viewport():
    return "desktop"


def _pages():
    gr2026 = Campaign.objects.get(slug="gr2026")
    edition = Edition.objects.filter(campaign=gr2026).first()
    theme = Theme.objects.filter(edition=edition, recommendations__isnull=False).first()
    party = AdoptionFactory(party=PartyFactory(campaign=gr2026)).party
    return [
        "/admin/",
        "/admin/campaigns/campaign/",
        f"/admin/campaigns/campaign/{gr2026.pk}/change/",
        "/admin/campaigns/campaign/planning/",
        "/admin/campaigns/campaignevent/",
        "/admin/manifestos/edition/",
        f"/admin/manifestos/edition/{edition.pk}/change/",
        "/admin/manifestos/theme/",
        f"/admin/manifestos/theme/{theme.pk}/change/",
        "/admin/manifestos/recommendation/",
        "/admin/manifestos/party/",
        f"/admin/manifestos/party/{party.pk}/change/",
        "/admin/manifestos/party/bereik/",
        "/admin/regions/municipality/",
        "/admin/regions/regionalfigures/",
        f"/admin/regions/regionalfigures/{_first('regions', 'regionalfigures')}/change/",
        "/admin/regions/contact/",
        "/admin/auth/user/",
    ]


def _first(app_label, model_name):
    from django.apps import apps

    return apps.get_model(app_label, model_name).objects.order_by("pk").first().pk


OVERFLOW = """() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    body: document.body.scrollWidth - document.body.clientWidth,
})"""


def test_no_admin_page_is_wider_than_1280_px(logged_in, site):
    page = logged_in
    assert page.viewport_size["width"] == WIDTH
    wider = {}

    for url in _pages():
        response = page.goto(site.url + url)
        assert response.status == 200, url
        overflow = page.evaluate(OVERFLOW)
        if overflow["page"] > 0 or overflow["body"] > 0:
            wider[url] = overflow

    assert wider == {}


# Every table wider than the window's room: is it inside a box that scrolls sideways and
# itself ends within the window?
UNBOXED_TABLES = """() => [...document.querySelectorAll('#content table')].filter(table => {
    let box = table.parentElement;
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
        box = box.parentElement;
    }
    const fits = table.getBoundingClientRect().right <= window.innerWidth;
    return !fits && !(box && box.getBoundingClientRect().right <= window.innerWidth);
}).map(table => table.id || table.closest('[id]').id)"""


def test_wide_tables_scroll_in_their_own_box(logged_in, site):
    """Lists and inline tables keep every column: what does not fit scrolls sideways
    inside the table's box, within the window."""
    page = logged_in
    unboxed = {}

    for url in _pages():
        page.goto(site.url + url)
        if tables := page.evaluate(UNBOXED_TABLES):
            unboxed[url] = tables

    assert unboxed == {}


def test_the_themes_of_an_edition_fit_without_scrolling(logged_in, site):
    """The theme inline of an edition (title, order, main theme) fits the window whole."""
    page = logged_in
    edition = Edition.objects.filter(campaign__slug="gr2026").first()
    page.goto(site.url + f"/admin/manifestos/edition/{edition.pk}/change/")

    table = page.locator("#themes-group table")
    right = table.evaluate("el => el.getBoundingClientRect().right")

    assert right <= WIDTH
