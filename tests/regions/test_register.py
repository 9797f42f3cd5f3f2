"""The municipal register: what ships with the project, and next year's CBS file."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from regions.models import Municipality, MunicipalityAlias, Province
from regions.register import (
    SHIPPED_REGISTER,
    RegisterError,
    parse_aliases,
    shipped_register_import,
)

ELECTION_GR2022 = datetime.date(2022, 3, 16)
NEW_YEAR_2027 = datetime.date(2027, 1, 1)
REGISTER_HEADER = SHIPPED_REGISTER.read_text(encoding="utf-8").splitlines()[0]
DISSOLVED_HEADER = "GemeentecodeGM;Gemeentenaam;ProvinciecodePV;OpgehevenPer;OpvolgerGM"


def municipality(name):
    return Municipality.objects.get(name=name)


def successor_names(name):
    return sorted(municipality(name).successors.values_list("name", flat=True))


def register_snapshot():
    """Everything an import may change, in comparable form."""
    return {
        "municipalities": set(
            Municipality.objects.values_list(
                "cbs_code", "name", "slug", "province__cbs_code", "valid_from", "valid_until"
            )
        ),
        "successors": set(
            Municipality.successors.through.objects.values_list(
                "from_municipality__cbs_code", "to_municipality__cbs_code"
            )
        ),
        "aliases": set(MunicipalityAlias.objects.values_list("municipality__cbs_code", "slug")),
        "provinces": set(Province.objects.values_list("cbs_code", "name")),
    }


class TestShippedRegister:
    def test_342_municipalities_exist_today(self, register):
        assert Municipality.objects.current().count() == 342
        assert Municipality.objects.valid_on(datetime.date(2026, 3, 18)).count() == 342

    def test_municipalities_per_province(self, register):
        counts = dict(
            Province.objects.annotate(
                current=Count("municipalities", filter=Q(municipalities__valid_until__isnull=True))
            ).values_list("name", "current")
        )

        assert counts == {
            "Groningen": 10,
            "Fryslân": 18,
            "Drenthe": 12,
            "Overijssel": 25,
            "Flevoland": 6,
            "Gelderland": 51,
            "Utrecht": 26,
            "Noord-Holland": 44,
            "Zuid-Holland": 50,
            "Zeeland": 13,
            "Noord-Brabant": 56,
            "Limburg": 31,
        }

    def test_provinces_have_their_cbs_codes_and_slugs(self, register):
        assert set(Province.objects.values_list("cbs_code", "slug")) == {
            ("PV20", "groningen"),
            ("PV21", "fryslan"),
            ("PV22", "drenthe"),
            ("PV23", "overijssel"),
            ("PV24", "flevoland"),
            ("PV25", "gelderland"),
            ("PV26", "utrecht"),
            ("PV27", "noord-holland"),
            ("PV28", "zuid-holland"),
            ("PV29", "zeeland"),
            ("PV30", "noord-brabant"),
            ("PV31", "limburg"),
        }

    def test_18_dissolved_municipalities_all_have_a_successor(self, register):
        dissolved = Municipality.objects.filter(valid_until__isnull=False)

        assert dissolved.count() == 18
        assert not dissolved.filter(successors__isnull=True).exists()

    def test_weesp_merged_into_amsterdam(self, register):
        weesp = municipality("Weesp")

        assert weesp.valid_until == datetime.date(2022, 3, 24)
        assert successor_names("Weesp") == ["Amsterdam"]
        assert weesp.province.name == "Noord-Holland"

    def test_haaren_was_split_into_four(self, register):
        assert municipality("Haaren").valid_until == datetime.date(2021, 1, 1)
        assert successor_names("Haaren") == ["Boxtel", "Oisterwijk", "Tilburg", "Vught"]

    def test_voorne_aan_zee_replaced_three_municipalities(self, register):
        voorne = municipality("Voorne aan Zee")

        assert voorne.valid_from == datetime.date(2023, 1, 1)
        assert sorted(voorne.predecessors.values_list("name", flat=True)) == [
            "Brielle",
            "Hellevoetsluis",
            "Westvoorne",
        ]
        for name in ("Brielle", "Hellevoetsluis", "Westvoorne"):
            assert municipality(name).valid_until == datetime.date(2023, 1, 1)
            assert successor_names(name) == ["Voorne aan Zee"]

    def test_a_campaign_date_shows_the_municipalities_of_that_day(self, register):
        on_election_day = Municipality.objects.valid_on(ELECTION_GR2022)

        assert on_election_day.filter(name="Brielle").exists()
        assert on_election_day.filter(name="Weesp").exists()
        assert not on_election_day.filter(name="Voorne aan Zee").exists()
        assert municipality("Brielle").is_valid_on(ELECTION_GR2022)
        assert not municipality("Voorne aan Zee").is_valid_on(ELECTION_GR2022)

    @pytest.mark.parametrize(
        ("date", "count"),
        [
            (datetime.date(2020, 6, 1), 355),
            (datetime.date(2021, 3, 17), 352),
            (ELECTION_GR2022, 345),
            (datetime.date(2022, 6, 1), 344),
            (datetime.date(2023, 3, 15), 342),
        ],
    )
    def test_number_of_municipalities_through_the_years(self, register, date, count):
        # The official CBS numbers: 355 (2020), 352 (2021), 345 (1 Jan 2022), 344 after
        # Weesp joined Amsterdam, 342 since 2023.
        assert Municipality.objects.valid_on(date).count() == count

    @pytest.mark.parametrize(
        "date",
        [
            datetime.date(1990, 1, 1),
            datetime.date(2021, 1, 1),
            datetime.date(2022, 3, 24),
            NEW_YEAR_2027,
        ],
    )
    def test_amsterdam_exists_on_every_date(self, register, date):
        amsterdam = municipality("Amsterdam")

        assert amsterdam.is_valid_on(date)
        assert Municipality.objects.valid_on(date).filter(pk=amsterdam.pk).exists()

    @pytest.mark.parametrize(
        ("alias", "official"),
        [
            ("Den Haag", "'s-Gravenhage"),
            ("Den Bosch", "'s-Hertogenbosch"),
            ("Hengelo", "Hengelo (O.)"),
        ],
    )
    def test_common_names_are_aliases(self, register, alias, official):
        assert list(
            MunicipalityAlias.objects.filter(name=alias).values_list(
                "municipality__name", flat=True
            )
        ) == [official]

    def test_den_haag_is_the_name_in_running_text_of_s_gravenhage(self, register):
        assert dict(
            Municipality.objects.exclude(display_name="").values_list("name", "display_name")
        ) == {"'s-Gravenhage": "Den Haag"}
        assert municipality("'s-Gravenhage").name_in_text == "Den Haag"
        assert municipality("Amsterdam").name_in_text == "Amsterdam"

    def test_a_display_name_changed_in_the_admin_stays(self, register):
        Municipality.objects.filter(name="'s-Gravenhage").update(display_name="Den Haag (ZH)")

        report = shipped_register_import()

        assert municipality("'s-Gravenhage").display_name == "Den Haag (ZH)"
        assert not report.changed

    def test_a_bad_running_text_mark_is_refused(self):
        data = b"GemeentecodeGM;Alias;InLopendeTekst\nGM0518;Den Haag;misschien\n"

        with pytest.raises(RegisterError, match="regel 2: InLopendeTekst 'misschien'"):
            parse_aliases(data, name="aliassen.csv")

    def test_bergen_is_an_alias_of_both_bergens(self, register):
        assert sorted(
            MunicipalityAlias.objects.filter(slug="bergen").values_list(
                "municipality__name", flat=True
            )
        ) == ["Bergen (L.)", "Bergen (NH.)"]

    @pytest.mark.parametrize(
        ("name", "slug"),
        [
            ("'s-Gravenhage", "s-gravenhage"),
            ("'s-Hertogenbosch", "s-hertogenbosch"),
            ("Súdwest-Fryslân", "sudwest-fryslan"),
            ("Bergen (NH.)", "bergen-nh"),
            ("Bergen (L.)", "bergen-l"),
            ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten"),
        ],
    )
    def test_slugs(self, register, name, slug):
        assert municipality(name).slug == slug

    def test_importing_twice_changes_nothing(self, register):
        assert register.changed
        before = register_snapshot()

        report = shipped_register_import()

        assert not report.changed
        assert report.lines() == ["Geen wijzigingen: het register was al actueel."]
        assert register_snapshot() == before
        assert Municipality.objects.count() == 342 + 18

    def test_command_without_arguments_loads_the_shipped_register(self, db):
        out = io.StringIO()

        call_command("import_municipalities", stdout=out)

        assert Municipality.objects.current().count() == 342
        assert "Toegevoegd (342):" in out.getvalue()
        assert "Opgeheven (18):" in out.getvalue()


def _write_register(path, rows):
    path.write_text("\n".join([REGISTER_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _write_dissolved(path, rows):
    path.write_text("\n".join([DISSOLVED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def register_2027(tmp_path):
    """Next year's CBS file: Nuenen renamed, Aalten and Winterswijk merged, one new municipality."""
    rows = []
    for row in SHIPPED_REGISTER.read_text(encoding="utf-8").splitlines()[1:]:
        if row.startswith(("0197;", "0294;")):
            continue
        rows.append(row.replace("Nuenen, Gerwen en Nederwetten", "Nuenen"))
    rows += [
        "1999;GM1999;Achterhoek-Oost;25;PV25;Gelderland",
        "1998;GM1998;Nieuwland;24;PV24;Flevoland",
    ]
    return _write_register(tmp_path / "gemeenten-2027.csv", rows)


@pytest.fixture
def dissolved_2027(tmp_path):
    return _write_dissolved(
        tmp_path / "opgeheven-2027.csv",
        [
            "GM0197;Aalten;PV25;2027-01-01;GM1999",
            "GM0294;Winterswijk;PV25;2027-01-01;GM1999",
        ],
    )


def import_municipalities(*args):
    out = io.StringIO()
    call_command("import_municipalities", *map(str, args), stdout=out)
    return out.getvalue()


class TestNextYearsFile:
    def test_output_names_what_changed(self, register, register_2027, dissolved_2027):
        output = import_municipalities(
            register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027
        )

        assert "Hernoemd (1):" in output
        assert "Nuenen, Gerwen en Nederwetten → Nuenen (GM0820)" in output
        assert "Toegevoegd (2):" in output
        assert "Achterhoek-Oost (GM1999, Gelderland)" in output
        assert "Nieuwland (GM1998, Flevoland)" in output
        assert "Opgeheven (2):" in output
        assert "Aalten (GM0197) per 01-01-2027 → Achterhoek-Oost" in output
        assert "Winterswijk (GM0294) per 01-01-2027 → Achterhoek-Oost" in output
        assert "opvolger onbekend" not in output

    def test_renamed_municipality_keeps_its_code_and_old_name(
        self, register, register_2027, dissolved_2027
    ):
        before = municipality("Nuenen, Gerwen en Nederwetten")

        import_municipalities(register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027)

        nuenen = Municipality.objects.get(cbs_code="GM0820")
        assert nuenen.pk == before.pk
        assert nuenen.name == "Nuenen"
        assert nuenen.slug == "nuenen"
        assert nuenen.valid_until is None
        assert list(nuenen.aliases.values_list("name", "slug")) == [
            ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten")
        ]

    def test_merged_municipalities_get_end_date_and_successor(
        self, register, register_2027, dissolved_2027
    ):
        import_municipalities(register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027)

        successor = Municipality.objects.get(cbs_code="GM1999")
        assert successor.valid_from == NEW_YEAR_2027
        assert successor.province.name == "Gelderland"
        for name in ("Aalten", "Winterswijk"):
            merged = municipality(name)
            assert merged.valid_until == NEW_YEAR_2027
            assert list(merged.successors.all()) == [successor]
            assert merged.is_valid_on(NEW_YEAR_2027 - datetime.timedelta(days=1))
            assert not merged.is_valid_on(NEW_YEAR_2027)

    def test_new_municipality_exists_from_the_given_date(
        self, register, register_2027, dissolved_2027
    ):
        import_municipalities(register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027)

        nieuwland = Municipality.objects.get(cbs_code="GM1998")
        assert nieuwland.valid_from == NEW_YEAR_2027
        assert nieuwland.slug == "nieuwland"
        assert nieuwland.province.name == "Flevoland"
        assert Municipality.objects.current().count() == 342 - 2 + 2
        assert Municipality.objects.valid_on(datetime.date(2026, 12, 31)).count() == 342

    def test_without_dissolved_file_the_missing_ones_end_without_successor(
        self, register, register_2027
    ):
        output = import_municipalities(register_2027, "--per", "2027-01-01")

        assert "Opgeheven (2):" in output
        assert "Aalten (GM0197) per 01-01-2027, opvolger onbekend" in output
        assert "Winterswijk (GM0294) per 01-01-2027, opvolger onbekend" in output
        for name in ("Aalten", "Winterswijk"):
            assert municipality(name).valid_until == NEW_YEAR_2027
            assert successor_names(name) == []

    def test_date_defaults_to_new_year_of_the_year_in_the_file_name(
        self, register, register_2027, dissolved_2027
    ):
        import_municipalities(register_2027, "--dissolved", dissolved_2027)

        assert Municipality.objects.get(cbs_code="GM1998").valid_from == NEW_YEAR_2027

    def test_importing_the_same_file_again_changes_nothing(
        self, register, register_2027, dissolved_2027
    ):
        import_municipalities(register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027)
        after_first = register_snapshot()

        output = import_municipalities(
            register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027
        )

        assert output.strip() == "Geen wijzigingen: het register was al actueel."
        assert register_snapshot() == after_first


def _shipped_rows():
    return SHIPPED_REGISTER.read_text(encoding="utf-8").splitlines()[1:]


class TestMalformedFiles:
    """A bad file is refused with a message naming the line, and changes nothing."""

    def assert_refused(self, *args, message):
        before = register_snapshot()

        with pytest.raises(CommandError) as excinfo:
            import_municipalities(*args)

        assert message in str(excinfo.value)
        assert register_snapshot() == before
        return str(excinfo.value)

    def test_wrong_header(self, register, tmp_path):
        path = tmp_path / "gemeenten-2027.csv"
        path.write_text(
            "Code;Naam;Provincie\n" + "\n".join(_shipped_rows()) + "\n", encoding="utf-8"
        )

        self.assert_refused(path, "--per", "2027-01-01", message="regel 1")

    def test_bad_code_names_its_line(self, register, tmp_path):
        rows = _shipped_rows()
        rows[3] = rows[3].replace(";GM0059;", ";GM059;")  # Achtkarspelen, line 5 of the file
        path = _write_register(tmp_path / "gemeenten-2027.csv", rows)

        message = self.assert_refused(path, "--per", "2027-01-01", message="regel 5")
        assert "GM059" in message

    def test_row_with_missing_column_names_its_line(self, register, tmp_path):
        rows = _shipped_rows()
        rows[99] = "0001;GM0001;Ergens;25"
        path = _write_register(tmp_path / "gemeenten-2027.csv", rows)

        self.assert_refused(path, "--per", "2027-01-01", message="regel 101")

    def test_not_utf8(self, register, tmp_path):
        path = tmp_path / "gemeenten-2027.csv"
        text = "\n".join([REGISTER_HEADER, *_shipped_rows()]) + "\n"
        path.write_bytes(text.encode("cp1252"))

        self.assert_refused(path, "--per", "2027-01-01", message="geen UTF-8")

    def test_duplicate_code(self, register, tmp_path):
        rows = _shipped_rows()
        rows.append(rows[0].replace("Aa en Hunze", "Aa en Hunze-Noord"))
        path = _write_register(tmp_path / "gemeenten-2027.csv", rows)

        message = self.assert_refused(path, "--per", "2027-01-01", message=f"regel {len(rows) + 1}")
        assert "GM1680 staat ook al op regel 2" in message

    def test_empty_file(self, register, tmp_path):
        path = tmp_path / "gemeenten-2027.csv"
        path.write_bytes(b"")

        self.assert_refused(path, "--per", "2027-01-01", message="leeg")

    def test_header_only(self, register, tmp_path):
        path = _write_register(tmp_path / "gemeenten-2027.csv", [])

        self.assert_refused(path, "--per", "2027-01-01", message="geen gemeenten")

    def test_dissolved_file_naming_an_unknown_successor(self, register, register_2027, tmp_path):
        dissolved = _write_dissolved(
            tmp_path / "opgeheven-2027.csv",
            [
                "GM0197;Aalten;PV25;2027-01-01;GM1999",
                "GM0294;Winterswijk;PV25;2027-01-01;GM9999",
            ],
        )

        message = self.assert_refused(
            register_2027, "--per", "2027-01-01", "--dissolved", dissolved, message="regel 3"
        )
        assert "GM9999" in message

    def test_dissolved_file_with_a_bad_date(self, register, register_2027, tmp_path):
        dissolved = _write_dissolved(
            tmp_path / "opgeheven-2027.csv", ["GM0197;Aalten;PV25;1-1-2027;GM1999"]
        )

        self.assert_refused(
            register_2027, "--per", "2027-01-01", "--dissolved", dissolved, message="regel 2"
        )

    def test_missing_file(self, register, tmp_path):
        self.assert_refused(
            tmp_path / "gemeenten-2027.csv",
            "--per",
            "2027-01-01",
            message="kan het bestand niet lezen",
        )

    def test_an_older_file_after_a_newer_one_is_refused_with_a_message(
        self, register, register_2027, dissolved_2027
    ):
        import_municipalities(register_2027, "--per", "2027-01-01", "--dissolved", dissolved_2027)

        message = self.assert_refused(SHIPPED_REGISTER, "--per", "2026-01-01", message="")
        assert any(name in message for name in ("Nieuwland", "GM1998", "Achterhoek-Oost", "GM1999"))
