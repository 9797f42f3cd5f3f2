"""Health checks, the page visitors get while the database is down, and request-size limits.

`/healthz` answers without touching the database; `/readyz` names what is down. While
the database is unreachable a page answers a Dutch 503 with Retry-After instead of a
500, and the same page works again once the database is back. A request declaring a
body above the limit is refused with a 413 before its body is read; uploads at their
own limits still go through.
"""

import io
import json
import logging

import pytest
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    SimpleUploadedFile,
    TemporaryUploadedFile,
)
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from config.middleware import RequestSizeLimitMiddleware
from config.roles import REGIOMANAGER
from config.tables import MAX_FILE_BYTES as MAX_IMPORT_BYTES
from config.uploads import MAX_PDF_BYTES
from config.uploads import MAX_UPLOAD_BYTES as MAX_PHOTO_BYTES
from tests.campaigns.test_campaign_uploads import change as campaign_change
from tests.factories import CampaignFactory, ContactFactory, UserFactory
from tests.pdfs import real_pdf

pytestmark = pytest.mark.django_db

SORRY = "We zijn zo terug"


class Outage:
    """From `start()` on, every query fails as if the server refused the connection;
    `end()` (or the end of the test) brings the database back."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def start(self):
        def refuse(connection):
            raise OperationalError("connection refused (simulated)")

        self.monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)

    def end(self):
        self.monkeypatch.undo()


@pytest.fixture
def outage(monkeypatch):
    return Outage(monkeypatch)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_of(size_bytes):
    """A real JPEG, padded after its end marker to exactly `size_bytes`."""
    output = io.BytesIO()
    Image.new("RGB", (1600, 900), (20, 40, 60)).save(output, format="JPEG")
    data = output.getvalue()
    return data + b"\0" * (size_bytes - len(data))


# --- /healthz and /readyz ---------------------------------------------------------------------


def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_ok_while_the_database_is_down(client, outage):
    outage.start()
    assert client.get("/healthz").content == b"ok"


def test_readyz_reports_database_and_storage_ok(client, media):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert list(media.iterdir()) == []


def test_readyz_is_503_and_names_the_database_when_queries_fail(client, media, monkeypatch):
    def fail(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly (simulated)")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", fail)
    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "failed", "storage": "ok"}


def test_readyz_is_503_and_names_the_storage_when_it_cannot_write(client, media, monkeypatch):
    def fail(*args, **kwargs):
        raise PermissionError("read-only file system (simulated)")

    monkeypatch.setattr("django.core.files.storage.default_storage.save", fail)
    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "storage": "failed"}


def test_a_failing_readyz_is_not_logged_as_a_failed_request(client, outage, caplog):
    outage.start()
    with caplog.at_level(logging.WARNING):
        assert client.get("/readyz").status_code == 503

    assert not [record for record in caplog.records if record.name == "django.request"]


def test_the_health_checks_leave_campaign_addresses_alone(client):
    campaign = CampaignFactory(slug="healthz", name="Een campagne met een ongelukkig adres")

    assert client.get("/healthz").content == b"ok"
    assert campaign.name in client.get("/healthz/").content.decode()


def test_the_health_checks_are_not_in_the_sitemap(client):
    CampaignFactory()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "healthz" not in sitemap and "readyz" not in sitemap


# --- the database is down ---------------------------------------------------------------------


def assert_sorry_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert SORRY in response.content.decode()


def test_public_pages_say_we_are_back_soon_and_recover(client, outage):
    campaign = CampaignFactory()
    outage.start()

    assert_sorry_page(client.get("/"))
    assert_sorry_page(client.get(campaign.get_absolute_url()))

    outage.end()
    response = client.get(campaign.get_absolute_url())
    assert response.status_code == 200
    assert campaign.name in response.content.decode()


def test_the_admin_says_the_same_and_recovers(admin_client, outage):
    outage.start()
    assert_sorry_page(admin_client.get(reverse("admin:index")))

    outage.end()
    assert admin_client.get(reverse("admin:index")).status_code == 200


def test_api_clients_get_the_outage_as_json_they_can_read_cross_origin(client, outage):
    CampaignFactory(slug="gr2026")
    outage.start()

    response = client.get("/api/v1/campaigns/gr2026/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert "niet bereikbaar" in response.json()["fout"]
    assert response["Access-Control-Allow-Origin"] == "*"

    outage.end()
    assert client.get("/api/v1/campaigns/gr2026/").status_code == 200


def test_other_errors_are_not_disguised_as_an_outage(client, monkeypatch):
    def broken(self):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", broken)
    with pytest.raises(RuntimeError):
        client.get("/")


# --- request size -----------------------------------------------------------------------------


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_request_declaring_too_large_a_body_is_refused_unread(client):
    too_large = RequestSizeLimitMiddleware.MAX_BODY_BYTES + 1
    response = client.post(
        reverse("admin:login"),
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(too_large),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert "te groot" in response.content.decode()


def test_a_campaign_image_and_flyer_at_their_limits_are_accepted_together(admin_client, media):
    campaign = CampaignFactory()
    response = campaign_change(
        admin_client,
        campaign,
        image=SimpleUploadedFile("beeld.jpg", jpeg_of(MAX_PHOTO_BYTES)),
        image_alt="Een lasser aan het werk",
        flyer=SimpleUploadedFile("flyer.pdf", real_pdf(MAX_PDF_BYTES)),
    )

    assert response.status_code == 302, response.content.decode()[:500]
    campaign.refresh_from_db()
    assert campaign.image and campaign.flyer.size == MAX_PDF_BYTES


def test_a_contact_photo_at_its_limit_is_accepted(client, media):
    user = UserFactory(staff=True, role=REGIOMANAGER)
    card = ContactFactory(user=user)
    client.force_login(user)

    response = client.post(
        reverse("admin:regions_contact_change", args=[card.pk]),
        {
            "email": card.email,
            "phone": card.phone,
            "bio": card.bio,
            "photo": SimpleUploadedFile("foto.jpg", jpeg_of(MAX_PHOTO_BYTES)),
        },
    )

    assert response.status_code == 302, response.content.decode()[:500]
    card.refresh_from_db()
    assert card.photo


def test_an_import_file_at_its_limit_reaches_the_import(admin_client):
    header = b"regio;bron;peildatum;soort;omschrijving;waarde;eenheid\n"
    data = header + b"x" * (MAX_IMPORT_BYTES - len(header))
    response = admin_client.post(
        reverse("admin:regions_regionalfigures_import"),
        {"file": SimpleUploadedFile("cijfers.csv", data)},
    )

    assert response.status_code == 200
    assert "groter dan" not in response.content.decode()


def test_a_chunked_body_without_a_length_is_never_read(client):
    response = client.generic(
        "POST",
        reverse("admin:login"),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": ""},
    )

    assert response.status_code in (200, 403)


def test_a_form_body_above_the_memory_limit_is_refused_with_400(client, settings):
    too_large = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = client.post(
        reverse("admin:login"),
        data=b"username=" + b"x" * too_large,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_a_form_with_too_many_fields_is_refused_with_400(client, settings):
    fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        reverse("admin:login"), data=fields, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400


def test_an_upload_above_the_memory_limit_goes_to_a_temporary_file(settings):
    def uploaded(size):
        request = RequestFactory().post("/admin/", {"f": SimpleUploadedFile("a.jpg", b"x" * size)})
        return request.FILES["f"]

    # The handler decides by the size of the whole request, form overhead included.
    assert isinstance(uploaded(1024), InMemoryUploadedFile)
    assert isinstance(uploaded(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1), TemporaryUploadedFile)
