"""Importing regional figures and contacts from CSV or xlsx in the admin.

Upload → preview (nothing written) → confirm (written at once). A file with any
problem is refused as a whole, with every problem named by row and column;
files that are too big, not UTF-8, not a real xlsx or a zip bomb are refused
with a Dutch message; a regiomanager cannot reach the import pages.
"""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from config.roles import EDITOR, REGIOMANAGER, roles_sync
from config.tables import MAX_ROWS, ImportInvalid
from regions.imports.contacts import contacts_import, contacts_table_read
from regions.imports.figures import figures_import, figures_table_read
from regions.models import Contact, FigureRow, Province, RegionalFigures
from tests.factories import ContactFactory, DistrictFactory, RegionalFiguresFactory, UserFactory

pytestmark = pytest.mark.django_db

FIGURES_URL = "admin:regions_regionalfigures_import"
FIGURES_CONFIRM_URL = "admin:regions_regionalfigures_import_confirm"
CONTACTS_URL = "admin:regions_contact_import"
CONTACTS_CONFIRM_URL = "admin:regions_contact_import_confirm"
HEADER = "regio;bron;peildatum;soort;omschrijving;waarde;eenheid"
GELDERLAND = [
    "PV25;CBS en Metaalunie;2025-01-01;lidbedrijven;;2029;",
    "PV25;CBS en Metaalunie;2025-01-01;medewerkers;;24041;",
    "PV25;CBS en Metaalunie;2025-01-01;opleidingsniveau;mbo 2-4, havo/vwo;55,6;procent",
    "PV25;CBS en Metaalunie;2025-01-01;opleidingsniveau;hbo, wo;22.3;procent",
]


@pytest.fixture
def roles():
    return roles_sync()


@pytest.fixture
def editor(roles):
    user = UserFactory(staff=True, role=EDITOR)
    return user


@pytest.fixture
def regiomanager(roles):
    user = UserFactory(staff=True, role=REGIOMANAGER)
    ContactFactory(user=user, name="Eigen Kaart")
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def csv_file(*lines, header=HEADER, bom=False):
    text = "\n".join([header, *lines]) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def xlsx_file(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, url_name, data, name="bestand.csv"):
    return client.post(reverse(url_name), {"file": SimpleUploadedFile(name, data)})


def confirm(client, url_name, preview):
    return client.post(reverse(url_name), {"token": preview.context["token"]}, follow=True)


def issues(response):
    return [str(issue) for issue in response.context["invalid"].issues]


def page(response):
    return response.content.decode()


def figures_snapshot():
    return sorted(
        (f.province_id, f.municipality_id, f.district_id, f.source, f.reference_date,
         f.member_companies, f.employees,
         tuple((r.kind, r.position, r.label, r.value, r.unit) for r in f.rows.all()))
        for f in RegionalFigures.objects.prefetch_related("rows")
    )  # fmt: skip


# --- figures: the happy path ------------------------------------------------------------------


class TestFiguresImport:
    def test_the_changelist_offers_the_import(self, editor_client):
        response = editor_client.get(reverse("admin:regions_regionalfigures_changelist"))

        assert reverse(FIGURES_URL) in page(response)
        assert "Importeren" in page(response)

    def test_the_upload_page_documents_the_columns(self, editor_client):
        response = editor_client.get(reverse(FIGURES_URL))

        assert response.status_code == 200
        for column in HEADER.split(";"):
            assert f"<code>{column}</code>" in page(response)

    def test_the_preview_shows_what_will_happen_and_writes_nothing(self, editor_client, register):
        response = upload(editor_client, FIGURES_URL, csv_file(*GELDERLAND))

        assert response.status_code == 200
        html = page(response)
        assert "Gelderland" in html
        assert "nieuw" in html
        assert "mbo 2-4, havo/vwo: 55,6%" in html
        assert "Er is nog niets opgeslagen" in html
        assert not RegionalFigures.objects.exists()

    def test_confirming_writes_the_figures_with_history_and_a_message(
        self, editor_client, editor, register
    ):
        preview = upload(editor_client, FIGURES_URL, csv_file(*GELDERLAND), "gelderland.csv")

        response = confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        assert response.redirect_chain[-1][0] == reverse("admin:regions_regionalfigures_changelist")
        figures = RegionalFigures.objects.get()
        assert figures.province == Province.objects.get(cbs_code="PV25")
        assert (figures.source, figures.reference_date) == (
            "CBS en Metaalunie",
            datetime.date(2025, 1, 1),
        )
        assert (figures.member_companies, figures.employees) == (2029, 24041)
        assert [(r.label, r.value, r.unit) for r in figures.education_levels()] == [
            ("mbo 2-4, havo/vwo", Decimal("55.60"), FigureRow.Unit.PERCENT),
            ("hbo, wo", Decimal("22.30"), FigureRow.Unit.PERCENT),
        ]
        entry = LogEntry.objects.get(object_id=str(figures.pk))
        assert (entry.user, entry.action_flag) == (editor, ADDITION)
        assert "gelderland.csv" in entry.get_change_message()
        assert "1 nieuwe sets regiocijfers, 0 vervangen, 2 uitsplitsingsregels" in page(response)

    def test_a_reimport_of_the_same_region_source_and_date_replaces_that_set(
        self, editor_client, register
    ):
        existing = RegionalFiguresFactory(
            province=Province.objects.get(cbs_code="PV25"),
            source="CBS en Metaalunie",
            reference_date=datetime.date(2025, 1, 1),
            member_companies=1,
            employees=2,
        )
        FigureRow.objects.create(
            figures=existing, kind="company_type", position=1, label="Oud", value=5
        )
        other = RegionalFiguresFactory(province=existing.province, source="Een andere bron")

        preview = upload(editor_client, FIGURES_URL, csv_file(*GELDERLAND[:1]))
        assert "vervangt bestaande cijfers" in page(preview)
        confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        existing.refresh_from_db()
        assert (existing.member_companies, existing.employees) == (2029, None)
        assert not existing.rows.exists()
        assert RegionalFigures.objects.count() == 2
        other.refresh_from_db()
        assert other.member_companies == 2029 and other.source == "Een andere bron"
        assert LogEntry.objects.filter(object_id=str(existing.pk), action_flag=CHANGE).exists()

    def test_an_xlsx_sheet_with_numbers_and_dates_is_imported(self, editor_client, register):
        data = xlsx_file(
            [
                ["Regio", "Bron", "Peildatum", "Soort", "Omschrijving", "Waarde", "Eenheid"],
                ["PV25", "CBS", datetime.date(2025, 1, 1), "lidbedrijven", None, 2029, None],
                ["PV25", "CBS", datetime.date(2025, 1, 1), "bedrijfstype", "Machinebouw", 12.5],
                [],
                ["gm0518", "CBS", None, "medewerkers", None, 1200.0, "aantal"],
            ]
        )

        preview = upload(editor_client, FIGURES_URL, data, "cijfers.xlsx")
        confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        gelderland = RegionalFigures.objects.get(province__cbs_code="PV25")
        assert gelderland.reference_date == datetime.date(2025, 1, 1)
        assert gelderland.member_companies == 2029
        assert [(r.label, r.value) for r in gelderland.company_types()] == [
            ("Machinebouw", Decimal("12.50"))
        ]
        assert RegionalFigures.objects.get(municipality__cbs_code="GM0518").employees == 1200

    def test_a_comma_separated_file_with_a_byte_order_mark_is_read(self, register):
        data = csv_file(
            'PV25,CBS,,opleidingsniveau,"mbo 2-4, havo/vwo","55,6",procent',
            header=HEADER.replace(";", ","),
            bom=True,
        )

        plan = figures_import(rows=figures_table_read(data))

        row = plan.created[0].rows.get()
        assert (row.label, row.value) == ("mbo 2-4, havo/vwo", Decimal("55.60"))

    def test_a_district_is_named_by_its_slug(self, register):
        noord = DistrictFactory(name="Noord", slug="noord")

        figures_import(rows=figures_table_read(csv_file("noord;Metaalunie;;lidbedrijven;;950;")))

        assert RegionalFigures.objects.get().district == noord


# --- figures: regions by name ------------------------------------------------------------


class TestFiguresByName:
    """A region is a CBS code, or a name as the municipality finder reads it: an alias
    ("Den Haag"), any spelling of case and punctuation, a dissolved municipality's name
    (what it became), a province's name."""

    @pytest.mark.parametrize(
        ("region", "expected"),
        [
            ("Den Haag", "'s-Gravenhage"),
            ("s-gravenhage", "'s-Gravenhage"),
            ("SÚDWEST-FRYSLÂN", "Súdwest-Fryslân"),
            ("Weesp", "Amsterdam"),
            ("GM0363", "Amsterdam"),
        ],
    )
    def test_a_municipality_by_name_alias_or_code(self, editor_client, register, region, expected):
        preview = upload(editor_client, FIGURES_URL, csv_file(f"{region};CBS;;lidbedrijven;;12;"))
        assert preview.status_code == 200
        assert "invalid" not in preview.context

        confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        figures = RegionalFigures.objects.get()
        assert (figures.municipality.name, figures.member_companies) == (expected, 12)

    def test_a_province_by_name(self, editor_client, register):
        preview = upload(editor_client, FIGURES_URL, csv_file("gelderland;CBS;;lidbedrijven;;7;"))
        confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        assert RegionalFigures.objects.get().province.name == "Gelderland"

    def test_an_unknown_name_is_named_with_its_line_and_nothing_is_written(
        self, editor_client, register
    ):
        response = upload(
            editor_client,
            FIGURES_URL,
            csv_file("Den Haag;CBS;;lidbedrijven;;12;", "Gravenhaag;CBS;;lidbedrijven;;3;"),
        )

        assert issues(response) == [
            "Regel 3, kolom regio: ‘Gravenhaag’ is geen bekende gemeente of provincie (naam, "
            "andere naam zoals Den Haag, of CBS-code zoals GM0518 of PV27), en geen bekend "
            "district (er zijn nog geen districten). Bedoelt u ‘'s-Gravenhage’ of ‘Grave’?"
        ]
        assert "Er is niets gewijzigd" in page(response)
        assert not RegionalFigures.objects.exists()

    def test_a_name_of_two_municipalities_asks_for_the_code(self, editor_client, register):
        response = upload(editor_client, FIGURES_URL, csv_file("Bergen;CBS;;lidbedrijven;;3;"))

        assert issues(response) == [
            "Regel 2, kolom regio: ‘Bergen’ kan meer dan één regio zijn (Bergen (L.) GM0893, "
            "Bergen (NH.) GM0373); gebruik de CBS-code."
        ]
        assert not RegionalFigures.objects.exists()


# --- figures: bad rows ----------------------------------------------------------------------


BAD_ROWS = [
    ("GM9999;CBS;;lidbedrijven;;10;", "Regel 3, kolom regio: ‘GM9999’ is geen bekende gemeente."),
    ("Atlantis;CBS;;lidbedrijven;;10;", "Regel 3, kolom regio: ‘Atlantis’ is geen bekende"),
    (";CBS;;lidbedrijven;;10;", "Regel 3, kolom regio: vul de regio in"),
    ("PV25;;;lidbedrijven;;10;", "Regel 3, kolom bron: vul de bron in"),
    ("PV25;CBS;1-1-2025;lidbedrijven;;10;", "Regel 3, kolom peildatum: ‘1-1-2025’ is geen datum"),
    ("PV25;CBS;2025-02-30;lidbedrijven;;10;", "Regel 3, kolom peildatum: ‘2025-02-30’ is geen"),
    ("PV25;CBS;;banen;;10;", "Regel 3, kolom soort: ‘banen’ is geen soort"),
    ("PV25;CBS;;bedrijfstype;Machinebouw;12,x;", "Regel 3, kolom waarde: ‘12,x’ is geen getal."),
    ("PV25;CBS;;bedrijfstype;Machinebouw;;", "Regel 3, kolom waarde: vul een waarde in."),
    ("PV25;CBS;;bedrijfstype;Machinebouw;-3;", "Regel 3, kolom waarde: ‘-3’ is negatief."),
    ("PV25;CBS;;lidbedrijven;;2.029;", "Regel 3, kolom waarde: ‘2.029’ heeft meer dan twee"),
    ("PV25;CBS;;lidbedrijven;;2,5;", "Regel 3, kolom waarde: ‘2,5’ is geen geheel getal."),
    ("PV25;CBS;;opleidingsniveau;hbo;120;procent",
     "Regel 3, kolom waarde: Een percentage kan niet hoger zijn dan 100."),
    ("PV25;CBS;;bedrijfstype;Machinebouw;10;stuks", "Regel 3, kolom eenheid: ‘stuks’ is geen"),
    ("PV25;CBS;;lidbedrijven;;10;procent", "Regel 3, kolom eenheid: bij soort ‘lidbedrijven’"),
    ("PV25;CBS;;opleidingsniveau;;10;", "Regel 3, kolom omschrijving: vul de omschrijving in."),
    ("PV25;CBS;;medewerkers;Machinebouw;10;", "Regel 3, kolom omschrijving: laat de omschrijving"),
    ("PV25;CBS;;bedrijfstype;" + "x" * 201 + ";10;", "Regel 3, kolom omschrijving: "),
    ("PV25;CBS;;lidbedrijven;;10;;extra", "Regel 3: deze regel heeft meer waarden"),
]  # fmt: skip


class TestFiguresBadRows:
    @pytest.mark.parametrize(("bad_row", "message"), BAD_ROWS, ids=[m for _, m in BAD_ROWS])
    def test_a_bad_row_is_reported_and_nothing_is_written(
        self, editor_client, register, bad_row, message
    ):
        good_row = "PV26;CBS;;lidbedrijven;;100;"

        response = upload(editor_client, FIGURES_URL, csv_file(good_row, bad_row))

        assert response.status_code == 200
        assert "token" not in response.context
        reported = issues(response)
        assert len(reported) == 1
        assert reported[0].startswith(message)
        assert message in page(response).replace("&#x27;", "'")
        assert "Er is niets gewijzigd" in page(response)
        assert not RegionalFigures.objects.exists()

    def test_every_problem_of_a_file_is_listed(self, editor_client, register):
        response = upload(
            editor_client,
            FIGURES_URL,
            csv_file(
                "PV25;CBS;;lidbedrijven;;100;",
                "GM9999;CBS;;lidbedrijven;;10;",
                "PV25;;;lidbedrijven;;10;",
                "PV25;CBS;;lidbedrijven;;200;",
                "PV25;CBS;gisteren;banen;;veel;",
                "GM9999;CBS;;opleidingsniveau;hbo;120;procent",
            ),
        )

        assert issues(response) == [
            "Regel 3, kolom regio: ‘GM9999’ is geen bekende gemeente.",
            "Regel 4, kolom bron: vul de bron in, bijvoorbeeld: CBS en Metaalunie.",
            "Regel 5, kolom soort: Gelderland (bron ‘CBS’, peildatum geen) heeft al een aantal "
            "lidbedrijven, op regel 2.",
            "Regel 6, kolom peildatum: ‘gisteren’ is geen datum; schrijf JJJJ-MM-DD, "
            "bijvoorbeeld 2025-01-01.",
            "Regel 6, kolom soort: ‘banen’ is geen soort; kies lidbedrijven, medewerkers, "
            "bedrijfstype, opleidingsniveau.",
            "Regel 6, kolom waarde: ‘veel’ is geen getal.",
            "Regel 7, kolom regio: ‘GM9999’ is geen bekende gemeente.",
            "Regel 7, kolom waarde: Een percentage kan niet hoger zijn dan 100.",
        ]

    @pytest.mark.parametrize(
        ("header", "message"),
        [
            ("regio;bron;soort", "Regel 1: de kolom ‘waarde’ ontbreekt."),
            (HEADER + ";opmerking", "Regel 1: onbekende kolom ‘opmerking’"),
            (HEADER + ";bron", "Regel 1: de kolom ‘bron’ staat er meer dan eens in."),
        ],
    )
    def test_a_wrong_header_is_reported(self, register, header, message):
        with pytest.raises(ImportInvalid) as refused:
            figures_table_read(csv_file("PV25;CBS;;lidbedrijven;;10;", header=header))

        assert str(refused.value.issues[0]).startswith(message)

    def test_an_xlsx_row_error_names_the_sheet_row(self, editor_client, register):
        data = xlsx_file(
            [
                ["regio", "bron", "soort", "waarde"],
                ["PV25", "CBS", "lidbedrijven", 10],
                [None, None, None, None],
                ["PV25", "CBS", "medewerkers", "12,x"],
            ]
        )

        response = upload(editor_client, FIGURES_URL, data, "cijfers.xlsx")

        assert issues(response) == ["Regel 4, kolom waarde: ‘12,x’ is geen getal."]
        assert not RegionalFigures.objects.exists()

    def test_two_sets_already_in_the_database_are_not_guessed_between(self, register):
        gelderland = Province.objects.get(cbs_code="PV25")
        RegionalFiguresFactory.create_batch(
            2, province=gelderland, source="CBS", reference_date=None
        )

        with pytest.raises(ImportInvalid) as refused:
            figures_import(rows=figures_table_read(csv_file("PV25;CBS;;lidbedrijven;;10;")))

        assert "er zijn al 2 sets cijfers van Gelderland" in str(refused.value)


# --- files that are refused as a whole --------------------------------------------------------


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    return buffer.getvalue()


def latin1_csv():
    """A file saved as Windows-1252 instead of UTF-8: é is one byte, not two."""
    return csv_file("PV25;CBS;;bedrijfstype;Café;1;").replace("é".encode(), "é".encode("cp1252"))


def zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "geen werkmap")
    return buffer.getvalue()


REFUSED_FILES = [
    ("te-groot.csv", lambda: csv_file(*["PV25;CBS;;lidbedrijven;;10;"] * 80_000),
     "groter dan 2 MB"),
    ("zipbom.xlsx", zip_bomb, "uitgepakt groter dan 25 MB"),
    ("nep.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200, "geen geldig xlsx-bestand"),
    ("leeg.xlsx", zip_without_workbook, "geen geldig xlsx-bestand"),
    ("tekst.xlsx", lambda: b"Dit is gewoon tekst", "geen geldig xlsx-bestand"),
    ("tekst.csv", lambda: b"Dit is gewoon tekst", "de kolom ‘regio’ ontbreekt"),
    ("oud.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "(.xls)"),
    ("latin1.csv", lambda: latin1_csv(), "geen UTF-8-tekst"),
    ("leeg.csv", lambda: b"", "leeg"),
    ("kop.csv", lambda: csv_file(), "alleen een kopregel"),
]  # fmt: skip


class TestRefusedFiles:
    @pytest.mark.parametrize(
        ("name", "make", "message"), REFUSED_FILES, ids=[name for name, _, _ in REFUSED_FILES]
    )
    def test_the_file_is_refused_with_a_dutch_message(
        self, editor_client, register, name, make, message
    ):
        response = upload(editor_client, FIGURES_URL, make(), name)

        assert response.status_code == 200
        assert "token" not in response.context
        assert message in page(response)
        assert not RegionalFigures.objects.exists()

    def test_a_byte_that_is_not_utf8_is_found_on_its_line(self, register):
        data = csv_file("PV25;CBS;;lidbedrijven;;10;", "PV25;CBS;;bedrijfstype;Café;1;")
        data = data.replace("é".encode(), "é".encode("cp1252"))

        with pytest.raises(ImportInvalid) as refused:
            figures_table_read(data)

        assert str(refused.value).startswith("Regel 3: het bestand is geen UTF-8-tekst")

    def test_a_csv_file_over_the_row_limit_is_refused(self, register):
        data = csv_file(*["PV25;CBS;;lidbedrijven;;10;"] * (MAX_ROWS + 1))

        with pytest.raises(ImportInvalid, match=r"meer dan 5\.000 regels"):
            figures_table_read(data)

    def test_an_xlsx_sheet_over_the_row_limit_is_refused(self, register):
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(["regio", "bron", "soort", "waarde"])
        for _ in range(MAX_ROWS + 1):
            sheet.append(["PV25", "CBS", "lidbedrijven", 10])
        buffer = io.BytesIO()
        workbook.save(buffer)

        with pytest.raises(ImportInvalid, match=r"meer dan 5\.000 regels"):
            figures_table_read(buffer.getvalue())


# --- contacts --------------------------------------------------------------------------------


CONTACT_HEADER = "naam;functie;e-mail;telefoon;district"


class TestContactsImport:
    def test_new_contacts_are_added_and_existing_ones_updated_by_email_or_slug(
        self, editor_client, editor
    ):
        noord = DistrictFactory(name="Noord", slug="noord")
        by_email = ContactFactory(
            name="Jan Jansen", email="jansen@metaalunie.nl", phone="1", bio="Blijft staan."
        )
        by_slug = ContactFactory(name="Piet Peters", slug="piet-peters", email="oud@example.nl")
        linked_user = UserFactory(staff=True)
        Contact.objects.filter(pk=by_email.pk).update(user=linked_user, photo="contacts/jan.webp")
        data = csv_file(
            "Jan Jansen;Regiomanager;JANSEN@metaalunie.nl;06 - 123 456 78;Noord;",
            "Piet Peters;Regiosecretaris;nieuw@metaalunie.nl;;;piet-peters",
            "Nieuwe Collega;Manager public affairs;nieuw2@metaalunie.nl;;noord;",
            header=CONTACT_HEADER + ";slug",
        )

        preview = upload(editor_client, CONTACTS_URL, data)
        html = page(preview)
        assert "bijgewerkt: functie, e-mailadres, telefoonnummer, district" in html
        assert "nieuw" in html
        assert Contact.objects.count() == 2
        response = confirm(editor_client, CONTACTS_CONFIRM_URL, preview)

        by_email.refresh_from_db()
        assert (by_email.role, by_email.phone, by_email.district) == (
            "Regiomanager",
            "06 - 123 456 78",
            noord,
        )
        assert by_email.bio == "<p>Blijft staan.</p>"  # no bio column: left alone
        assert by_email.user == linked_user and by_email.photo.name == "contacts/jan.webp"
        by_slug.refresh_from_db()
        assert (by_slug.role, by_slug.email, by_slug.district) == (
            "Regiosecretaris",
            "nieuw@metaalunie.nl",
            None,
        )
        new = Contact.objects.get(slug="nieuwe-collega")
        assert (new.name, new.district, new.user) == ("Nieuwe Collega", noord, None)
        assert "1 nieuwe contactpersonen, 2 bijgewerkt, 0 ongewijzigd" in page(response)
        change = LogEntry.objects.get(object_id=str(by_email.pk), action_flag=CHANGE)
        assert change.user == editor
        # The import is one revision by its user: the card's old and new values compare.
        new_version, old_version = Version.objects.get_for_object(by_email)[:2]
        assert new_version.revision.user == editor
        assert "Import uit" in new_version.revision.get_comment()
        assert (old_version.field_dict["phone"], new_version.field_dict["phone"]) == (
            "1",
            "06 - 123 456 78",
        )
        assert LogEntry.objects.filter(object_id=str(new.pk), action_flag=ADDITION).exists()

    def test_the_changelist_offers_the_import_to_an_editor(self, editor_client):
        response = editor_client.get(reverse("admin:regions_contact_changelist"))

        assert reverse(CONTACTS_URL) in page(response)

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (";Regiomanager;a@metaalunie.nl;;", "Regel 2, kolom naam: vul de naam in."),
            ("Jan;;a@metaalunie.nl;;", "Regel 2, kolom functie: vul de functie in."),
            ("Jan;Regiomanager;geen-adres;;", "Regel 2, kolom e-mail: "),
            ("Jan;Regiomanager;a@metaalunie.nl;;Atlantis", "Regel 2, kolom district: ‘Atlantis’"),
            ("Jan;Regiomanager;a@metaalunie.nl;" + "1" * 31 + ";", "Regel 2, kolom telefoon: "),
            ("Bestaande Naam;Regiomanager;;;", "Regel 2, kolom naam: er is al een contactpersoon"),
        ],
    )
    def test_a_bad_row_is_reported_and_nothing_is_written(self, db, row, message):
        ContactFactory(name="Bestaande Naam", slug="bestaande-naam", email="x@metaalunie.nl")
        data = csv_file(row, "Goed;Regiomanager;goed@metaalunie.nl;;", header=CONTACT_HEADER)

        with pytest.raises(ImportInvalid) as refused:
            contacts_import(rows=contacts_table_read(data))

        assert str(refused.value.issues[0]).startswith(message)
        assert list(Contact.objects.values_list("slug", flat=True)) == ["bestaande-naam"]

    def test_the_same_person_twice_in_a_file_is_reported(self, db):
        data = csv_file(
            "Jan;Regiomanager;jan@metaalunie.nl;;",
            "Jan J.;Regiomanager;JAN@metaalunie.nl;;",
            header=CONTACT_HEADER,
        )
        ContactFactory(name="Jan", email="jan@metaalunie.nl")

        with pytest.raises(ImportInvalid, match="staat ook al op regel 2"):
            contacts_import(rows=contacts_table_read(data))


# --- the confirm step -----------------------------------------------------------------------


class TestConfirm:
    def test_a_forged_token_writes_nothing(self, editor_client, register):
        upload(editor_client, FIGURES_URL, csv_file(*GELDERLAND))

        response = editor_client.post(
            reverse(FIGURES_CONFIRM_URL), {"token": "verzonnen"}, follow=True
        )

        assert "verlopen" in page(response)
        assert not RegionalFigures.objects.exists()

    def test_confirming_twice_writes_once(self, editor_client, register):
        preview = upload(editor_client, FIGURES_URL, csv_file(*GELDERLAND))
        confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        again = confirm(editor_client, FIGURES_CONFIRM_URL, preview)

        assert "verlopen" in page(again)
        assert RegionalFigures.objects.count() == 1

    def test_the_file_is_checked_again_on_confirm(self, editor_client):
        noord = DistrictFactory(name="Noord", slug="noord")
        data = csv_file("Nieuwe Collega;Regiomanager;n@metaalunie.nl;;noord", header=CONTACT_HEADER)
        preview = upload(editor_client, CONTACTS_URL, data)
        noord.delete()

        response = confirm(editor_client, CONTACTS_CONFIRM_URL, preview)

        assert "Regel 2, kolom district: ‘noord’ is geen bekend district" in page(response)
        assert not Contact.objects.filter(slug="nieuwe-collega").exists()

    def test_only_the_token_travels_through_the_browser(self, editor_client, register):
        preview = upload(editor_client, FIGURES_URL, csv_file(*GELDERLAND))

        html = page(preview)
        assert 'name="token"' in html
        assert (
            "2029"
            not in html.split('id="regionalfigures_import_confirm_form"')[1].split("</form>")[0]
        )


# --- who may import, and hostile content --------------------------------------------------------


class TestAccess:
    @pytest.mark.parametrize(
        "url_name", [FIGURES_URL, FIGURES_CONFIRM_URL, CONTACTS_URL, CONTACTS_CONFIRM_URL]
    )
    def test_a_regiomanager_gets_403(self, client, regiomanager, url_name):
        client.force_login(regiomanager)

        assert client.get(reverse(url_name)).status_code == 403
        response = client.post(
            reverse(url_name),
            {"file": SimpleUploadedFile("c.csv", csv_file("X;Y;;;", header=CONTACT_HEADER))},
        )
        assert response.status_code == 403

    def test_a_regiomanager_sees_no_import_button(self, client, roles):
        user = UserFactory(staff=True, role=REGIOMANAGER)
        client.force_login(user)

        response = client.get(reverse("admin:regions_contact_changelist"))

        assert response.status_code == 200
        assert reverse(CONTACTS_URL) not in page(response)

    def test_a_visitor_is_sent_to_the_login(self, client):
        response = client.get(reverse(FIGURES_URL))

        assert response.status_code == 302
        assert reverse("admin:login") in response.url


class TestHostileContent:
    def test_markup_in_cells_is_escaped_in_the_preview(self, editor_client):
        data = csv_file(
            "<script>alert(1)</script>;<b>baas</b>;x@metaalunie.nl;;;<img src=x onerror=alert(1)>",
            header=CONTACT_HEADER + ";bio",
        )

        response = upload(editor_client, CONTACTS_URL, data, "<i>naam</i>.csv")

        html = page(response)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
        assert "<i>naam</i>" not in html

    def test_markup_in_cells_is_escaped_in_the_errors(self, editor_client, register):
        data = csv_file('<img src=x onerror="alert(1)">;CBS;;lidbedrijven;;10;')

        response = upload(editor_client, FIGURES_URL, data)

        html = page(response)
        assert "&lt;img src=x" in html
        assert "<img src=x" not in html
