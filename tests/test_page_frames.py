"""Pages put together again after a change of their parts (config/page_frames.py).

A municipality or province page is stored whole and as a frame with gaps for its parts:
the edition's block and what the parties did. After a change of themes or recommendations
only the parts are rendered again; after any other change the whole page is. Either way
the next request shows the change, and a page put together is the page the view would
render."""

import threading

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import override_settings
from django.urls import reverse

from config import page_cache, page_frames
from config.roles import EDITOR
from manifestos.models import Campaign, Recommendation, Theme
from tests.factories import (
    AdoptionFactory,
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    MunicipalityFactory,
    PartyFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.queries import page_queries
from tests.test_page_cache import _theme_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("machine_cache")]


@pytest.fixture
def site():
    """A campaign with a national edition and one of its own for Goes; Goes's page shows
    what a party did with a national recommendation; Middelburg shares the national one."""
    district = DistrictFactory(name="Zuidwest")
    zeeland = ProvinceFactory(name="Zeeland", district=district)
    goes = MunicipalityFactory(name="Goes", province=zeeland)
    middelburg = MunicipalityFactory(name="Middelburg", province=zeeland)
    campaign = CampaignFactory(party_results_public=True)
    national = EditionFactory(campaign=campaign, title="Landelijk manifest")
    theme = ThemeFactory(edition=national, title="Ruimte om te ondernemen")
    recommendation = RecommendationFactory(
        theme=theme, lead="Genoeg bedrijventerrein.", body="Zorg voor voldoende terrein."
    )
    RecommendationFactory(theme=ThemeFactory(edition=national, title="Vakmensen"))
    own = EditionFactory(campaign=campaign, municipality=goes, title="Goes werkt")
    RecommendationFactory(theme=ThemeFactory(edition=own), body="Een Goese aanbeveling.")
    AdoptionFactory(
        party=PartyFactory(campaign=campaign, municipality=middelburg, name="Zeeuwse Partij"),
        recommendation=recommendation,
    )
    ContactFactory(district=district, phone="06 - 111 111 11")
    return {
        "campaign": campaign,
        "recommendation": recommendation,
        "theme": theme,
        "urls": [
            f"/{campaign.slug}/gemeente/{middelburg.slug}/",
            f"/{campaign.slug}/gemeente/{goes.slug}/",
            f"/{campaign.slug}/provincie/{zeeland.slug}/",
        ],
    }


def pages(client, urls):
    responses = [client.get(url) for url in urls]
    assert [response.status_code for response in responses] == [200] * len(urls)
    return [response.content.decode() for response in responses]


def rendered_afresh(client, urls):
    """The pages as their views render them now, every part and frame alike."""
    page_cache.content_changed()
    return pages(client, urls)


def frame_version():
    return page_cache.current_version().frame


def test_a_framed_page_is_the_page_the_view_renders(client, site):
    first = pages(client, site["urls"])

    assert first == rendered_afresh(client, site["urls"])
    assert "<!--part:" not in "".join(first)
    assert "Zeeuwse Partij" in first[0]


@pytest.mark.parametrize(
    "change",
    [
        "new body",
        "new lead",
        "retitled theme",
        "added recommendation",
        "deleted recommendation",
        "reordered themes",
        "deleted theme",
    ],
)
def test_after_a_change_of_parts_the_page_is_put_together_as_the_view_would_render_it(
    client, site, change
):
    pages(client, site["urls"])
    frame = frame_version()
    recommendation, theme = site["recommendation"], site["theme"]

    if change == "new body":
        recommendation.body = "Maak ruimte voor de maakindustrie."
        recommendation.save()
    elif change == "new lead":
        recommendation.lead = "Ruimte voor de maakindustrie."
        recommendation.save()
    elif change == "retitled theme":
        theme.title = "Ruimte voor bedrijven"
        theme.save()
    elif change == "added recommendation":
        RecommendationFactory(theme=theme, body="Een tweede aanbeveling.")
    elif change == "deleted recommendation":
        theme.recommendations.exclude(pk=recommendation.pk).delete()
        RecommendationFactory(theme=theme, body="Weg ermee.").delete()
    elif change == "reordered themes":
        Theme.objects.filter(pk=theme.pk).update(position=99)
        theme.save(update_fields=["position"])
    elif change == "deleted theme":
        Theme.objects.filter(title="Vakmensen").delete()

    assert frame_version() == frame  # the frames stay
    put_together = pages(client, site["urls"])
    assert put_together == rendered_afresh(client, site["urls"])


def test_a_changed_recommendation_shows_in_the_manifesto_and_in_what_the_parties_did(client, site):
    pages(client, site["urls"])
    site["recommendation"].lead = "Ruimte voor de maakindustrie."
    site["recommendation"].save()

    middelburg = pages(client, site["urls"][:1])[0]

    manifesto, parties = middelburg.split('<section class="party-results"')
    assert "Ruimte voor de maakindustrie." in manifesto
    assert "Ruimte voor de maakindustrie." in parties
    assert "Genoeg bedrijventerrein." not in middelburg


def test_a_page_put_together_costs_no_query_once_its_parts_are_rendered(client, site):
    """After a change of a recommendation the next page that shows the same edition reads
    nothing: its frame is stored, the edition's block was rendered by the first page."""
    middelburg, _goes, province = site["urls"]
    pages(client, [middelburg, province])
    site["recommendation"].body = "Maak ruimte voor de maakindustrie."
    site["recommendation"].save()
    pages(client, [middelburg])

    with page_queries() as queries:
        page = pages(client, [province])[0]

    assert "Maak ruimte voor de maakindustrie." in page
    assert len(queries) == 0


def test_a_frame_that_cannot_be_put_together_is_left_to_the_view(client, site, monkeypatch, caplog):
    pages(client, site["urls"])
    site["recommendation"].body = "Maak ruimte voor de maakindustrie."
    site["recommendation"].save()

    def broken(*arguments):
        raise KeyError("a part of another release")

    monkeypatch.setitem(page_frames._parts, "edition", broken)
    page = pages(client, site["urls"][:1])[0]

    assert "Maak ruimte voor de maakindustrie." in page
    assert "could not be put together" in caplog.text


def test_after_any_other_change_the_whole_page_is_rendered_again(client, site):
    pages(client, site["urls"])
    frame = frame_version()

    Campaign.objects.filter(pk=site["campaign"].pk).update(tagline="Maak het mogelijk.")
    site["campaign"].refresh_from_db()
    site["campaign"].save()

    assert frame_version() != frame
    assert all("Maak het mogelijk." in page for page in pages(client, site["urls"]))


class TestWriteRequests:
    def test_an_editor_saving_a_theme_with_its_recommendations_keeps_the_frames(self, client, site):
        theme = ThemeFactory(edition=site["theme"].edition, title="Energie")
        RecommendationFactory(theme=theme, body="Een netaansluiting binnen een jaar.")
        pages(client, site["urls"])
        frame = frame_version()
        client.force_login(UserFactory(staff=True, role=EDITOR))

        response = client.post(
            reverse("admin:manifestos_theme_change", args=[theme.pk]),
            _theme_form(theme, body="Een netaansluiting binnen een half jaar."),
        )
        client.logout()

        assert response.status_code == 302, response.content.decode()[:2000]
        assert frame_version() == frame
        page = pages(client, site["urls"][:1])[0]
        assert "Een netaansluiting binnen een half jaar." in page
        assert page == rendered_afresh(client, site["urls"][:1])[0]

    def test_a_write_of_anything_else_renews_the_frames(self, client, site):
        pages(client, site["urls"])
        frame = frame_version()
        client.force_login(UserFactory(superuser=True))

        Recommendation.objects.filter(pk=site["recommendation"].pk).update(body="Bulk.")
        client.post(reverse("admin:password_change"), {})

        assert frame_version() != frame
        assert "Bulk." in pages(client, site["urls"][:1])[0]

    @pytest.mark.parametrize(
        ("statements", "change"),
        [
            (['UPDATE "manifestos_recommendation" SET "body" = %s WHERE "id" = %s'], "parts"),
            (['DELETE FROM "manifestos_theme" WHERE "id" IN (%s)'], "parts"),
            (
                [
                    'INSERT INTO "manifestos_theme" ("title") VALUES (%s)',
                    'UPDATE "manifestos_edition" SET "updated_at" = %s WHERE "id" = %s',
                    'INSERT INTO "django_admin_log" ("action_time") VALUES (%s)',
                ],
                "parts",
            ),
            (['UPDATE "manifestos_edition" SET "title" = %s WHERE "id" = %s'], "all"),
            (
                [
                    'UPDATE "manifestos_recommendation" SET "body" = %s WHERE "id" = %s',
                    'UPDATE "regions_contact" SET "phone" = %s WHERE "id" = %s',
                ],
                "all",
            ),
            (['UPDATE "manifestos_recommendation" SET "body" = %s', "VACUUM"], "all"),
            (['INSERT INTO "django_session" ("session_key") VALUES (%s)'], "all"),
            (
                [
                    'UPDATE "manifestos_theme" SET "title" = \'x\'; '
                    'UPDATE "campaigns_campaign" SET "name" = \'y\''
                ],
                "all",
            ),
            ([], "all"),
        ],
    )
    def test_what_a_request_wrote_decides(self, statements, change):
        writes = page_cache._WritesSeen()
        for sql in statements:
            writes(lambda *arguments: None, sql, (), False, {})

        assert writes.change == change


def _changes_of_the_version(store, stored):
    """The frame version stays with a change of parts and moves with any other; `stored()`
    reads what the store holds now."""
    first = store.get()

    parts = store.bump(change=page_cache.PARTS)
    everything = store.bump()
    scheduled = store.with_schedule(everything, 1e10)
    later = store.with_schedule(parts, 2e10)

    assert parts.token != first.token and parts.frame == first.frame
    assert everything.frame == everything.token != first.frame
    # Its schedule read, a version stays itself: the pages stored under it stay too.
    assert (scheduled.token, scheduled.frame) == (everything.token, everything.frame)
    assert scheduled.next_change == 1e10
    # An older version's schedule never replaces a newer version.
    assert later == scheduled == stored()


class TestTheFrameVersion:
    def test_in_a_file(self, tmp_path):
        store = page_cache._FileToken(tmp_path / "content-version")
        _changes_of_the_version(store, store.get)

    @pytest.mark.parametrize("held", ["1796-ab 1.0", "", None])
    def test_a_file_of_an_older_release_or_none_is_replaced(self, tmp_path, held):
        """An older release's version (two fields), an empty file or none at all: reading
        the schedule starts a version, without waiting for its own lock."""
        path = tmp_path / "content-version"
        if held is not None:
            path.write_text(held)
        store = page_cache._FileToken(path)
        stale = page_cache._Version("1796-ab", "1796-ab", None)

        done = []
        thread = threading.Thread(target=lambda: done.append(store.with_schedule(stale, 5.0)))
        thread.start()
        thread.join(timeout=10)

        assert done, "with_schedule did not return"
        assert done[0] == page_cache._Version.parse(path.read_text())
        assert done[0].next_change == 5.0 and done[0].token != "1796-ab"

    def test_in_redis(self, redis_cache):
        store = page_cache._token_backend()
        assert isinstance(store, page_cache._CacheToken)
        _changes_of_the_version(store, page_cache._CacheToken()._read)

    def test_a_shared_cache_other_than_redis_is_refused(self):
        database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c"}
        with (
            override_settings(CACHES={"default": database}),
            pytest.raises(ImproperlyConfigured, match="redis://"),
        ):
            page_cache._token_store()

    def test_a_deployment_starts_a_new_version(self, client, site):
        pages(client, site["urls"])
        before = page_cache.current_version()

        post_migrate.send(
            sender=apps.get_app_config("manifestos"),
            app_config=apps.get_app_config("manifestos"),
            verbosity=0,
            interactive=False,
            using=connection.alias,
            apps=apps,
            plan=[],
        )

        after = page_cache.current_version()
        assert after.token != before.token and after.frame != before.frame
