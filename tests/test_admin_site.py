"""The admin site's own guards: the "view on site" shortcut and forged action selections."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from campaigns.models import Campaign
from config.roles import EDITOR, REGIOMANAGER
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _shortcut(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_view_on_site_does_not_reveal_a_draft_to_a_regiomanager(client):
    draft = CampaignFactory(slug="geheim2030", status=Campaign.Status.DRAFT)
    client.force_login(UserFactory(staff=True, role=REGIOMANAGER))
    response = client.get(_shortcut(draft))
    assert response.status_code == 404
    assert "geheim2030" not in response.content.decode()
    assert "geheim2030" not in response.get("Location", "")


def test_view_on_site_still_leads_an_editor_to_the_page(client):
    campaign = CampaignFactory(slug="gr2030")
    client.force_login(UserFactory(staff=True, role=EDITOR))
    response = client.get(_shortcut(campaign))
    assert response.status_code == 302
    assert response["Location"].endswith("/gr2030/")


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_an_action_with_a_forged_selection_gets_a_message_not_an_error(client, model):
    client.force_login(UserFactory(superuser=True))
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    response = client.post(
        url, {"action": "delete_selected", "_selected_action": ["1", "abc"]}, follow=True
    )
    assert response.status_code == 200
    assert "De selectie is niet geldig" in response.content.decode()
