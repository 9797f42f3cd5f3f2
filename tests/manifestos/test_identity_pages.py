"""A campaign's colour, chosen in the admin, on everything that shows the campaign: its
pages' masthead, its card on the home page, the print page and PDF, the member letter."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from tests.html import change_form_data, css_classes, find, find_all, parse_page

pytestmark = pytest.mark.django_db

TOKENS_CSS = "/static/css/tokens.css"


@pytest.fixture
def editor(admin_client):
    return admin_client


def _tint(element):
    return [name for name in css_classes(element) if name.startswith("tint--")]


def test_staff_choose_the_colour_and_every_page_of_the_campaign_wears_it(
    editor, client, demo_content
):
    url = reverse("admin:campaigns_campaign_change", args=[Campaign.objects.get(slug="gr2026").pk])
    form = editor.get(url)
    # The admin offers the palette as radio buttons with a swatch of each colour.
    swatches = find_all(parse_page(form), "svg", "tint-swatch")
    assert len(swatches) == 7
    data = change_form_data(form)
    assert data["colour"] == "oranje"

    response = editor.post(url, {**data, "colour": "groen"})

    assert response.status_code == 302
    campaign_page = parse_page(client.get("/gr2026/"))
    assert _tint(find(campaign_page, "div", "masthead")) == ["tint--groen"]
    municipality_page = parse_page(client.get("/gr2026/gemeente/utrecht/"))
    assert _tint(find(municipality_page, "div", "masthead")) == ["tint--groen"]
    print_page = parse_page(client.get("/gr2026/gemeente/utrecht/print/"))
    assert _tint(find(print_page, "body")) == ["tint--groen"]
    cards = find_all(parse_page(client.get("/")), "li", "campaign-card")
    assert ["tint--groen"] in [_tint(card) for card in cards]


def test_each_page_loads_the_tokens_that_give_the_class_its_colour(client, demo_content):
    for url in ("/", "/gr2026/", "/gr2026/gemeente/utrecht/", "/gr2026/gemeente/utrecht/print/"):
        page = parse_page(client.get(url))
        stylesheets = [dict(link.attributes).get("href") for link in find_all(page, "link")]
        assert stylesheets.index(TOKENS_CSS) < stylesheets.index("/static/css/site.css"), url
    tokens = client.get(TOKENS_CSS)
    assert b".tint--groen { --tint: var(--tint-groen); }" in b"".join(tokens.streaming_content)


def test_the_demo_campaigns_have_colours_of_their_own(demo_content):
    colours = dict(Campaign.objects.values_list("slug", "colour"))
    assert len(set(colours.values())) == len(colours) == 5
