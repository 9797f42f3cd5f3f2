"""Uploads in S3-compatible object storage (config/storage.py), against a real server.

CI (`.ci/run`) starts moto's S3 server on 127.0.0.1 and names it in
TEST_S3_ENDPOINT_URL; without that variable the module starts one itself (a free port), so
`make test` runs these tests anywhere the dev dependencies are installed. In CI (CI=true)
a server that does not answer fails the tests instead of skipping them. Each test gets a bucket of
its own. What is checked is what the local folder promises too: uploads land in the
bucket (not on disk), renditions are made from and into it, a replaced file's object is
deleted, a draft's file is a 404 for visitors, a missing object leaves the image out.
"""

import io
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request
import uuid

import boto3
import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import Campaign
from config.renditions import rendition_name
from config.storage import MediaStorage
from tests.campaigns.test_campaign_uploads import change
from tests.factories import CampaignFactory, ContactFactory, EditionFactory, MunicipalityFactory
from tests.images import image_bytes
from tests.pdfs import real_pdf
from tests.test_media import images_on

pytestmark = pytest.mark.django_db

CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}
STARTUP_SECONDS = 60


def _missing(why):
    if os.environ.get("CI"):
        pytest.fail(f"The S3-compatible test server is needed in CI: {why}")
    pytest.skip(f"No S3-compatible test server ({why}); CI runs these tests")


@pytest.fixture(scope="module")
def s3_endpoint():
    """The S3-compatible server CI started, or moto's on 127.0.0.1 for this module."""
    if endpoint := os.environ.get("TEST_S3_ENDPOINT_URL"):
        try:
            urllib.request.urlopen(endpoint, timeout=5).close()
        except OSError as error:
            _missing(f"{endpoint} does not answer: {error}")
        yield endpoint
        return
    try:
        import moto.server  # noqa: F401
    except ImportError as error:
        _missing(f"moto is not installed: {error}")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = queue.Queue()

    def read_log():
        # Reads the server's log to its end, so a full pipe never blocks the server.
        for line in process.stderr:
            if found := re.search(r"Running on (http://127\.0\.0\.1:\d+)", line):
                started.put(found.group(1))
        started.put(None)

    threading.Thread(target=read_log, daemon=True).start()
    try:
        endpoint = started.get(timeout=STARTUP_SECONDS)
    except queue.Empty:
        endpoint = None
    if endpoint is None:
        process.kill()
        _missing(f"moto's server did not start (exit code {process.poll()})")
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket as the default storage; MEDIA_ROOT an empty folder that must stay so."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )
    client.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.MediaStorage",
            "OPTIONS": {"bucket_name": name, "endpoint_url": s3_endpoint, **CREDENTIALS},
        },
    }
    yield Bucket(client, name)
    assert not list(tmp_path.iterdir()), "nothing is written to the local folder"


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def names(self):
        answer = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in answer.get("Contents", [])}


def test_the_storage_is_the_bucket_and_its_urls_are_the_sites_own(bucket):
    name = default_storage.save("flyers/flyer.pdf", ContentFile(real_pdf()))

    assert isinstance(storages["default"], MediaStorage)
    assert bucket.names() == {name}
    assert default_storage.url(name) == f"/media/{name}"


def test_an_image_uploaded_in_the_admin_is_stored_in_the_bucket_with_its_renditions(
    bucket, admin_client, client
):
    campaign = CampaignFactory()
    response = change(
        admin_client,
        campaign,
        image=SimpleUploadedFile("beeld.jpg", image_bytes(size=(1600, 900))),
        image_alt="Een lasser aan het werk",
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.image.name in bucket.names()
    [hero] = images_on(client.get(campaign.get_absolute_url()))
    assert hero["height"] == "648"
    rendition = client.get(hero["src"])
    assert rendition.status_code == 200
    assert rendition["Content-Type"] == "image/webp"
    assert rendition_name(campaign.image.name, 640) in bucket.names()
    assert rendition_name(campaign.image.name, 1280) in bucket.names()


def test_a_replaced_flyer_is_deleted_from_the_bucket(
    bucket, admin_client, client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    campaign.flyer.save("flyer.pdf", ContentFile(real_pdf()))
    old_name, old_url = campaign.flyer.name, campaign.flyer.url

    with django_capture_on_commit_callbacks(execute=True):
        response = change(
            admin_client, campaign, flyer=SimpleUploadedFile("flyer.pdf", real_pdf(2000))
        )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.flyer.name != old_name
    assert bucket.names() == {campaign.flyer.name}
    assert client.get(old_url).status_code == 404
    assert b"".join(client.get(campaign.flyer.url).streaming_content) == real_pdf(2000)


def test_a_drafts_flyer_in_the_bucket_is_a_404_for_visitors(bucket, client, admin_client):
    campaign = CampaignFactory(draft=True)
    campaign.flyer.save("flyer.pdf", ContentFile(real_pdf()))

    assert client.get(campaign.flyer.url).status_code == 404
    assert admin_client.get(campaign.flyer.url).status_code == 200

    campaign.status, campaign.published_at = Campaign.Status.PUBLISHED, timezone.now()
    campaign.save()
    assert client.get(campaign.flyer.url).status_code == 200


def test_a_missing_object_leaves_the_image_out_of_the_page(bucket, client):
    campaign = CampaignFactory(image_alt="Een lasser aan het werk")
    campaign.image.save("beeld.jpg", ContentFile(image_bytes()))
    bucket.client.delete_object(Bucket=bucket.name, Key=campaign.image.name)

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    assert images_on(response) == []


def test_the_pdf_reads_the_contact_photo_from_the_bucket(bucket, client):
    contact = ContactFactory()
    contact.photo.save("foto.jpg", ContentFile(image_bytes()))
    campaign = CampaignFactory()
    EditionFactory(campaign=campaign, contact=contact)
    municipality = MunicipalityFactory()

    response = client.get(f"/{campaign.slug}/gemeente/{municipality.slug}/pdf/")

    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert [image for page in reader.pages for image in page.images]
    assert rendition_name(contact.photo.name, 320) in bucket.names()


def test_the_readiness_check_writes_to_the_bucket(bucket, client):
    response = client.get("/readyz")

    assert response.json() == {"database": "ok", "storage": "ok"}
    assert bucket.names() == set()
