"""Staff preview drafts and scheduled pages exactly as the public will see them.

/voorbeeld/<campaign>/… shows what /<campaign>/… will show once published, with a
banner that says it is a preview; nobody else learns that the page exists.
"""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from campaigns.models import Campaign
from config.roles import EDITOR, REGIOMANAGER, roles_sync
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    MunicipalityAliasFactory,
    MunicipalityFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BANNER = "Voorbeeld"
NOT_PUBLIC = "deze pagina is nog niet openbaar"


def visible_text(response):
    """The page's text as a reader sees it: tags removed, whitespace collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def hrefs(response):
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


@pytest.fixture
def roles():
    return roles_sync()


def _staff_in(group_name):
    user = UserFactory(staff=True, role=group_name)
    return user


@pytest.fixture
def editor(roles):
    return _staff_in(EDITOR)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft():
    """A draft municipal-election campaign with a national edition, one province and one
    municipality in it."""
    campaign = CampaignFactory(draft=True, name="Gemeenteraad 2030", slug="gr2030")
    edition = EditionFactory(campaign=campaign, status=Campaign.Status.DRAFT)
    theme = ThemeFactory(edition=edition, title="Vakmensen voor de regio")
    RecommendationFactory(theme=theme, body="Investeer in praktijkgericht onderwijs.")
    municipality = MunicipalityFactory(name="Ons Dorp", slug="ons-dorp")
    return campaign, municipality


def preview_urls(campaign, municipality):
    return {
        "campaign": f"/voorbeeld/{campaign.slug}/",
        "province": f"/voorbeeld/{campaign.slug}/provincie/{municipality.province.slug}/",
        "municipality": f"/voorbeeld/{campaign.slug}/gemeente/{municipality.slug}/",
    }


# Every page with a preview, by URL name in its app's preview namespace, and its address.
PREVIEW_ROUTES = {
    "campaigns-preview:agenda": "/voorbeeld/{campaign}/agenda/",
    "campaigns-preview:agenda-ics": "/voorbeeld/{campaign}/agenda.ics",
    "manifestos-preview:campaign-detail": "/voorbeeld/{campaign}/",
    "manifestos-preview:province-detail": "/voorbeeld/{campaign}/provincie/{province}/",
    "manifestos-preview:province-print": "/voorbeeld/{campaign}/provincie/{province}/print/",
    "manifestos-preview:province-pdf": "/voorbeeld/{campaign}/provincie/{province}/pdf/",
    "manifestos-preview:municipality-detail": "/voorbeeld/{campaign}/gemeente/{municipality}/",
    "manifestos-preview:municipality-print": (
        "/voorbeeld/{campaign}/gemeente/{municipality}/print/"
    ),
    "manifestos-preview:municipality-pdf": "/voorbeeld/{campaign}/gemeente/{municipality}/pdf/",
}


def preview_route_url(name, campaign, municipality):
    return PREVIEW_ROUTES[name].format(
        campaign=campaign.slug, province=municipality.province.slug, municipality=municipality.slug
    )


def preview_route_kwargs(name, campaign, municipality):
    kwargs = {"campaign": campaign.slug}
    if "province" in name:
        kwargs["slug"] = municipality.province.slug
    elif "municipality" in name:
        kwargs["slug"] = municipality.slug
    return kwargs


def names_under_voorbeeld():
    """The URL names (with their namespace) the root URLconf has under /voorbeeld/."""
    return {
        f"{include.namespace}:{pattern.name}"
        for include in get_resolver().url_patterns
        if isinstance(include, URLResolver) and str(include.pattern) == "voorbeeld/"
        for pattern in include.url_patterns
    }


# --- the routes of the preview ---------------------------------------------------------


def test_only_the_pages_with_a_preview_are_under_voorbeeld():
    # Search, share images, comparisons and the letter kit show public campaigns only.
    assert names_under_voorbeeld() == set(PREVIEW_ROUTES)


@pytest.mark.parametrize("name", sorted(PREVIEW_ROUTES))
def test_every_preview_is_its_public_page_under_voorbeeld(draft, name):
    campaign, municipality = draft
    kwargs = preview_route_kwargs(name, campaign, municipality)
    public_name = name.replace("-preview:", ":")

    preview_url = reverse(name, kwargs=kwargs)

    assert preview_url == preview_route_url(name, campaign, municipality)
    assert preview_url == "/voorbeeld" + reverse(public_name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(PREVIEW_ROUTES))
def test_every_preview_is_private_unindexed_and_never_stored(editor_client, draft, name):
    campaign, municipality = draft
    url = preview_route_url(name, campaign, municipality)

    response = editor_client.get(url)
    editor_client.logout()

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"private", "no-store"}
    assert response["X-Robots-Tag"] == "noindex"
    # The page cache serves stored pages before anyone is logged in: had it kept the
    # preview, this visitor would get it.
    assert editor_client.get(url).status_code == 404


# --- staff see the page, marked as a preview -------------------------------------------


@pytest.mark.parametrize("page", ["campaign", "province", "municipality"])
def test_staff_see_every_page_of_a_draft_campaign_with_the_banner(editor_client, draft, page):
    campaign, municipality = draft

    response = editor_client.get(preview_urls(campaign, municipality)[page])

    assert response.status_code == 200
    text = visible_text(response)
    assert f"{BANNER} — {NOT_PUBLIC}" in text
    assert "De campagne is een concept: er is nog geen publicatiemoment." in text
    assert "Investeer in praktijkgericht onderwijs." in text
    assert "Vakmensen voor de regio" in text


def test_a_preview_is_never_cached_or_indexed(editor_client, draft):
    campaign, municipality = draft

    response = editor_client.get(preview_urls(campaign, municipality)["municipality"])

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_scheduled_campaign_names_its_publication_moment(editor_client):
    moment = timezone.make_aware(datetime.datetime(2031, 2, 3, 9, 30))
    campaign = CampaignFactory(published_at=moment, name="Gemeenteraad 2031")
    EditionFactory(campaign=campaign)

    response = editor_client.get(f"/voorbeeld/{campaign.slug}/")

    text = visible_text(response)
    assert NOT_PUBLIC in text
    assert "Gepland: openbaar vanaf maandag 3 februari 2031, 09:30 uur." in text


def test_a_draft_edition_of_a_public_campaign_is_previewed_instead_of_the_fallback(
    client, editor_client
):
    campaign = CampaignFactory()
    national = EditionFactory(campaign=campaign)
    RecommendationFactory(theme=ThemeFactory(edition=national), body="Landelijke aanbeveling.")
    municipality = MunicipalityFactory()
    own = EditionFactory(campaign=campaign, municipality=municipality, status=Campaign.Status.DRAFT)
    RecommendationFactory(theme=ThemeFactory(edition=own), body="Lokale aanbeveling.")
    path = f"/{campaign.slug}/gemeente/{municipality.slug}/"

    preview = visible_text(editor_client.get(f"/voorbeeld{path}"))
    public = visible_text(client.get(path))

    assert "Lokale aanbeveling." in preview
    assert "Deze editie is een concept" in preview
    assert "Lokale aanbeveling." not in public
    assert "Landelijke aanbeveling." in public


def test_a_public_page_previewed_says_so_and_links_to_the_public_page(editor_client):
    campaign = CampaignFactory()
    EditionFactory(campaign=campaign)

    response = editor_client.get(f"/voorbeeld/{campaign.slug}/")

    assert "deze pagina is al openbaar" in visible_text(response)
    assert f"/{campaign.slug}/" in hrefs(response)


# --- links stay in the preview ---------------------------------------------------------


def test_links_between_campaign_province_and_municipality_stay_in_the_preview(editor_client, draft):
    campaign, municipality = draft
    urls = preview_urls(campaign, municipality)

    campaign_links = hrefs(editor_client.get(urls["campaign"]))
    province_links = hrefs(editor_client.get(urls["province"]))
    municipality_links = hrefs(editor_client.get(urls["municipality"]))

    assert {urls["province"], urls["municipality"]} <= campaign_links
    assert {urls["campaign"], urls["municipality"]} <= province_links
    assert {urls["campaign"], urls["province"]} <= municipality_links
    assert f"{urls['municipality']}print/" in municipality_links
    public_prefix = f"/{campaign.slug}/"
    for links in (campaign_links, province_links, municipality_links):
        assert not {link for link in links if link.startswith(public_prefix)}


def test_links_from_the_agenda_preview_stay_in_the_preview(editor_client, draft):
    campaign, _municipality = draft

    links = hrefs(editor_client.get(f"/voorbeeld/{campaign.slug}/agenda/"))

    # The crumb and the link back to the manifesto, across apps.
    assert f"/voorbeeld/{campaign.slug}/" in links
    assert f"/voorbeeld/{campaign.slug}/agenda.ics" in links
    assert not {link for link in links if link.startswith(f"/{campaign.slug}/")}


def test_the_print_preview_leads_back_to_the_preview(editor_client, draft):
    campaign, municipality = draft
    urls = preview_urls(campaign, municipality)

    links = hrefs(editor_client.get(urls["province"] + "print/"))

    assert {urls["province"], urls["province"] + "pdf/"} <= links


def test_the_suggestions_of_an_unknown_municipality_stay_in_the_preview(editor_client, draft):
    campaign, municipality = draft
    urls = preview_urls(campaign, municipality)

    response = editor_client.get(f"/voorbeeld/{campaign.slug}/gemeente/ons-dorpp/")

    assert response.status_code == 404
    assert {urls["municipality"], urls["campaign"]} <= hrefs(response)


@pytest.mark.parametrize("page", ["campaign", "province", "municipality", "agenda"])
def test_pages_without_a_preview_are_linked_to_the_public_site(editor_client, draft, page):
    campaign, municipality = draft
    urls = preview_urls(campaign, municipality) | {"agenda": f"/voorbeeld/{campaign.slug}/agenda/"}

    response = editor_client.get(urls[page])

    assert response.status_code == 200
    assert "/" in hrefs(response)
    assert 'action="/zoeken/"' in response.content.decode()


def test_a_public_page_stays_public_and_stored_after_its_preview(editor_client):
    campaign = CampaignFactory()
    EditionFactory(campaign=campaign)
    MunicipalityFactory(slug="ons-dorp")
    editor_client.get(f"/voorbeeld/{campaign.slug}/gemeente/ons-dorp/")

    visitor = Client()
    response = visitor.get(f"/{campaign.slug}/gemeente/ons-dorp/")

    assert "public" in response["Cache-Control"]
    assert response.has_header("ETag")
    assert not {link for link in hrefs(response) if link.startswith("/voorbeeld/")}
    assert f"/{campaign.slug}/" in hrefs(response)


def test_an_alias_redirects_within_the_preview_and_temporarily(editor_client, draft):
    campaign, municipality = draft
    MunicipalityAliasFactory(municipality=municipality, name="Ons Oude Dorp")

    response = editor_client.get(f"/voorbeeld/{campaign.slug}/gemeente/ons-oude-dorp/")

    assert response.status_code == 302
    assert response["Location"] == f"/voorbeeld/{campaign.slug}/gemeente/ons-dorp/"


def test_regional_pages_of_a_national_draft_lead_to_its_preview(editor_client):
    campaign = CampaignFactory(draft=True, election_type="TK")
    municipality = MunicipalityFactory()

    response = editor_client.get(f"/voorbeeld/{campaign.slug}/gemeente/{municipality.slug}/")

    assert response.status_code == 302
    assert response["Location"] == f"/voorbeeld/{campaign.slug}/"


def test_the_print_preview_carries_the_public_address(editor_client, draft):
    campaign, municipality = draft

    response = editor_client.get(preview_urls(campaign, municipality)["municipality"] + "print/")

    assert response.status_code == 200
    text = visible_text(response)
    assert NOT_PUBLIC in text
    assert f"http://testserver/{campaign.slug}/gemeente/{municipality.slug}/" in text
    assert f"/voorbeeld/{campaign.slug}/gemeente/{municipality.slug}/pdf/" in hrefs(response)


# --- nobody else learns the page exists ------------------------------------------------


@pytest.fixture(params=["anonymous", "regiomanager", "staff without permission", "no staff"])
def outsider_client(request, client, roles):
    if request.param == "regiomanager":
        client.force_login(_staff_in(REGIOMANAGER))
    elif request.param == "staff without permission":
        client.force_login(UserFactory(staff=True))
    elif request.param == "no staff":
        user = UserFactory(role=EDITOR)
        client.force_login(user)
    return client


@pytest.mark.parametrize("page", ["campaign", "province", "municipality"])
def test_others_get_a_plain_404_for_a_preview(outsider_client, draft, page):
    campaign, municipality = draft

    response = outsider_client.get(preview_urls(campaign, municipality)[page])

    assert response.status_code == 404
    assert "Investeer in praktijkgericht onderwijs." not in response.content.decode()


@pytest.mark.parametrize("name", sorted(PREVIEW_ROUTES))
def test_others_get_the_plain_404_for_every_preview(outsider_client, draft, name):
    draft_campaign, municipality = draft
    public_campaign = CampaignFactory()
    EditionFactory(campaign=public_campaign)

    for campaign in (draft_campaign, public_campaign):
        response = outsider_client.get(preview_route_url(name, campaign, municipality))

        assert response.status_code == 404
        # The 404 of any page that does not exist, with its links to the public site.
        assert "Deze pagina bestaat niet" in visible_text(response)
        assert {"/", "/zoeken/", "/gemeenten/zoeken/"} <= hrefs(response)
        assert "noindex" not in response.get("X-Robots-Tag", "")


def test_a_regiomanager_with_their_own_card_cannot_preview(client, roles, draft):
    user = _staff_in(REGIOMANAGER)
    ContactFactory(user=user)
    client.force_login(user)
    campaign, _municipality = draft

    assert client.get(f"/voorbeeld/{campaign.slug}/").status_code == 404


def test_a_preview_of_a_campaign_that_does_not_exist_is_404(editor_client):
    assert editor_client.get("/voorbeeld/bestaat-niet/").status_code == 404


@pytest.mark.parametrize("url", ["/voorbeeld/bestaat-niet/", "/voorbeeld/bestaat-niet/agenda/"])
def test_a_404_in_the_preview_links_to_the_public_site(editor_client, url):
    response = editor_client.get(url)

    assert response.status_code == 404
    assert {"/", "/zoeken/", "/gemeenten/zoeken/"} <= hrefs(response)


@pytest.mark.parametrize("page", ["campaign", "province", "municipality"])
def test_the_public_address_of_a_draft_is_404_also_for_staff(editor_client, draft, page):
    campaign, municipality = draft
    public_url = preview_urls(campaign, municipality)[page].removeprefix("/voorbeeld")

    assert editor_client.get(public_url).status_code == 404


# --- publication by the clock ----------------------------------------------------------


def test_a_scheduled_campaign_becomes_public_when_its_moment_has_passed(client):
    campaign = CampaignFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    EditionFactory(campaign=campaign)
    url = f"/{campaign.slug}/"

    assert client.get(url).status_code == 404

    campaign.published_at = timezone.now() - datetime.timedelta(seconds=1)
    campaign.save()

    assert client.get(url).status_code == 200


# --- from the back office --------------------------------------------------------------


def test_the_campaign_change_page_offers_the_preview(editor_client, draft):
    campaign, _municipality = draft

    response = editor_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))

    content = response.content.decode()
    assert f'href="/voorbeeld/{campaign.slug}/"' in content
    assert "Bekijk voorbeeld" in content
    # Not public yet: no link to a public page that would be a 404.
    assert 'class="viewsitelink"' not in content


def test_an_unpublished_edition_is_viewed_on_site_through_its_preview(editor_client):
    campaign = CampaignFactory()
    municipality = MunicipalityFactory()
    edition = EditionFactory(
        campaign=campaign, municipality=municipality, status=Campaign.Status.DRAFT
    )
    change_url = reverse("admin:manifestos_edition_change", args=[edition.pk])

    before = editor_client.get(change_url).content.decode()
    edition.status = Campaign.Status.PUBLISHED
    edition.save()
    after = editor_client.get(change_url).content.decode()

    assert f'href="/voorbeeld/{campaign.slug}/gemeente/{municipality.slug}/"' in before
    assert f'href="/{campaign.slug}/gemeente/{municipality.slug}/"' in after
