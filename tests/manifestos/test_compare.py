"""Compare elections in public: per theme, what the association asked then and now."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from campaigns.models import Campaign, ElectionType
from manifestos.admin.editions import previous_theme_choices
from manifestos.models import Theme
from manifestos.services import campaign_copy
from tests.factories import (
    CampaignFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import find, find_all, h1, hrefs, parse_page, text
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def listed(response):
    return [
        text(find(item, "a")) for item in find_all(parse_page(response), "li", "compare-list__item")
    ]


def sides(response):
    return find_all(parse_page(response), "section", "compare__side")


def compare_url(theme):
    return f"/{theme.edition.campaign.slug}/vergelijk/{theme.slug}/"


@pytest.fixture
def elections():
    """GR2022 and GR2026, each with a theme on the same subject, linked explicitly."""
    then = CampaignFactory(
        slug="gr2022",
        name="Gemeenteraadsverkiezingen 2022",
        election_date=datetime.date(2022, 3, 16),
    )
    now = CampaignFactory(slug="gr2026", name="Gemeenteraadsverkiezingen 2026")
    old = ThemeFactory(edition=EditionFactory(campaign=then), title="De slimme gemeente")
    RecommendationFactory(theme=old, body="Zet in op instroom van vakmensen.")
    new = ThemeFactory(
        edition=EditionFactory(campaign=now),
        title="Een gemeente met voldoende banen voor vakmensen",
        previous=old,
    )
    RecommendationFactory(theme=new, body="Investeer in technisch onderwijs in de regio.")
    return old, new


def test_demo_content_compares_gr2026_with_gr2022(client, demo_content):
    response = client.get("/gr2026/vergelijk/")

    assert response.status_code == 200
    assert listed(response) == [
        "Een gemeente met voldoende banen voor vakmensen",
        "Een duurzaam ondernemende gemeente",
        "Een ondernemende en aantrekkelijke gemeente",
        "Een innovatieve gemeente",
    ]
    page = client.get(compare_url(Theme.objects.get(title="Een innovatieve gemeente")))
    then, now = sides(page)
    assert "Gemeenteraadsverkiezingen 2022" in text(then)
    assert "De innovatieve en duurzame gemeente" in text(then)
    # The earlier theme's sub-topics and their recommendations come along.
    assert "Energietransitie" in text(then)
    assert "Een innovatieve gemeente" in text(now)


def test_both_sides_side_by_side(client, elections):
    old, new = elections

    response = client.get(compare_url(new))

    assert response.status_code == 200
    assert h1(response) == "Een gemeente met voldoende banen voor vakmensen"
    then, now = sides(response)
    assert "Toen" in text(then) and "Gemeenteraadsverkiezingen 2022" in text(then)
    assert "De slimme gemeente" in text(then)
    assert "Zet in op instroom van vakmensen." in text(then)
    assert "Nu" in text(now) and "Gemeenteraadsverkiezingen 2026" in text(now)
    assert "Investeer in technisch onderwijs in de regio." in text(now)
    assert "Zet in op instroom" not in text(now)
    assert f"/gr2022/#{old.anchor}" in hrefs(then)


def test_campaign_copy_lineage_is_the_fallback(client, elections):
    _old, new = elections
    copy = campaign_copy(
        source=new.edition.campaign,
        name="Gemeenteraadsverkiezingen 2030",
        slug="gr2030",
        election_date=datetime.date(2030, 3, 20),
    )
    Campaign.objects.filter(pk=copy.pk).update(
        status=Campaign.Status.PUBLISHED, published_at=new.edition.campaign.published_at
    )
    copy.editions.update(status=Campaign.Status.PUBLISHED)
    copied = Theme.objects.get(edition__campaign=copy)

    response = client.get("/gr2030/vergelijk/")
    page = client.get(compare_url(copied))

    assert listed(response) == ["Een gemeente met voldoende banen voor vakmensen"]
    then, _now = sides(page)
    assert "Gemeenteraadsverkiezingen 2026" in text(then)


def test_explicit_link_wins_over_the_lineage(client, elections):
    old, new = elections
    other = ThemeFactory(edition=old.edition, title="De ondernemende gemeente")
    new.copied_from = other
    new.save()

    then, _now = sides(client.get(compare_url(new)))

    assert "De slimme gemeente" in text(then)


def test_only_published_content_on_either_side(client, elections):
    old, new = elections

    old.edition.campaign.status = Campaign.Status.DRAFT
    old.edition.campaign.published_at = None
    old.edition.campaign.save()

    assert listed(client.get("/gr2026/vergelijk/")) == []
    assert client.get(compare_url(new)).status_code == 404

    old.edition.campaign.status = Campaign.Status.ARCHIVED
    old.edition.campaign.published_at = new.edition.campaign.published_at
    old.edition.campaign.save()
    new.edition.status = Campaign.Status.DRAFT
    new.edition.save()

    assert listed(client.get("/gr2026/vergelijk/")) == []
    assert client.get(compare_url(new)).status_code == 404
    assert client.get("/gr2022/vergelijk/").status_code == 200


def test_a_draft_campaign_has_no_public_comparison(client, elections):
    _old, new = elections
    Campaign.objects.filter(pk=new.edition.campaign_id).update(status=Campaign.Status.DRAFT)

    assert client.get("/gr2026/vergelijk/").status_code == 404


def test_theme_of_another_campaign_is_not_found(client, elections):
    old, _new = elections

    assert client.get(f"/gr2026/vergelijk/{old.slug}/").status_code == 404
    assert client.get("/gr2026/vergelijk/bestaat-niet/").status_code == 404


def test_the_address_is_made_of_slugs(client, elections):
    _old, new = elections

    assert new.slug == "een-gemeente-met-voldoende-banen-voor-vakmensen"
    assert (
        hrefs(parse_page(client.get("/gr2026/vergelijk/"))).count(
            "/gr2026/vergelijk/een-gemeente-met-voldoende-banen-voor-vakmensen/"
        )
        == 1
    )
    response = client.get("/gr2026/vergelijk/een-gemeente-met-voldoende-banen-voor-vakmensen/")
    assert response.status_code == 200
    assert h1(response) == "Een gemeente met voldoende banen voor vakmensen"


def test_a_regional_edition_is_compared_under_its_region(client, elections):
    old, new = elections
    gelderland = ProvinceFactory(name="Gelderland", slug="gelderland")
    ede = MunicipalityFactory(name="Ede", slug="ede", province=gelderland)
    campaign = Campaign.objects.get(slug="gr2026")
    # The same title in three editions of one campaign: three themes, three addresses.
    provincial = ThemeFactory(
        edition=EditionFactory(campaign=campaign, province=gelderland), title="Vakmensen"
    )
    municipal = ThemeFactory(
        edition=EditionFactory(campaign=campaign, municipality=ede), title="Vakmensen"
    )
    national = ThemeFactory(edition=new.edition, title="Vakmensen")
    for theme in (provincial, municipal, national):
        theme.previous = old
        theme.save()

    listed_hrefs = hrefs(parse_page(client.get("/gr2026/vergelijk/")))
    pages = {
        "/gr2026/vergelijk/vakmensen/": "Gemeenteraadsverkiezingen 2026 Vakmensen",
        "/gr2026/vergelijk/provincie/gelderland/vakmensen/": (
            "Gemeenteraadsverkiezingen 2026 (provincie Gelderland) Vakmensen"
        ),
        "/gr2026/vergelijk/gemeente/ede/vakmensen/": (
            "Gemeenteraadsverkiezingen 2026 (gemeente Ede) Vakmensen"
        ),
    }
    for url, heading in pages.items():
        assert url in listed_hrefs
        response = client.get(url)
        assert response.status_code == 200, url
        _then, now = sides(response)
        assert heading in text(now), url
    assert client.get("/gr2026/vergelijk/provincie/utrecht/vakmensen/").status_code == 404
    assert client.get("/gr2026/vergelijk/gemeente/gelderland/vakmensen/").status_code == 404


def test_the_old_address_by_id_moves_permanently(client, elections):
    old, new = elections

    response = client.get(f"/gr2026/vergelijk/{new.pk}/")

    assert response.status_code == 301
    assert response["Location"] == f"/gr2026/vergelijk/{new.slug}/"
    # A theme of another campaign, a theme without a comparison, a number nothing has.
    lonely = ThemeFactory(edition=new.edition, title="Zonder voorganger")
    for pk in (old.pk, lonely.pk, 999999, 10**30):
        assert client.get(f"/gr2026/vergelijk/{pk}/").status_code == 404, pk


def test_previous_must_be_an_earlier_election_of_the_same_type(elections):
    old, new = elections
    national = CampaignFactory(
        election_type=ElectionType.TWEEDE_KAMER, election_date=datetime.date(2025, 10, 29)
    )
    other_type = ThemeFactory(edition=EditionFactory(campaign=national))

    new.previous = other_type
    with pytest.raises(ValidationError, match="dezelfde soort"):
        new.full_clean()
    old.previous = new
    with pytest.raises(ValidationError, match="vóór die van dit thema"):
        old.full_clean()


def test_admin_offers_only_themes_of_earlier_elections_of_the_same_type(elections):
    old, new = elections
    ThemeFactory(
        edition=EditionFactory(
            campaign=CampaignFactory(
                election_type=ElectionType.TWEEDE_KAMER, election_date=datetime.date(2025, 1, 1)
            )
        )
    )

    assert list(previous_theme_choices(str(new.pk))) == [old]
    assert list(previous_theme_choices(str(old.pk))) == []


def test_query_counts_stay_the_same_as_content_grows(client, elections):
    old, new = elections

    def cost(url, status=200):
        cache.clear()  # rendered, not served from the page cache
        with page_queries() as queries:
            assert client.get(url).status_code == status
        return len(queries)

    def cost_of_redirect(url):
        return cost(url, status=301)

    small = (
        cost("/gr2026/vergelijk/"),
        cost(compare_url(new)),
        redirect_cost := cost_of_redirect(f"/gr2026/vergelijk/{new.pk}/"),
    )
    for index in range(5):
        earlier = ThemeFactory(edition=old.edition, title=f"Ouder thema {index}")
        RecommendationFactory(theme=ThemeFactory(parent=earlier))
        RecommendationFactory(theme=ThemeFactory(parent=old))
        RecommendationFactory(theme=new)
        ThemeFactory(edition=new.edition, previous=earlier)
    big = (
        cost("/gr2026/vergelijk/"),
        cost(compare_url(new)),
        cost_of_redirect(f"/gr2026/vergelijk/{new.pk}/"),
    )

    assert len(listed(client.get("/gr2026/vergelijk/"))) == 6
    assert big == small
    assert small[0] <= 3 and small[1] <= 5 and redirect_cost <= 3


@pytest.mark.usefixtures("elections")
def test_campaign_page_links_the_comparison_only_when_there_is_one(client):
    assert "/gr2026/vergelijk/" in hrefs(parse_page(client.get("/gr2026/")))
    assert "/gr2022/vergelijk/" not in hrefs(parse_page(client.get("/gr2022/")))


def test_editor_links_a_theme_to_the_previous_election_in_the_admin(client, elections):
    old, new = elections
    new.previous = None
    new.save()
    client.force_login(UserFactory(superuser=True))
    url = f"/admin/manifestos/theme/{new.pk}/change/"

    form = parse_page(client.get(url))
    (select,) = [s for s in find_all(form, "select") if dict(s.attributes)["name"] == "previous"]
    # Only themes of earlier elections of the same type, named with their campaign.
    assert [text(option) for option in find_all(select, "option")][1:] == [
        "Gemeenteraadsverkiezingen 2022 · landelijk · De slimme gemeente",
    ]
    response = client.post(
        url,
        {
            "edition": new.edition_id,
            "position": new.position,
            "title": new.title,
            "intro": new.intro,
            "previous": old.pk,
            "recommendations-TOTAL_FORMS": 0,
            "recommendations-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    new.refresh_from_db()
    assert new.previous == old
    assert listed(client.get("/gr2026/vergelijk/")) == [new.title]
