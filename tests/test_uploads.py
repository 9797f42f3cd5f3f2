"""Contact photos: checked before they are stored, cleaned of metadata, resized once."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from config import renditions as renditions_module
from config import uploads as images
from config.renditions import renditions
from config.roles import REGIOMANAGER
from config.uploads import CleanImageField, image_validate
from tests.factories import CampaignFactory, ContactFactory, EditionFactory, UserFactory
from tests.images import MAKE_TAG, image_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class TestValidation:
    @pytest.mark.parametrize(
        ("name", "image_format"),
        [("foto.jpg", "JPEG"), ("foto.JPEG", "JPEG"), ("foto.png", "PNG"), ("foto.webp", "WEBP")],
    )
    def test_jpeg_png_and_webp_are_accepted(self, name, image_format):
        assert image_validate(upload(name, image_bytes(image_format))) == image_format

    def test_a_file_over_the_size_limit_is_refused(self, monkeypatch):
        monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
        with pytest.raises(Exception, match="te groot"):
            image_validate(upload("foto.jpg", image_bytes(size=(800, 800))))

    def test_a_text_file_named_like_an_image_is_refused(self):
        with pytest.raises(Exception, match="geen geldige afbeelding"):
            image_validate(upload("foto.jpg", b"<script>alert(1)</script>" * 20))

    def test_the_name_must_match_the_content(self):
        with pytest.raises(Exception, match=r"eindigt op \.jpg, maar het is een PNG"):
            image_validate(upload("foto.jpg", image_bytes("PNG")))

    @pytest.mark.parametrize(("name", "image_format"), [("foto.gif", "GIF"), ("foto.bmp", "BMP")])
    def test_other_formats_are_refused(self, name, image_format):
        with pytest.raises(Exception, match="Alleen JPEG-, PNG- of WebP"):
            image_validate(upload(name, image_bytes(image_format)))

    def test_a_gif_renamed_to_png_is_refused(self):
        with pytest.raises(Exception, match=r"Alleen JPEG-, PNG- of WebP|maar het is een GIF"):
            image_validate(upload("foto.png", image_bytes("GIF")))

    def test_too_many_pixels_is_refused(self, monkeypatch):
        monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
        with pytest.raises(Exception, match="te groot \\(200 × 100 pixels\\)"):
            image_validate(upload("foto.png", image_bytes("PNG", size=(200, 100))))

    def test_a_truncated_image_is_refused(self):
        data = image_bytes("PNG")
        with pytest.raises(Exception, match="geen geldige afbeelding"):
            image_validate(upload("foto.png", data[: len(data) // 2]))


def test_the_stored_copy_has_no_metadata():
    original = image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif().get(MAKE_TAG)

    cleaned = CleanImageField().clean(upload("vakantie.jpg", original))

    stored = Image.open(io.BytesIO(cleaned.read()))
    assert stored.format == "JPEG"
    assert stored.size == (400, 300)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info


@pytest.mark.django_db
class TestRegiomanagerUpload:
    @pytest.fixture
    def card(self):
        user = UserFactory(staff=True, role=REGIOMANAGER)
        return ContactFactory(user=user, phone="06 - 111 111 11")

    def post(self, client, card, photo):
        client.force_login(card.user)
        return client.post(
            reverse("admin:regions_contact_change", args=[card.pk]),
            {"email": card.email, "phone": card.phone, "bio": "", "photo": photo},
        )

    def test_a_good_photo_is_stored_cleaned(self, client, card):
        response = self.post(client, card, upload("ik.jpg", image_bytes("JPEG", exif=True)))

        assert response.status_code == 302
        card.refresh_from_db()
        assert card.photo.name.startswith("contacts/ik")
        with card.photo.open("rb") as stored:
            assert dict(Image.open(stored).getexif()) == {}

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("ik.jpg", b"not an image at all", "geen geldige afbeelding"),
            ("ik.jpg", image_bytes("PNG"), "maar het is een PNG"),
            ("ik.gif", image_bytes("GIF"), "Alleen JPEG-, PNG- of WebP"),
        ],
    )
    def test_a_bad_file_gets_a_dutch_error_and_changes_nothing(
        self, client, card, media, name, data, message
    ):
        response = self.post(client, card, upload(name, data))

        assert response.status_code == 200
        assert message in response.content.decode()
        card.refresh_from_db()
        assert not card.photo
        assert not list(media.rglob("*.*"))


@pytest.mark.django_db
def test_renditions_are_made_once_and_reused(monkeypatch):
    contact = ContactFactory()
    contact.photo.save("foto.jpg", CleanImageField().clean(upload("foto.jpg", image_bytes())))
    opened = []
    real_open = Image.open
    monkeypatch.setattr(
        renditions_module.Image, "open", lambda *a, **k: opened.append(1) or real_open(*a, **k)
    )

    [first] = renditions(contact.photo.name, [160])
    [again] = renditions(contact.photo.name, [160])

    assert first == again
    assert first.url == f"/media/renditions/{contact.photo.name}/160.webp"
    assert (first.width, first.height) == (160, 120)
    assert len(opened) == 1
    with default_storage.open(first.name) as rendition:
        assert Image.open(rendition).size == (160, 120)


@pytest.mark.django_db
def test_the_public_contact_card_shows_the_photo_with_a_srcset(client):
    contact = ContactFactory(name="Monique van der Voort")
    contact.photo.save("foto.jpg", CleanImageField().clean(upload("foto.jpg", image_bytes())))
    edition = EditionFactory(campaign=CampaignFactory(election_type="PS"), contact=contact)
    assert edition.province is None

    html = client.get(edition.campaign.get_absolute_url()).content.decode()

    assert 'alt="Foto van Monique van der Voort"' in html
    assert f"/media/renditions/{contact.photo.name}/160.webp 160w" in html
    assert f"/media/renditions/{contact.photo.name}/320.webp 320w" in html
