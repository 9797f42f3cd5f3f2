"""Fast entry: "sent" for every party of many municipalities at once, and a party-list import."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from manifestos.models import Party
from tests.factories import MunicipalityAliasFactory, MunicipalityFactory, PartyFactory

pytestmark = pytest.mark.django_db


def post_sent(client, lobby, municipalities, **extra):
    return client.post(
        reverse("admin:manifestos_party_sent"),
        {
            "campaign": lobby["campaign"].pk,
            "municipalities": [m.pk for m in municipalities],
            "sent_on": "2026-01-12",
            "sent_by": "Regiomanager Noord",
            **extra,
        },
    )


class TestSentForMany:
    def test_every_party_of_the_chosen_municipalities_is_recorded(self, client, lobby):
        noord = lobby["noord"]
        second = PartyFactory(campaign=lobby["campaign"], municipality=noord.municipalities[0])
        elsewhere = PartyFactory(campaign=lobby["campaign"], municipality=noord.municipalities[1])
        client.force_login(noord.manager)

        response = post_sent(client, lobby, [noord.municipalities[0]])

        assert response.status_code == 302
        for party in (lobby["own"], second):
            party.refresh_from_db()
            assert party.sent_on == datetime.date(2026, 1, 12)
            assert party.sent_by == "Regiomanager Noord"
            assert party.sent_recorded_by == noord.manager
        elsewhere.refresh_from_db()
        assert elsewhere.sent_on is None
        entry = LogEntry.objects.get(object_id=str(second.pk), action_flag=CHANGE)
        assert "Manifest verstuurd op" in entry.change_message
        # One revision by who recorded it, with the date (config/revisions.py).
        version = Version.objects.get_for_object(second).first()
        assert version.revision.user == noord.manager
        assert str(version.field_dict["sent_on"]) == "2026-01-12"

    def test_a_party_already_recorded_keeps_its_date_unless_asked(self, client, lobby):
        noord = lobby["noord"]
        Party.objects.filter(pk=lobby["own"].pk).update(sent_on=datetime.date(2026, 1, 5))
        client.force_login(noord.manager)

        post_sent(client, lobby, [noord.municipalities[0]])
        lobby["own"].refresh_from_db()
        assert lobby["own"].sent_on == datetime.date(2026, 1, 5)

        post_sent(client, lobby, [noord.municipalities[0]], overwrite="on")
        lobby["own"].refresh_from_db()
        assert lobby["own"].sent_on == datetime.date(2026, 1, 12)

    def test_one_invalid_party_changes_no_party_at_all(self, client, lobby):
        noord = lobby["noord"]
        early = PartyFactory(
            campaign=lobby["campaign"],
            municipality=noord.municipalities[0],
            reaction_on=datetime.date(2026, 1, 2),
        )
        client.force_login(noord.manager)

        response = post_sent(client, lobby, [noord.municipalities[0]])

        assert response.status_code == 200
        assert "Er is niets opgeslagen." in response.content.decode()
        assert not Party.objects.filter(pk__in=[lobby["own"].pk, early.pk], sent_on__isnull=False)

    def test_a_date_in_the_future_is_refused(self, client, lobby):
        client.force_login(lobby["editor"])
        tomorrow = datetime.date.today() + datetime.timedelta(days=2)

        response = post_sent(
            client, lobby, [lobby["noord"].municipalities[0]], sent_on=tomorrow.isoformat()
        )

        assert "in de toekomst" in response.content.decode()


def upload(client, text, name="partijen.csv"):
    return client.post(
        reverse("admin:manifestos_party_import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")},
    )


class TestPartyImport:
    def test_preview_then_confirm_adds_the_parties(self, client, lobby):
        noord = lobby["noord"]
        town = noord.municipalities[1]
        client.force_login(noord.manager)
        text = (
            "campagne;regio;partij;website\n"
            f"gr2026;{town.cbs_code};Dorpsbelang;https://dorpsbelang.example\n"
            f"gr2026;{town.name};Groen Dorp;\n"
            f"gr2026;{noord.municipalities[0].cbs_code};noordpartij;https://noord.example\n"
        )

        preview = upload(client, text)

        assert preview.status_code == 200
        assert "2 nieuwe partijen, 1 bijgewerkt" in preview.content.decode()
        assert not Party.objects.filter(name="Dorpsbelang").exists()

        confirm = client.post(
            reverse("admin:manifestos_party_import_confirm"), {"token": preview.context["token"]}
        )

        assert confirm.status_code == 302
        assert set(Party.objects.filter(municipality=town).values_list("name", flat=True)) == {
            "Dorpsbelang",
            "Groen Dorp",
        }
        lobby["own"].refresh_from_db()
        assert lobby["own"].website == "https://noord.example"
        added = Party.objects.get(name="Dorpsbelang")
        assert LogEntry.objects.filter(object_id=str(added.pk), action_flag=ADDITION).exists()

    def test_every_problem_is_listed_by_row_and_column_and_nothing_is_written(self, client, lobby):
        client.force_login(lobby["editor"])
        town = lobby["noord"].municipalities[1]
        text = (
            "campagne;regio;partij;website\n"
            f"gr2026;{town.cbs_code};Goede Partij;\n"
            f"gr2099;{town.cbs_code};Partij X;\n"
            "gr2026;Nergenshuizen;Partij Y;\n"
            f"gr2026;{town.cbs_code};;\n"
            f"gr2026;{town.cbs_code};Partij Z;geen-adres\n"
            f"gr2026;{town.cbs_code};goede partij;\n"
        )

        page = upload(client, text).content.decode()

        for expected in (
            "Regel 3, kolom campagne",
            "Regel 4, kolom regio",
            "Regel 5, kolom partij",
            "Regel 6, kolom website",
            "Regel 7, kolom partij: deze partij staat ook al op regel 2.",
        ):
            assert expected in page
        assert "Er is niets gewijzigd." in page
        assert not Party.objects.filter(name="Goede Partij").exists()

    def test_a_name_that_fits_two_regions_asks_for_the_code(self, client, lobby):
        client.force_login(lobby["editor"])
        province = lobby["noord"].province
        MunicipalityFactory(name=province.name, province=province)

        page = upload(client, f"campagne;regio;partij\ngr2026;{province.name};P\n").content.decode()

        assert "gebruik de CBS-code" in page

    def test_a_municipality_by_its_alias_as_the_finder_reads_it(self, client, lobby):
        """The municipality finder's rule (regions/finder.py), not a list of its own."""
        client.force_login(lobby["editor"])
        town = lobby["noord"].municipalities[0]
        MunicipalityAliasFactory(municipality=town, name="Ons Dorp")

        preview = upload(client, "campagne;regio;partij\ngr2026;ONS-DORP;Dorpsbelangen\n")
        client.post(
            reverse("admin:manifestos_party_import_confirm"), {"token": preview.context["token"]}
        )

        assert Party.objects.get(name="Dorpsbelangen").municipality == town

    def test_a_file_that_is_not_a_table_is_refused_in_dutch(self, client, lobby):
        client.force_login(lobby["editor"])

        page = upload(client, "\x00\x01 geen csv", name="partijen.xlsx").content.decode()

        assert "geen geldig xlsx-bestand" in page
