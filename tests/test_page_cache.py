"""Stored public pages: served again without work, and never older than the content.

Each test of invalidation reads a page (so it is stored), changes something the way
staff or a regiomanager would, and asserts the very next request shows the change.
"""

import datetime
import gzip
import multiprocessing
import time

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from redis import Redis

from config import page_cache
from config.page_cache import _TOKEN_KEY
from config.roles import EDITOR, REGIOMANAGER
from manifestos.models import Recommendation
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    DistrictFactory,
    EditionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import page_html
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """A published campaign whose municipality page shows one recommendation and a
    regiomanager's card (the district's contact)."""
    district = DistrictFactory(name="West")
    province = ProvinceFactory(district=district)
    municipality = MunicipalityFactory(province=province)
    campaign = CampaignFactory()
    recommendation = RecommendationFactory(
        theme=ThemeFactory(edition=EditionFactory(campaign=campaign)),
        body="Zorg voor voldoende bedrijventerreinen.",
    )
    regiomanager = UserFactory(staff=True, role=REGIOMANAGER)
    contact = ContactFactory(district=district, user=regiomanager, phone="06 - 111 111 11")
    return {
        "campaign": campaign,
        "municipality": municipality,
        "recommendation": recommendation,
        "contact": contact,
        "regiomanager": regiomanager,
        "url": f"/{campaign.slug}/gemeente/{municipality.slug}/",
    }


def text(response):
    return response.content.decode()


class TestStoredPages:
    def test_a_second_visit_costs_no_query_and_shows_the_same_page(self, client, site):
        first = client.get(site["url"])
        with page_queries() as queries:
            second = client.get(site["url"])

        assert second.status_code == 200
        assert len(queries) == 0
        assert second.content == first.content

    def test_visitors_who_accept_gzip_get_it_compressed(self, client, site):
        plain = client.get(site["url"])
        compressed = client.get(site["url"], headers={"accept-encoding": "gzip, br"})

        assert compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content) == plain.content
        assert len(compressed.content) < len(plain.content) / 2
        assert "Content-Encoding" not in plain
        assert "Accept-Encoding" in compressed["Vary"]

    def test_an_unchanged_page_is_not_sent_again(self, client, site):
        first = client.get(site["url"])

        by_etag = client.get(site["url"], headers={"if-none-match": first["ETag"]})
        by_date = client.get(site["url"], headers={"if-modified-since": first["Last-Modified"]})

        assert by_etag.status_code == 304
        assert by_etag.content == b""
        assert by_date.status_code == 304

    def test_a_changed_page_is_sent_in_full_with_a_new_etag(self, client, site):
        first = client.get(site["url"])
        site["recommendation"].body = "Zorg voor betaalbare bedrijventerreinen."
        site["recommendation"].save()

        again = client.get(site["url"], headers={"if-none-match": first["ETag"]})

        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]
        assert "betaalbare bedrijventerreinen" in text(again)

    def test_different_addresses_are_different_pages(self, client, site):
        campaign = site["campaign"]
        other = MunicipalityFactory(province=site["municipality"].province, name="Anderdorp")

        client.get(site["url"])
        response = client.get(f"/{campaign.slug}/gemeente/{other.slug}/")

        assert "Anderdorp" in text(response)

    def test_the_search_results_follow_the_query(self, client, site):
        found = client.get("/zoeken/", {"q": "bedrijventerreinen"})
        nothing = client.get("/zoeken/", {"q": "kernenergie"})

        assert "bedrijventerreinen" in text(found)
        assert found.content != nothing.content


class TestWhileTheDatabaseIsDown:
    def test_stored_pages_are_still_served(self, client, site, monkeypatch):
        def unreachable(now):
            raise OperationalError("connection refused")

        # A change was made, and then the database went away before any request read the
        # publication schedule of the new content version.
        monkeypatch.setattr(page_cache, "_next_scheduled_change", unreachable)
        page_cache.content_changed()
        client.get(site["url"])
        Recommendation.objects.filter(pk=site["recommendation"].pk).update(body="Nog niet te zien.")

        response = client.get(site["url"])
        assert response.status_code == 200
        assert "voldoende bedrijventerreinen" in text(response)

        # Back again: the schedule is read, a new version starts and the page is current.
        monkeypatch.undo()
        assert "Nog niet te zien." in text(client.get(site["url"]))

    def test_a_stored_page_costs_no_query_at_all(self, client, site):
        client.get(site["url"])

        with CaptureQueriesContext(connection) as queries:
            response = client.get(site["url"])

        assert response.status_code == 200
        assert len(queries) == 0


class TestHeaders:
    def test_a_public_page_may_be_kept_briefly_by_shared_caches(self, client, site):
        response = client.get(site["url"])

        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert "public" in directives
        assert "max-age=0" in directives
        assert f"s-maxage={page_cache.PUBLIC_SHARED_MAX_AGE}" in directives
        assert f"stale-while-revalidate={page_cache.PUBLIC_STALE_WHILE_REVALIDATE}" in directives
        assert response["ETag"].startswith('"')
        assert "Last-Modified" in response

    @pytest.mark.parametrize("url", ["/admin/login/", "/admin/", "/readyz"])
    def test_the_back_office_and_the_probes_are_never_stored(self, client, site, url):
        client.force_login(UserFactory(superuser=True))

        response = client.get(url)

        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]

    def test_a_preview_is_private_and_never_stored(self, client, site):
        draft = CampaignFactory(draft=True)
        EditionFactory(campaign=draft)
        client.force_login(UserFactory(superuser=True))

        response = client.get(f"/voorbeeld/{draft.slug}/")
        client.logout()

        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert client.get(f"/{draft.slug}/").status_code == 404

    def test_a_page_that_sets_a_cookie_is_not_stored(self, rf, site):
        def view(request):
            response = page_cache.public_page(lambda request: _html("persoonlijk"))(request)
            response.set_cookie("bezoeker", "1")
            return response

        middleware = page_cache.PageCacheMiddleware(view)
        middleware(rf.get("/persoonlijk/"))

        served = page_cache.PageCacheMiddleware(lambda request: _html("anders"))
        assert served(rf.get("/persoonlijk/")).content == b"anders"

    def test_a_page_that_varies_per_visitor_is_not_stored(self, rf, site):
        def view(request):
            response = page_cache.public_page(lambda request: _html("persoonlijk"))(request)
            response["Vary"] = "Cookie"
            return response

        page_cache.PageCacheMiddleware(view)(rf.get("/per-bezoeker/"))

        served = page_cache.PageCacheMiddleware(lambda request: _html("anders"))
        assert served(rf.get("/per-bezoeker/")).content == b"anders"


def _html(body):
    from django.http import HttpResponse

    return HttpResponse(body, content_type="text/html; charset=utf-8")


class TestChangesAreVisibleOnTheNextRequest:
    def test_an_editor_changes_a_recommendation_in_the_admin(self, client, site):
        recommendation = site["recommendation"]
        assert "voldoende bedrijventerreinen" in text(client.get(site["url"]))
        client.force_login(UserFactory(staff=True, role=EDITOR))
        theme = recommendation.theme

        response = client.post(
            reverse("admin:manifestos_theme_change", args=[theme.pk]),
            _theme_form(theme, body="Zorg voor betaalbare bedrijventerreinen."),
        )
        client.logout()

        assert response.status_code == 302, response.content.decode()[:2000]
        page = text(client.get(site["url"]))
        assert "betaalbare bedrijventerreinen" in page
        assert "voldoende bedrijventerreinen" not in page

    def test_a_regiomanager_changes_the_phone_number_on_their_card(self, client, site):
        contact = site["contact"]
        assert "06 - 111 111 11" in text(client.get(site["url"]))
        client.force_login(site["regiomanager"])

        response = client.post(
            reverse("admin:regions_contact_change", args=[contact.pk]),
            {"email": contact.email, "phone": "06 - 999 999 99", "bio": "", "photo": ""},
        )
        client.logout()

        assert response.status_code == 302
        page = text(client.get(site["url"]))
        assert "06 - 999 999 99" in page
        assert "06 - 111 111 11" not in page

    def test_a_write_that_sends_no_signal_through_the_admin_still_counts(self, client, site):
        """QuerySet.update() and bulk_create() send no signals: any write request of a
        logged-in user changes the content version, whatever it wrote."""
        client.get(site["url"])
        client.force_login(UserFactory(superuser=True))

        Recommendation.objects.filter(pk=site["recommendation"].pk).update(
            body="Een bulkwijziging."
        )
        client.post(reverse("admin:password_change"), {})

        assert "Een bulkwijziging." in text(client.get(site["url"]))

    def test_a_deleted_theme_disappears(self, client, site):
        client.get(site["url"])

        site["recommendation"].theme.delete()

        assert "voldoende bedrijventerreinen" not in text(client.get(site["url"]))

    def test_an_unpublished_campaign_is_gone_at_once(self, client, site):
        campaign = site["campaign"]
        assert client.get(site["url"]).status_code == 200

        campaign.status = campaign.Status.DRAFT
        campaign.save()

        assert client.get(site["url"]).status_code == 404

    def test_a_scheduled_campaign_appears_when_its_moment_passes(self, client, site, monkeypatch):
        later = CampaignFactory(scheduled=True)
        EditionFactory(campaign=later)
        url = f"/{later.slug}/"
        assert client.get(url).status_code == 404
        assert client.get("/").content.decode().count(later.name) == 0

        moment = later.published_at + datetime.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: moment)

        assert client.get(url).status_code == 200
        assert later.name in page_html(client.get("/"))

    def test_a_scheduled_edition_appears_when_its_moment_passes(self, client, site, monkeypatch):
        municipality = site["municipality"]
        EditionFactory(
            campaign=site["campaign"],
            municipality=municipality,
            title="Eigen editie van de gemeente",
            published_at=timezone.now() + datetime.timedelta(hours=2),
        )
        assert "Eigen editie van de gemeente" not in text(client.get(site["url"]))

        moment = timezone.now() + datetime.timedelta(hours=3)
        monkeypatch.setattr(timezone, "now", lambda: moment)

        assert "Eigen editie van de gemeente" in text(client.get(site["url"]))

    def test_an_import_of_all_content_replaces_what_is_shown(self, client, demo_content, tmp_path):
        from django.core.management import call_command

        url = "/gr2026/gemeente/s-gravenhage/"
        assert client.get(url).status_code == 200
        export = tmp_path / "inhoud.json"
        call_command("export_content", output=str(export))
        document = export.read_text().replace(
            "Koninklijke Metaalunie", "Koninklijke Metaalunie (gewijzigd)"
        )
        export.write_text(document)

        call_command("import_content", str(export), replace=True)

        assert "Koninklijke Metaalunie (gewijzigd)" in text(client.get(url))


def _theme_form(theme, *, body):
    """The admin change form of `theme` as the browser posts it, with one recommendation."""
    recommendation = theme.recommendations.get()
    prefix = "recommendations"
    return {
        "edition": theme.edition_id,
        "parent": "",
        "position": theme.position,
        "title": theme.title,
        "intro": theme.intro,
        "facts_title": "",
        "facts": "",
        "quote": "",
        "quote_author": "",
        "quote_author_role": "",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": recommendation.pk,
        f"{prefix}-0-theme": theme.pk,
        f"{prefix}-0-position": recommendation.position,
        f"{prefix}-0-lead": recommendation.lead,
        f"{prefix}-0-body": body,
        f"{prefix}-0-points": recommendation.points,
        f"{prefix}-0-conclusion": recommendation.conclusion,
    }


class TestTheContentVersion:
    def test_every_process_on_the_machine_sees_a_change(self, tmp_path):
        path = tmp_path / "content-version"
        one, other = page_cache._FileToken(path), page_cache._FileToken(path)
        before = other.get()

        one.bump()

        assert other.get() != before
        assert other.get() == one.get()

    def test_with_a_shared_cache_the_version_lives_in_it(self, client, site, redis_cache):
        client.get(site["url"])
        stored = Redis.from_url("redis://127.0.0.1:6379/1").get(cache.make_key(_TOKEN_KEY))
        assert stored is not None

        site["recommendation"].body = "Gedeeld tussen servers."
        site["recommendation"].save()

        assert page_cache._CacheToken().get().serialized() != stored.decode()
        assert "Gedeeld tussen servers." in text(client.get(site["url"]))
        with page_queries() as queries:
            client.get(site["url"])
        assert len(queries) == 0


def _in_another_worker(function):
    """Runs `function` in a forked process that starts as a new gunicorn worker does: with
    nothing of this process's memory of pages. Returns what it returns."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def worker():
        # A forked child has a copy of this process's memory; a worker that gunicorn's
        # master forks has nothing stored in it.
        for memory in locmem._caches.values():
            memory.clear()
        page_cache.reset_token_backend()
        results.put(function())

    process = context.Process(target=worker)
    process.start()
    result = results.get(timeout=30)
    process.join(timeout=30)
    return result


def _page_view(body, rendered):
    def view(request):
        rendered.append(body)
        return page_cache.public_page(lambda request: _html(body))(request)

    return view


class TestSharedByTheWorkersOfAMachine:
    def test_a_page_stored_by_one_worker_is_served_by_another(self, rf, machine_cache):
        rendered = []
        first = page_cache.PageCacheMiddleware(_page_view("eerste", rendered))
        assert first(rf.get("/gedeeld/")).content == b"eerste"

        def another_worker():
            rendered = []
            served = page_cache.PageCacheMiddleware(_page_view("tweede", rendered))
            return served(rf.get("/gedeeld/")).content, rendered

        assert _in_another_worker(another_worker) == (b"eerste", [])

    def test_a_change_in_one_worker_is_fresh_in_every_other(self, rf, machine_cache):
        page_cache.PageCacheMiddleware(_page_view("oud", []))(rf.get("/gedeeld/"))
        assert (
            _in_another_worker(
                lambda: (
                    page_cache.PageCacheMiddleware(_page_view("tweede", []))(
                        rf.get("/gedeeld/")
                    ).content
                )
            )
            == b"oud"
        )

        _in_another_worker(page_cache.content_changed)

        # This worker read the page before and still has it in memory: the new version
        # makes it unreachable there too.
        served = page_cache.PageCacheMiddleware(_page_view("nieuw", []))
        assert served(rf.get("/gedeeld/")).content == b"nieuw"

    def test_a_real_page_is_served_from_the_shared_cache_without_queries(
        self, client, site, machine_cache
    ):
        first = client.get(site["url"])
        page_cache.reset_token_backend()  # as a worker that never served it

        with CaptureQueriesContext(connection) as queries:
            again = client.get(site["url"])

        assert again.content == first.content
        assert len(queries) == 0


class TestAfterASave:
    def test_the_version_a_save_starts_is_the_one_every_worker_renders_for(
        self, client, site, machine_cache, django_capture_on_commit_callbacks
    ):
        """The save reads the publication schedule of the version it starts. Were it left
        to the first requests, every worker taking one would read it and start a version
        of its own, each making the pages the others had just rendered unreachable."""
        client.get(site["url"])
        with django_capture_on_commit_callbacks(execute=True):
            site["recommendation"].body = "Na het opslaan."
            site["recommendation"].save()
        after_the_save = page_cache._token_backend().get()

        assert "Na het opslaan." in text(client.get(site["url"]))
        assert _in_another_worker(page_cache.current_token) == after_the_save.token
        assert page_cache.current_token() == after_the_save.token


class TestWhatPagesShare:
    """With the production cache, a campaign is read once per content version for all its
    pages (manifestos.views._campaign_or_404; what else pages share: test_shared_parts.py),
    and a change to it shows on the next page all the same."""

    def test_a_renamed_campaign_is_renamed_on_the_next_page(self, client, site, machine_cache):
        campaign = site["campaign"]
        other = MunicipalityFactory(province=site["municipality"].province)
        client.get(site["url"])

        campaign.name = "Gemeenteraadsverkiezingen, hernoemd"
        campaign.save()

        page = text(client.get(f"/{campaign.slug}/gemeente/{other.slug}/"))
        assert "Gemeenteraadsverkiezingen, hernoemd" in page

    def test_an_unpublished_campaign_is_gone_from_every_page_at_once(
        self, client, site, machine_cache
    ):
        campaign = site["campaign"]
        other = MunicipalityFactory(province=site["municipality"].province)
        client.get(site["url"])

        campaign.status = campaign.Status.DRAFT
        campaign.save()

        assert client.get(f"/{campaign.slug}/gemeente/{other.slug}/").status_code == 404


class TestRecentPagesInMemory:
    def test_what_a_worker_keeps_in_memory_is_bounded(self):
        recent = page_cache._RecentPages(limit=2500)
        pages = {
            key: page_cache._StoredPage(200, (), b"x" * 1000, False, '"e"', 0)
            for key in ("a", "b", "c")
        }
        recent.put("a", pages["a"])
        recent.put("b", pages["b"])
        recent.get("a")  # used lately: kept
        recent.put("c", pages["c"])

        assert recent.get("a") is pages["a"]
        assert recent.get("b") is None
        assert recent.get("c") is pages["c"]
        assert recent.size <= 2500


def _following(store):
    """Waits (at most 5 s) until `store`'s thread follows the version's channel."""
    deadline = time.monotonic() + 5
    while store._known is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store._known is not None, "the content version's channel is not followed"


class TestWithRedis:
    def test_a_stored_page_costs_no_round_trip(self, client, site, redis_cache, monkeypatch):
        first = client.get(site["url"])
        _following(page_cache._token_backend())
        client.get(site["url"])
        commands = []
        execute = Redis.execute_command

        def counted(self, *args, **options):
            commands.append(args[0])
            return execute(self, *args, **options)

        monkeypatch.setattr(Redis, "execute_command", counted)
        again = client.get(site["url"])

        assert again.content == first.content
        # The content version is announced to every worker; the page is in its memory.
        assert commands == []

    def test_a_change_on_another_server_is_followed(self, client, site, redis_cache):
        assert "voldoende bedrijventerreinen" in text(client.get(site["url"]))
        store = page_cache._token_backend()
        _following(store)
        before = store.get()

        other_server = page_cache._CacheToken()
        changed = other_server.bump(other_server.get().next_change)
        Recommendation.objects.filter(pk=site["recommendation"].pk).update(body="Elders.")

        deadline = time.monotonic() + 5
        while store.get() == before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store.get() == changed
        assert "Elders." in text(client.get(site["url"]))
        other_server.stop()

    def test_while_the_channel_is_not_followed_every_request_asks_redis(
        self, client, site, redis_cache
    ):
        store = page_cache._token_backend()
        client.get(site["url"])
        store.stop()
        deadline = time.monotonic() + 5
        while store._known is not None and time.monotonic() < deadline:
            time.sleep(0.01)

        Recommendation.objects.filter(pk=site["recommendation"].pk).update(body="Gevraagd.")
        page_cache._CacheToken().bump(float("inf"))

        assert "Gevraagd." in text(client.get(site["url"]))

    def test_an_unreadable_version_in_redis_is_replaced(self, client, site, redis_cache):
        Redis.from_url("redis://127.0.0.1:6379/1").set(cache.make_key(_TOKEN_KEY), b"\x80\x04")

        assert client.get(site["url"]).status_code == 200
        assert page_cache._CacheToken()._read().frame

    def test_a_page_stored_by_another_server_is_served(self, client, site, redis_cache):
        first = client.get(site["url"])
        page_cache.reset_token_backend()  # as another server, which never served it
        Recommendation.objects.filter(pk=site["recommendation"].pk).update(body="Niet gezien.")

        assert client.get(site["url"]).content == first.content
