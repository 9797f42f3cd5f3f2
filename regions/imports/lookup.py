"""The regions and districts an import file names: CBS codes, and district names or slugs."""

import re

from django.utils.translation import gettext as _

from config.tables import quoted

from ..models import District, Municipality, Province

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


class RegionLookup:
    """Looks up the regions a file names, with one query per kind of region."""

    def __init__(self, values):
        codes = {value.upper() for value in values}
        self.municipalities = {
            m.cbs_code: m
            for m in Municipality.objects.filter(
                cbs_code__in=[c for c in codes if MUNICIPALITY_CODE.fullmatch(c)]
            )
        }
        self.provinces = {
            p.cbs_code: p
            for p in Province.objects.filter(
                cbs_code__in=[c for c in codes if PROVINCE_CODE.fullmatch(c)]
            )
        }
        self.districts = DistrictLookup()

    def get(self, value):
        code = value.upper()
        if MUNICIPALITY_CODE.fullmatch(code):
            if code not in self.municipalities:
                raise ValueError(_("%(code)s is geen bekende gemeente.") % {"code": quoted(value)})
            return self.municipalities[code]
        if PROVINCE_CODE.fullmatch(code):
            if code not in self.provinces:
                raise ValueError(_("%(code)s is geen bekende provincie.") % {"code": quoted(value)})
            return self.provinces[code]
        district = self.districts.find(value)
        if district is None:
            raise ValueError(
                _(
                    "%(value)s is geen CBS-code van een gemeente (GM0518) of provincie (PV27), "
                    "en geen bekend district (%(known)s)."
                )
                % {"value": quoted(value), "known": self.districts.known}
            )
        return district
