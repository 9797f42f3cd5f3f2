"""The regions and districts an import file names: CBS codes, the names of provinces and
municipalities (an alias, or a dissolved municipality's name, as the municipality finder
reads them: regions/finder.py), and district names or slugs."""

import re

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from config.tables import quoted

from ..finder import MunicipalityFinder
from ..models import District, Province

MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")
PROVINCE_CODE = re.compile(r"PV[0-9]{2}")


class DistrictLookup:
    """Districts by slug or name, without regard to case."""

    def __init__(self):
        districts = list(District.objects.all())
        self.by_key = {d.name.lower(): d for d in districts} | {
            d.slug.lower(): d for d in districts
        }
        names = sorted(d.name for d in districts)
        self.known = ", ".join(names) if names else _("er zijn nog geen districten")

    def find(self, value):
        return self.by_key.get(value.lower())

    def get(self, value):
        district = self.find(value)
        if district is None:
            raise ValueError(
                _("%(value)s is geen bekend district (%(known)s).")
                % {"value": quoted(value), "known": self.known}
            )
        return district


class PlaceLookup:
    """Municipalities and provinces by CBS code or by name, read once for a whole file.

    A name is a province's name or slug, or a municipality's name or alias as the
    municipality finder reads it (`MunicipalityFinder.named`), on today's map: a
    dissolved municipality's name stands for what it became.
    """

    def __init__(self):
        self.date = timezone.localdate()
        self.finder = MunicipalityFinder.from_database()
        self.by_code = {m.cbs_code: m for m in self.finder.municipalities.values()}
        self.provinces = {}
        for province in Province.objects.all():
            for key in (province.cbs_code, province.name, province.slug):
                self.provinces[key.lower()] = province

    def find(self, value):
        """The places `value` names: one, several (ambiguous) or none."""
        code = value.strip().upper()
        if MUNICIPALITY_CODE.fullmatch(code):
            return [self.by_code[code]] if code in self.by_code else []
        province = self.provinces.get(value.strip().lower())
        if PROVINCE_CODE.fullmatch(code):
            return [province] if province else []
        return [province] * bool(province) + self.finder.named(value, self.date)

    def get(self, value, *, also=""):
        """The one place `value` names, or a ValueError that says what is wrong in Dutch;
        `also` names what else the column may hold."""
        places = self.find(value)
        if len(places) > 1:
            raise ValueError(
                _("%(value)s kan meer dan één regio zijn (%(places)s); gebruik de CBS-code.")
                % {
                    "value": quoted(value),
                    "places": ", ".join(f"{place.name} {place.cbs_code}" for place in places),
                }
            )
        if places:
            return places[0]
        code = value.strip().upper()
        if MUNICIPALITY_CODE.fullmatch(code):
            raise ValueError(_("%(code)s is geen bekende gemeente.") % {"code": quoted(value)})
        if PROVINCE_CODE.fullmatch(code):
            raise ValueError(_("%(code)s is geen bekende provincie.") % {"code": quoted(value)})
        message = _(
            "%(value)s is geen bekende gemeente of provincie (naam, andere naam zoals "
            "Den Haag, of CBS-code zoals GM0518 of PV27)%(also)s."
        ) % {"value": quoted(value), "also": also}
        if close := self.finder.resembling(value):
            message += " " + _("Bedoelt u %(names)s?") % {
                "names": get_text_list([quoted(name) for name in close], _("of"))
            }
        raise ValueError(message)


class RegionLookup:
    """Looks up the regions of a figures file: a municipality or province (`PlaceLookup`)
    or a district."""

    def __init__(self):
        self.places = PlaceLookup()
        self.districts = DistrictLookup()

    def get(self, value):
        if district := self.districts.find(value):
            return district
        return self.places.get(
            value,
            also=_(", en geen bekend district (%(known)s)") % {"known": self.districts.known},
        )
