"""Who may record what a party did: staff everything, a regiomanager only their district.

The matrix, like tests/regions/test_contact_admin.py: a party of the regiomanager's
own district vs one of another district, for every way into the admin (list,
change page, forged POST, add with a forged region, history, delete, bulk
action, autocomplete, the "sent" form, the import, the dashboard and its export).
"""

import json

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from manifestos.models import Adoption, Party
from tests.factories import AdoptionFactory, CampaignFactory, RecommendationFactory
from tests.pdfs import real_pdf

from .lobby import party_form

pytestmark = pytest.mark.django_db


def changelist():
    return reverse("admin:manifestos_party_changelist")


def change_url(party):
    return reverse("admin:manifestos_party_change", args=[party.pk])


def snapshot(party):
    party.refresh_from_db()
    return (party.name, party.website, party.sent_on, party.reaction_on, party.municipality_id,
            party.adoptions.count())  # fmt: skip


def adoption_row(recommendation, **values):
    return {
        "stage": "programme",
        "recommendation": recommendation.pk,
        "adopted_on": "2026-02-01",
        "evidence_quote": "",
        "evidence_link": "https://partij.example/programma",
        **values,
    }


class TestTheirOwnDistrict:
    def test_the_list_shows_only_their_districts_parties(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        page = client.get(changelist()).content.decode()

        assert "Noordpartij" in page
        assert "Zuidpartij" not in page

    def test_recording_stages_stamps_who_and_when(self, client, lobby):
        manager = lobby["noord"].manager
        client.force_login(manager)
        own = lobby["own"]
        recommendation = lobby["recommendations"][0]

        response = client.post(
            change_url(own),
            party_form(
                own,
                adoptions=[adoption_row(recommendation, evidence_quote="Wij gaan ervoor.")],
                sent_on="2026-01-10",
                sent_by="Regiomanager Noord",
            ),
        )

        assert response.status_code == 302
        own.refresh_from_db()
        assert own.sent_recorded_by == manager
        assert own.sent_recorded_at is not None
        assert own.reaction_recorded_by is None  # that stage was not touched
        adoption = own.adoptions.get()
        assert (adoption.recommendation, adoption.recorded_by) == (recommendation, manager)

    def test_the_change_is_in_the_history_with_old_and_new_values(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        own = lobby["own"]
        client.post(change_url(own), party_form(own, sent_on="2026-01-10"))

        version = Version.objects.get_for_object(own).first()
        assert version.revision.user == lobby["noord"].manager
        assert str(version.field_dict["sent_on"]) == "2026-01-10"
        history = client.get(reverse("admin:manifestos_party_history", args=[own.pk]))
        assert "Manifest verstuurd op" in history.content.decode()

    def test_a_changed_adoption_is_in_the_history_too(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        own = lobby["own"]
        adoption = AdoptionFactory(party=own, recommendation=lobby["recommendations"][0])
        data = party_form(own)
        data.update(
            {
                "adoptions-TOTAL_FORMS": "1",
                "adoptions-INITIAL_FORMS": "1",
                "adoptions-0-id": adoption.pk,
                "adoptions-0-party": own.pk,
                **{
                    f"adoptions-0-{key}": value
                    for key, value in adoption_row(
                        adoption.recommendation, evidence_link="https://nieuw.example/p"
                    ).items()
                },
            }
        )

        assert client.post(change_url(own), data).status_code == 302

        # The party's version holds its adoptions as they are now.
        version = Version.objects.get_for_object(own).first()
        kept = version.revision.version_set.get(content_type__model="adoption")
        assert kept.field_dict["evidence_link"] == "https://nieuw.example/p"

    def test_they_add_a_party_in_their_own_district(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        town = lobby["noord"].municipalities[1]
        data = party_form(lobby["own"], name="Nieuwe Partij", municipality=town.pk)
        del data["adoptions-TOTAL_FORMS"]

        response = client.post(reverse("admin:manifestos_party_add"), data)

        assert response.status_code == 302
        party = Party.objects.get(name="Nieuwe Partij")
        assert party.municipality == town
        assert LogEntry.objects.filter(object_id=str(party.pk), action_flag=ADDITION).exists()

    def test_the_region_choices_are_only_their_districts(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        form = client.get(reverse("admin:manifestos_party_add")).context["adminform"].form

        assert set(form.fields["municipality"].queryset) == set(lobby["noord"].municipalities)
        assert list(form.fields["province"].queryset) == [lobby["noord"].province]

    def test_they_may_delete_a_party_without_responses(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        url = reverse("admin:manifestos_party_delete", args=[lobby["own"].pk])

        client.post(url, {"post": "yes"})

        assert not Party.objects.filter(pk=lobby["own"].pk).exists()

    def test_they_may_not_delete_a_party_with_responses(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        own = lobby["own"]
        AdoptionFactory(party=own, recommendation=lobby["recommendations"][0])
        url = reverse("admin:manifestos_party_delete", args=[own.pk])

        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        client.post(
            changelist(),
            {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"},
        )
        assert Party.objects.filter(pk=own.pk).exists()

    def test_a_recommendation_of_another_campaign_is_refused(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        own = lobby["own"]
        elsewhere = RecommendationFactory(theme__edition__campaign=CampaignFactory())

        response = client.post(
            change_url(own), party_form(own, adoptions=[adoption_row(elsewhere)])
        )

        assert response.status_code == 200
        assert not own.adoptions.exists()

    def test_a_reaction_pdf_is_kept_at_an_unguessable_address(
        self, client, lobby, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        client.force_login(lobby["noord"].manager)
        own = lobby["own"]
        letter = SimpleUploadedFile("reactie.pdf", real_pdf(), "application/pdf")

        response = client.post(
            change_url(own),
            {**party_form(own, reaction_on="2026-02-01"), "reaction_file": letter},
        )

        assert response.status_code == 302
        own.refresh_from_db()
        folder, token, name = own.reaction_file.name.rsplit("/", 2)
        assert (folder, name) == ("lobby/reacties", "reactie.pdf")
        assert len(token) >= 20
        assert own.reaction_recorded_by == lobby["noord"].manager

    def test_a_reaction_letter_is_for_who_may_see_the_party_only(
        self, client, lobby, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        own = lobby["own"]
        own.reaction_file.save("reactie.pdf", ContentFile(real_pdf()))
        url = own.reaction_file.url

        assert client.get(url).status_code == 404  # a visitor, of a public campaign
        client.force_login(lobby["zuid"].manager)
        assert client.get(url).status_code == 404
        for user in (lobby["noord"].manager, lobby["editor"]):
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200
            assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}

    def test_a_replaced_letter_and_a_deleted_partys_letter_are_deleted(
        self, client, lobby, settings, tmp_path, django_capture_on_commit_callbacks
    ):
        settings.MEDIA_ROOT = tmp_path
        own = lobby["own"]
        own.reaction_file.save("reactie.pdf", ContentFile(real_pdf()))
        first = own.reaction_file.name
        client.force_login(lobby["noord"].manager)
        letter = SimpleUploadedFile("nieuw.pdf", real_pdf(), "application/pdf")

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                change_url(own),
                {**party_form(own, reaction_on="2026-02-01"), "reaction_file": letter},
            )

        assert response.status_code == 302
        own.refresh_from_db()
        assert not default_storage.exists(first)
        assert default_storage.exists(own.reaction_file.name)
        with django_capture_on_commit_callbacks(execute=True):
            lobby["campaign"].delete()
        assert not default_storage.exists(own.reaction_file.name)

    def test_a_reaction_file_must_be_a_real_pdf(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        own = lobby["own"]
        fake = SimpleUploadedFile("reactie.pdf", b"<html>geen pdf</html>", "application/pdf")

        response = client.post(
            change_url(own),
            {**party_form(own, reaction_on="2026-02-01"), "reaction_file": fake},
        )

        assert response.status_code == 200
        assert "Voeg de reactie toe als pdf-bestand." in response.content.decode()
        own.refresh_from_db()
        assert own.reaction_on is None


class TestAnotherDistrict:
    def test_typing_its_url_shows_nothing_of_it(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        response = client.get(change_url(lobby["other"]), follow=True)

        assert "Zuidpartij" not in response.content.decode()

    def test_a_forged_post_changes_nothing(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        other = lobby["other"]
        before = snapshot(other)

        client.post(change_url(other), party_form(other, name="Gekaapt", sent_on="2026-01-10"))

        assert snapshot(other) == before

    def test_adding_a_party_there_is_refused(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        data = party_form(
            lobby["own"], name="Infiltrant", municipality=lobby["zuid"].municipalities[1].pk
        )

        response = client.post(reverse("admin:manifestos_party_add"), data)

        assert response.status_code == 200
        assert not Party.objects.filter(name="Infiltrant").exists()

    def test_a_province_of_another_district_is_refused(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        data = party_form(
            lobby["own"], name="Infiltrant", municipality="", province=lobby["zuid"].province.pk
        )

        client.post(reverse("admin:manifestos_party_add"), data)

        assert not Party.objects.filter(name="Infiltrant").exists()

    def test_its_history_is_not_shown(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        response = client.get(reverse("admin:manifestos_party_history", args=[lobby["other"].pk]))

        assert response.status_code in {302, 403, 404}
        assert "Zuidpartij" not in response.content.decode()

    def test_it_cannot_be_deleted(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        url = reverse("admin:manifestos_party_delete", args=[lobby["other"].pk])

        client.post(url, {"post": "yes"})

        assert Party.objects.filter(pk=lobby["other"].pk).exists()

    def test_a_bulk_action_changes_nothing_of_it(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        client.post(
            changelist(),
            {
                "action": "delete_selected",
                "_selected_action": [lobby["other"].pk, lobby["own"].pk],
                "post": "yes",
            },
        )

        assert Party.objects.filter(pk=lobby["other"].pk).exists()

    @pytest.mark.parametrize("field_name", ["municipality", "province", "campaign"])
    def test_an_autocomplete_reveals_nothing(self, client, lobby, field_name):
        client.force_login(lobby["noord"].manager)
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "manifestos",
                "model_name": "party",
                "field_name": field_name,
                "term": "Zuid",
            },
        )

        if response.status_code == 200:
            texts = [item["text"] for item in json.loads(response.content)["results"]]
            assert not any("Zuid" in text for text in texts)
        else:
            assert response.status_code == 403

    def test_the_sent_form_refuses_its_municipalities(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        response = client.post(
            reverse("admin:manifestos_party_sent"),
            {
                "campaign": lobby["campaign"].pk,
                "municipalities": [lobby["zuid"].municipalities[0].pk],
                "sent_on": "2026-01-10",
                "sent_by": "x",
            },
        )

        assert response.status_code == 200
        lobby["other"].refresh_from_db()
        assert lobby["other"].sent_on is None

    def test_the_import_refuses_a_row_for_it(self, client, lobby):
        client.force_login(lobby["noord"].manager)
        zuid_town = lobby["zuid"].municipalities[1]
        data = f"campagne;regio;partij\ngr2026;{zuid_town.cbs_code};Infiltrant\n".encode()

        response = client.post(
            reverse("admin:manifestos_party_import"),
            {"file": SimpleUploadedFile("partijen.csv", data, "text/csv")},
        )

        page = response.content.decode()
        assert "Regel 2, kolom regio" in page
        assert "valt buiten uw district" in page
        assert not Party.objects.filter(name="Infiltrant").exists()

    @pytest.mark.parametrize(
        "url",
        [
            reverse("admin:manifestos_party_reach"),
            reverse("admin:manifestos_party_reach_export", args=["csv"]),
            reverse("admin:manifestos_party_reach_export", args=["xlsx"]),
        ],
    )
    def test_the_dashboard_and_exports_are_for_staff_only(self, client, lobby, url):
        client.force_login(lobby["noord"].manager)
        response = client.get(url)

        assert response.status_code == 403
        assert b"Zuidpartij" not in response.content


class TestStaff:
    def test_an_editor_sees_and_changes_every_district(self, client, lobby):
        client.force_login(lobby["editor"])
        page = client.get(changelist()).content.decode()
        assert "Noordpartij" in page and "Zuidpartij" in page

        other = lobby["other"]
        response = client.post(change_url(other), party_form(other, sent_on="2026-01-10"))

        assert response.status_code == 302
        other.refresh_from_db()
        assert other.sent_recorded_by == lobby["editor"]

    def test_deleting_a_party_with_responses_lists_them_first(self, client, lobby):
        client.force_login(lobby["editor"])
        other = lobby["other"]
        Party.objects.filter(pk=other.pk).update(sent_on="2026-01-10", sent_by="Regiomanager Zuid")
        AdoptionFactory(party=other, recommendation=lobby["recommendations"][1])
        url = reverse("admin:manifestos_party_delete", args=[other.pk])

        page = client.get(url).content.decode()

        assert "Vastgelegd voor Zuidpartij" in page
        assert "Manifest verstuurd op 10-01-2026 door Regiomanager Zuid" in page
        assert "Verkiezingsprogramma:" in page
        assert Party.objects.filter(pk=other.pk).exists()
        client.post(url, {"post": "yes"})
        assert not Party.objects.filter(pk=other.pk).exists()
        assert not Adoption.objects.filter(party_id=other.pk).exists()

    def test_the_bulk_delete_confirmation_lists_responses_too(self, client, lobby):
        client.force_login(lobby["editor"])
        AdoptionFactory(party=lobby["other"], recommendation=lobby["recommendations"][1])

        page = client.post(
            changelist(),
            {"action": "delete_selected", "_selected_action": [lobby["other"].pk]},
        ).content.decode()

        assert "Vastgelegd voor Zuidpartij" in page


def test_the_admin_index_offers_a_regiomanager_contacts_and_parties(client, lobby):
    client.force_login(lobby["noord"].manager)
    apps = client.get(reverse("admin:index")).context["app_list"]

    models = {(app["app_label"], m["object_name"]) for app in apps for m in app["models"]}
    assert models == {("regions", "Contact"), ("manifestos", "Party")}
