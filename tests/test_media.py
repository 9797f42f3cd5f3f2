"""Uploaded files follow their content (config/media.py, config/renditions.py).

Who may fetch a file is who may see its owner: a draft's flyer and image are a 404 for
visitors and there for staff who preview it; a replaced, cleared or deleted file is
gone once the change is committed, and stays when it is rolled back; a file that went
missing leaves its image out of the page, which still answers 200.
"""

import datetime
import logging
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from campaigns.models import Campaign
from config import media, page_cache
from config.renditions import rendition_name
from config.roles import REGIOMANAGER, roles_sync
from manifestos.transfer.export import content_export
from manifestos.transfer.importer import content_import
from regions.models import Contact
from tests.factories import CampaignFactory, ContactFactory, EditionFactory, UserFactory
from tests.html import attr, attrs, find_all, parse_page, text
from tests.images import image_bytes
from tests.pdfs import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_flyer(campaign):
    campaign.flyer.save("flyer.pdf", ContentFile(real_pdf()))
    return campaign


def with_image(campaign):
    campaign.image_alt = "Een lasser aan het werk"
    campaign.image.save("beeld.jpg", ContentFile(image_bytes(size=(1600, 900))))
    return campaign


def with_photo(contact):
    contact.photo.save("foto.jpg", ContentFile(image_bytes()))
    return contact


def publish(campaign):
    campaign.status = Campaign.Status.PUBLISHED
    campaign.published_at = campaign.published_at or datetime.datetime(
        2026, 1, 5, tzinfo=datetime.UTC
    )
    campaign.save()


def images_on(response):
    """The uploaded images on the page (the site's own wordmark aside)."""
    images = [attrs(img) for img in find_all(parse_page(response), "img")]
    return [image for image in images if not image["src"].startswith("/static/")]


# --- who may fetch a file ---------------------------------------------------------------


class TestACampaignsFiles:
    def test_a_drafts_flyer_is_a_404_for_visitors_and_public_with_the_campaign(self, client):
        campaign = with_flyer(CampaignFactory(draft=True))
        url = campaign.flyer.url

        assert client.get(url).status_code == 404

        publish(campaign)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == real_pdf()
        assert response["Content-Type"] == "application/pdf"
        assert "public" in response["Cache-Control"]

    def test_staff_previewing_a_draft_get_its_flyer_privately(self, admin_client):
        campaign = with_flyer(CampaignFactory(draft=True))

        preview = admin_client.get(f"/voorbeeld/{campaign.slug}/")
        links = {text(a): attr(a, "href") for a in find_all(parse_page(preview), "a")}
        response = admin_client.get(links["Download de flyer (pdf)"])

        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}

    def test_a_scheduled_campaigns_image_appears_at_its_moment(self, client, clock):
        clock.set(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC))
        campaign = CampaignFactory(
            published_at=datetime.datetime(2026, 1, 6, 9, tzinfo=datetime.UTC)
        )
        with_image(campaign)
        rendition = "/media/" + rendition_name(campaign.image.name, 640)

        assert client.get(campaign.image.url).status_code == 404
        assert client.get(rendition).status_code == 404

        clock.set(datetime.datetime(2026, 1, 6, 9, 1, tzinfo=datetime.UTC))
        assert client.get(campaign.image.url).status_code == 200
        response = client.get(rendition)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"

    def test_only_the_widths_the_pages_use_are_made(self, client):
        campaign = with_image(CampaignFactory())

        assert client.get("/media/" + rendition_name(campaign.image.name, 1280)).status_code == 200
        assert client.get("/media/" + rendition_name(campaign.image.name, 4000)).status_code == 404
        assert not default_storage.exists(rendition_name(campaign.image.name, 4000))

    def test_no_rendition_is_made_of_a_flyer(self, client):
        campaign = with_flyer(CampaignFactory())

        assert client.get("/media/" + rendition_name(campaign.flyer.name, 320)).status_code == 404

    @pytest.mark.parametrize(
        "path",
        [
            "/media/flyers/../flyers/flyer.pdf",
            "/media/flyers//flyer.pdf",
            "/media/%2e%2e/settings.py",
            "/media/flyers/verweesd.pdf",
        ],
    )
    def test_a_file_no_content_names_is_a_404(self, client, path):
        with_flyer(CampaignFactory())
        default_storage.save("flyers/verweesd.pdf", ContentFile(real_pdf()))

        assert client.get(path).status_code == 404


class TestAContactsPhoto:
    def test_a_district_contacts_photo_is_public(self, client):
        contact = with_photo(ContactFactory())

        assert client.get(contact.photo.url).status_code == 200

    def test_the_photo_of_a_card_only_a_draft_names_is_not(self, client, admin_client):
        contact = with_photo(ContactFactory(central=True))
        campaign = CampaignFactory(draft=True, central_contact=contact)

        assert client.get(contact.photo.url).status_code == 404
        assert admin_client.get(contact.photo.url).status_code == 200

        publish(campaign)
        assert client.get(contact.photo.url).status_code == 200

    def test_a_regiomanager_sees_their_own_photo_and_no_one_elses(self, client):
        roles_sync()
        manager = UserFactory(staff=True, role=REGIOMANAGER)
        own = with_photo(ContactFactory(central=True, user=manager))
        other = with_photo(ContactFactory(central=True))
        CampaignFactory(draft=True, central_contact=other)
        client.force_login(manager)

        assert client.get(own.photo.url).status_code == 200
        assert client.get(other.photo.url).status_code == 404


# --- a file goes with its content --------------------------------------------------------


class TestReplacedClearedDeleted:
    def test_a_replaced_flyer_is_deleted_when_the_change_commits(
        self, client, django_capture_on_commit_callbacks
    ):
        campaign = with_flyer(CampaignFactory())
        old_name, old_url = campaign.flyer.name, campaign.flyer.url

        with django_capture_on_commit_callbacks(execute=True):
            campaign.flyer.save("flyer.pdf", ContentFile(real_pdf(size_bytes=2000)))

        assert campaign.flyer.name != old_name
        assert not default_storage.exists(old_name)
        assert client.get(old_url).status_code == 404
        assert client.get(campaign.flyer.url).status_code == 200

    def test_clearing_a_photo_in_the_admin_deletes_it_and_its_renditions(
        self, admin_client, client, django_capture_on_commit_callbacks
    ):
        contact = with_photo(ContactFactory())
        EditionFactory(contact=contact)
        page = client.get(reverse("manifestos:campaign-detail", args=[Campaign.objects.get().slug]))
        assert [img for img in images_on(page) if "foto" in img["src"]]
        made = [rendition_name(contact.photo.name, width) for width in (160, 320)]
        assert all(default_storage.exists(name) for name in made)
        url = reverse("admin:regions_contact_change", args=[contact.pk])
        form = {
            "name": contact.name,
            "slug": contact.slug,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "bio": "",
            "district": contact.district_id,
            "photo-clear": "on",
        }

        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, form)

        assert response.status_code == 302
        contact.refresh_from_db()
        assert not contact.photo
        assert list(media_files()) == []

    def test_deleting_the_campaign_deletes_its_files(self, django_capture_on_commit_callbacks):
        campaign = with_image(with_flyer(CampaignFactory()))
        names = [campaign.flyer.name, campaign.image.name]

        with django_capture_on_commit_callbacks(execute=True):
            campaign.delete()

        assert not any(default_storage.exists(name) for name in names)

    def test_a_rolled_back_change_keeps_the_file(self, django_capture_on_commit_callbacks):
        campaign = with_flyer(CampaignFactory())
        name = campaign.flyer.name

        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            Campaign.objects.get(pk=campaign.pk).delete()
            raise RuntimeError("rolled back")

        assert callbacks == []
        assert default_storage.exists(name)

    def test_a_file_another_row_names_is_kept(self, django_capture_on_commit_callbacks):
        first = with_image(CampaignFactory())
        second = CampaignFactory(image=first.image.name, image_alt="Dezelfde")

        with django_capture_on_commit_callbacks(execute=True):
            first.delete()

        assert default_storage.exists(second.image.name)
        assert media.is_referenced(second.image.name)

    def test_replacing_all_content_by_an_import_keeps_the_files_it_names(
        self, demo_content, django_capture_on_commit_callbacks
    ):
        contact = with_photo(Contact.objects.get(slug="monique-van-der-voort"))
        campaign = with_image(Campaign.objects.get(slug="gr2026"))
        exported = content_export()

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            content_import(data=exported, replace=True)

        assert callbacks, "the replaced rows' files were up for deletion"
        assert default_storage.exists(contact.photo.name)
        assert default_storage.exists(campaign.image.name)
        assert Contact.objects.get(slug="monique-van-der-voort").photo.name == contact.photo.name


def media_files():
    directories, files = default_storage.listdir("")
    stack = list(directories)
    yield from files
    while stack:
        folder = stack.pop()
        subfolders, names = default_storage.listdir(folder)
        stack.extend(f"{folder}/{sub}" for sub in subfolders)
        yield from (f"{folder}/{name}" for name in names)


# --- a missing file is no error ----------------------------------------------------------


class TestAMissingFile:
    def test_the_campaign_page_leaves_the_image_out_and_logs_it_once(self, client, caplog):
        campaign = with_image(CampaignFactory())
        default_storage.delete(campaign.image.name)

        with caplog.at_level(logging.WARNING, logger="config.renditions"):
            for _ in range(3):
                page_cache.content_changed()  # rendered again each time, not stored
                response = client.get(campaign.get_absolute_url())
                assert response.status_code == 200
                assert not images_on(response)

        logged = [record for record in caplog.records if campaign.image.name in record.getMessage()]
        assert len(logged) == 1

    def test_a_rendition_that_went_missing_is_made_again(self, client):
        contact = with_photo(ContactFactory())
        EditionFactory(contact=contact)
        client.get(Campaign.objects.get().get_absolute_url())
        name = rendition_name(contact.photo.name, 160)
        default_storage.delete(name)

        response = client.get(f"/media/{name}")

        assert response.status_code == 200
        assert default_storage.exists(name)

    def test_a_rendition_of_a_missing_source_is_a_404_logged_once(self, client, caplog):
        contact = with_photo(ContactFactory())
        url = "/media/" + rendition_name(contact.photo.name, 160)
        default_storage.delete(contact.photo.name)

        with caplog.at_level(logging.WARNING):
            statuses = [client.get(url).status_code for _ in range(3)]

        assert statuses == [404, 404, 404]
        logged = [
            record
            for record in caplog.records
            if record.name.startswith("config.") and contact.photo.name in record.getMessage()
        ]
        assert len(logged) == 1

    def test_no_public_page_pdf_or_feed_fails_without_the_media_folder(
        self, client, demo_content, media_root
    ):
        for contact in Contact.objects.all():
            with_photo(contact)
        for campaign in Campaign.objects.all():
            with_flyer(with_image(campaign))
            campaign.save()
        # Some renditions are made and known before the folder goes, others not yet.
        assert images_on(client.get("/ps2023/provincie/noord-holland/"))
        shutil.rmtree(media_root)
        page_cache.content_changed()

        pages = [urlsplit(url).path for url in sitemap_urls(client)]
        assert len(pages) > 400
        failed = {path: status for path in pages if (status := client.get(path).status_code) != 200}
        assert failed == {}
        # The PDF of the page the issue named, and of the first regional page of each campaign.
        region_pages = {"ps2023": "/ps2023/provincie/noord-holland/"}
        for path in pages:
            campaign_slug, _, rest = path.strip("/").partition("/")
            if rest.startswith(("provincie/", "gemeente/")):
                region_pages.setdefault(campaign_slug, path)
        for path in [*region_pages.values(), "/ps2023/provincie/noord-holland/"]:
            response = client.get(f"{path}pdf/")
            assert response.status_code == 200, path
            assert response.content.startswith(b"%PDF")
        assert client.get("/feeds/campagnes.atom").status_code == 200
        assert client.get("/api/v1/contacts/").status_code == 200


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
