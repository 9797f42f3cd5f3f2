"""A campaign's image and flyer are checked before they are stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from config import uploads
from tests.factories import CampaignFactory
from tests.html import attr, css_classes, find, find_all, parse_page, text
from tests.images import image_bytes
from tests.pdfs import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(size=(1600, 900)):
    return image_bytes(size=size)


def change(admin_client, campaign, **files_and_fields):
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["published_at_0"], data["published_at_1"] = (
        campaign.published_at.strftime("%d-%m-%Y"),
        campaign.published_at.strftime("%H:%M:%S"),
    )
    data["election_date"] = campaign.election_date.strftime("%d-%m-%Y")
    data["central_contact"] = ""
    data.update(
        {
            "key_figures-TOTAL_FORMS": "0",
            "key_figures-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "editions-TOTAL_FORMS": "0",
            "editions-INITIAL_FORMS": "0",
        }
    )
    data.pop("image", None)
    data.pop("flyer", None)
    data.update(files_and_fields)
    return admin_client.post(url, data)


def test_a_campaign_image_is_stored_and_shown_with_renditions(admin_client, client):
    campaign = CampaignFactory(election_type="GR", tagline="Samen aan de slag")
    response = change(
        admin_client,
        campaign,
        image=SimpleUploadedFile("beeld.jpg", jpeg()),
        image_alt="Een lasser aan het werk",
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert campaign.image.name.startswith("campaigns/beeld")
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert 'alt="Een lasser aan het werk"' in html
    assert f"/media/renditions/{campaign.image.name}/640.webp 640w" in html
    assert f"/media/renditions/{campaign.image.name}/1280.webp 1280w" in html
    assert 'width="1152" height="648"' in html


def test_an_image_needs_a_description(admin_client):
    campaign = CampaignFactory()
    response = change(admin_client, campaign, image=SimpleUploadedFile("beeld.jpg", jpeg()))

    assert response.status_code == 200
    assert "Beschrijf wat er op de afbeelding staat." in response.content.decode()
    campaign.refresh_from_db()
    assert not campaign.image


def test_a_fake_image_is_refused_with_a_dutch_message(admin_client, media):
    campaign = CampaignFactory()
    response = change(
        admin_client,
        campaign,
        image=SimpleUploadedFile("beeld.jpg", b"GIF89a not really"),
        image_alt="x",
    )

    assert response.status_code == 200
    assert "geen geldige afbeelding" in response.content.decode()
    assert not list(media.rglob("*.*"))


def test_a_real_pdf_flyer_is_accepted(admin_client):
    campaign = CampaignFactory()
    response = change(admin_client, campaign, flyer=SimpleUploadedFile("flyer.pdf", real_pdf()))

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.flyer.name.startswith("flyers/flyer")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("flyer.pdf", b"<html>not a pdf</html>"),
        ("flyer.exe", b"%PDF-1.7 disguised"),
        ("flyer.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>"),
        ("flyer.pdf", b"%PDF-1.7\n%%EOF\n"),
    ],
)
def test_anything_but_a_pdf_flyer_is_refused(admin_client, name, content):
    campaign = CampaignFactory()
    response = change(admin_client, campaign, flyer=SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert "De flyer moet een pdf-bestand zijn." in response.content.decode()
    campaign.refresh_from_db()
    assert not campaign.flyer


def test_a_flyer_over_the_limit_is_refused(admin_client, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 100)
    campaign = CampaignFactory()
    response = change(
        admin_client, campaign, flyer=SimpleUploadedFile("flyer.pdf", b"%PDF-1.7" + b"x" * 200)
    )

    assert "De flyer is te groot" in response.content.decode()


def test_a_text_change_is_a_revision_with_its_values(admin_client):
    campaign = CampaignFactory(tagline="Oud")
    change(admin_client, campaign, tagline="Nieuw")

    version = Version.objects.get_for_object(campaign).first()
    assert version.field_dict["tagline"] == "Nieuw"
    assert "Slogan" in version.revision.get_comment()


def test_the_image_is_the_key_visual_in_the_masthead_and_on_the_home_card(admin_client, client):
    campaign = CampaignFactory(election_type="GR", colour="petrol")
    change(
        admin_client,
        campaign,
        image=SimpleUploadedFile("beeld.jpg", jpeg()),
        image_alt="Een lasser aan het werk",
    )

    masthead = find(parse_page(client.get(campaign.get_absolute_url())), "div", "masthead")
    image = find(masthead, "img", "masthead__image")
    assert attr(image, "alt") == "Een lasser aan het werk"
    assert "masthead--image" in css_classes(masthead)
    card = find(parse_page(client.get("/")), "li", "campaign-card")
    # On the card the image is decoration: the card's text names the campaign.
    assert attr(find(card, "img", "campaign-card__image"), "alt") == ""
    assert not find_all(card, "span", "campaign-card__year")


def test_without_an_image_the_plate_in_the_campaign_colour_is_the_key_visual(client):
    campaign = CampaignFactory(election_type="GR", colour="petrol")

    masthead = find(parse_page(client.get(campaign.get_absolute_url())), "div", "masthead")
    assert "tint--petrol" in css_classes(masthead)
    assert not find_all(masthead, "img")
    card = find(parse_page(client.get("/")), "li", "campaign-card")
    assert "tint--petrol" in css_classes(card)
    assert text(find(card, "span", "campaign-card__year")) == "2026"
