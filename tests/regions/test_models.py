import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from regions.models import FigureRow, Municipality, RegionalFigures
from tests.factories import (
    ContactFactory,
    DistrictFactory,
    FigureRowFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RegionalFiguresFactory,
)

pytestmark = pytest.mark.django_db

JAN_2022 = datetime.date(2022, 1, 1)
JAN_2023 = datetime.date(2023, 1, 1)
ONE_DAY = datetime.timedelta(days=1)


class TestValidityInterval:
    """valid_from: the first day a municipality exists; valid_until: the first day it does not."""

    @pytest.mark.parametrize(
        ("date", "exists"),
        [
            (JAN_2022 - ONE_DAY, False),
            (JAN_2022, True),
            (JAN_2023 - ONE_DAY, True),
            (JAN_2023, False),
        ],
    )
    def test_bounded_interval(self, date, exists):
        municipality = MunicipalityFactory(valid_from=JAN_2022, valid_until=JAN_2023)

        assert municipality.is_valid_on(date) is exists
        assert Municipality.objects.valid_on(date).filter(pk=municipality.pk).exists() is exists

    @pytest.mark.parametrize(
        ("date", "exists"),
        [(datetime.date(1900, 1, 1), True), (JAN_2023 - ONE_DAY, True), (JAN_2023, False)],
    )
    def test_without_start_date_it_existed_before(self, date, exists):
        municipality = MunicipalityFactory(valid_from=None, valid_until=JAN_2023)

        assert municipality.is_valid_on(date) is exists
        assert Municipality.objects.valid_on(date).filter(pk=municipality.pk).exists() is exists

    @pytest.mark.parametrize(
        ("date", "exists"),
        [(JAN_2022 - ONE_DAY, False), (JAN_2022, True), (datetime.date(2100, 1, 1), True)],
    )
    def test_without_end_date_it_still_exists(self, date, exists):
        municipality = MunicipalityFactory(valid_from=JAN_2022, valid_until=None)

        assert municipality.is_valid_on(date) is exists
        assert Municipality.objects.valid_on(date).filter(pk=municipality.pk).exists() is exists

    def test_current_leaves_out_dissolved_municipalities(self):
        still_there = MunicipalityFactory(valid_from=JAN_2022)
        MunicipalityFactory(valid_until=JAN_2022)

        assert list(Municipality.objects.current()) == [still_there]

    @pytest.mark.parametrize("valid_until", [JAN_2022, JAN_2022 - ONE_DAY])
    def test_database_rejects_an_end_not_after_the_start(self, valid_until):
        with pytest.raises(IntegrityError), transaction.atomic():
            MunicipalityFactory(valid_from=JAN_2022, valid_until=valid_until)

        assert not Municipality.objects.exists()

    def test_validation_explains_an_end_before_the_start(self):
        municipality = MunicipalityFactory.build(
            province=ProvinceFactory(), valid_from=JAN_2023, valid_until=JAN_2022
        )

        with pytest.raises(ValidationError, match="Opgeheven per"):
            municipality.full_clean()


class TestCbsCodes:
    @pytest.mark.parametrize("code", ["GM0518", "GM1992"])
    def test_municipality_code_accepted(self, code):
        assert MunicipalityFactory(cbs_code=code).cbs_code == code

    @pytest.mark.parametrize("code", ["GM518", "gm0518", "0518", "GM05a8", "PV0518"])
    def test_municipality_code_rejected(self, code):
        with pytest.raises(IntegrityError), transaction.atomic():
            MunicipalityFactory(cbs_code=code)

    @pytest.mark.parametrize("code", ["PV2", "pv21", "21", "PVX1", "GM21"])
    def test_province_code_rejected(self, code):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProvinceFactory(cbs_code=code)

    def test_province_code_accepted(self):
        assert ProvinceFactory(cbs_code="PV21").cbs_code == "PV21"


class TestRegionalFigures:
    def test_one_region_of_each_kind_is_accepted(self):
        by_municipality = RegionalFiguresFactory(for_municipality=True)
        by_province = RegionalFiguresFactory()
        by_district = RegionalFiguresFactory(for_district=True)

        assert by_municipality.region == by_municipality.municipality
        assert by_province.region == by_province.province
        assert by_district.region == by_district.district

    def test_database_rejects_figures_without_region(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            RegionalFiguresFactory(province=None)

    @pytest.mark.parametrize(
        "second_region",
        [{"municipality": MunicipalityFactory}, {"district": DistrictFactory}],
        ids=["and-municipality", "and-district"],
    )
    def test_database_rejects_figures_for_two_regions(self, second_region):
        ((field, region_factory),) = second_region.items()
        region = region_factory()

        with pytest.raises(IntegrityError), transaction.atomic():
            RegionalFiguresFactory(**{field: region})

    def test_validation_explains_the_region_rule(self):
        figures = RegionalFiguresFactory.build(
            province=ProvinceFactory(), district=DistrictFactory()
        )

        with pytest.raises(ValidationError, match="precies één regio"):
            figures.full_clean()

    def test_breakdowns_are_split_by_kind_in_printed_order(self):
        figures = RegionalFiguresFactory()
        second = FigureRowFactory(figures=figures, position=2, label="mbo 2-4, havo/vwo")
        company = FigureRowFactory(
            figures=figures, kind=FigureRow.Kind.COMPANY_TYPE, unit=FigureRow.Unit.COUNT
        )
        first = FigureRowFactory(figures=figures, position=1, label="basisonderwijs")

        figures = RegionalFigures.objects.with_rows().get(pk=figures.pk)

        assert figures.education_levels() == [first, second]
        assert figures.company_types() == [company]


class TestFigureRowValue:
    @pytest.mark.parametrize("value", ["100.01", "250"])
    def test_percentage_over_hundred_is_rejected(self, value):
        row = FigureRowFactory.build(
            figures=RegionalFiguresFactory(), unit=FigureRow.Unit.PERCENT, value=Decimal(value)
        )

        with pytest.raises(ValidationError) as excinfo:
            row.full_clean()

        assert "niet hoger zijn dan 100" in str(excinfo.value.message_dict["value"])

    @pytest.mark.parametrize(
        ("unit", "value"),
        [
            (FigureRow.Unit.PERCENT, "100"),
            (FigureRow.Unit.PERCENT, "0"),
            (FigureRow.Unit.COUNT, "4500"),
        ],
    )
    def test_valid_values_pass(self, unit, value):
        row = FigureRowFactory.build(
            figures=RegionalFiguresFactory(), unit=unit, value=Decimal(value)
        )

        row.full_clean()

    def test_database_rejects_a_negative_value(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            FigureRowFactory(value=Decimal("-1"))


class TestContactPhoneUri:
    @pytest.mark.parametrize(
        ("phone", "uri"),
        [
            ("06 - 111 708 71", "tel:+31611170871"),
            ("06-53 28 99 35", "tel:+31653289935"),
            ("030 - 605 33 44", "tel:+31306053344"),
            ("+31 6 12345678", "tel:+31612345678"),
            ("", ""),
            ("onbekend", ""),
        ],
    )
    def test_phone_becomes_a_tel_uri(self, phone, uri):
        assert ContactFactory.build(phone=phone).phone_uri == uri

    @pytest.mark.parametrize(
        ("phone", "uri"),
        [
            ("+31 (0)30 605 33 44", "tel:+31306053344"),
            ("0031 30 605 33 44", "tel:+31306053344"),
        ],
    )
    def test_international_notations(self, phone, uri):
        assert ContactFactory.build(phone=phone).phone_uri == uri


class TestContactPhoneValidation:
    @pytest.mark.parametrize(
        "phone",
        [
            "079 353 11 00",
            "06 - 111 708 71",
            "06-53 28 99 35",
            "(079) 353 1100",
            "0800-1234",
            "+31 (0)30 605 33 44",
            "+32 2 123 45 67",
            "0031 30 605 33 44",
            "",
        ],
    )
    def test_dutch_and_international_numbers_are_accepted(self, phone):
        ContactFactory(phone=phone).full_clean()

    @pytest.mark.parametrize(
        "phone",
        [
            "0900 - gekaapt",
            "1",
            "06-123",
            "onbekend",
            "+31 6 1234 5678 9012 345",
            "06-12345678 ext",
        ],
    )
    def test_anything_else_is_refused_with_a_dutch_message(self, phone):
        with pytest.raises(ValidationError) as refused:
            ContactFactory(phone=phone).full_clean()
        assert "Vul een Nederlands telefoonnummer in" in refused.value.message_dict["phone"][0]
