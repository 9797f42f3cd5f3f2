"""Where: provinces, municipalities (with their history), Metaalunie districts,
the people to call, and regional figures.

Longer than most modules on purpose: the app's models with their QuerySets, in Django's
one-module layout."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _

from config.json_rows import JSONRows, set_prefetched, take_objects, with_json_rows
from config.richtext_fields import RichTextField


class District(models.Model):
    """Metaalunie's own regional organisation; covers one or more provinces."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districten")

    def __str__(self):
        return self.name


class ProvinceQuerySet(models.QuerySet):
    def with_district_contacts(self):
        """With the district and its contacts read in the same query (config/json_rows.py):
        `province.district.contacts.all()` costs no query of its own."""
        return _with_district_contacts(self.select_related("district"), "district")


class Province(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=4,
        unique=True,
        help_text=_("Bijvoorbeeld PV21."),
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provinces",
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^PV[0-9]{2}$"),
                name="province_cbs_code_format",
            ),
        ]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, date):
        """Municipalities that existed on `date` (valid_until is the first day it no longer did)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_until__isnull=True) | Q(valid_until__gt=date),
        )

    def current(self):
        return self.filter(valid_until__isnull=True)

    def with_region(self):
        return self.select_related("province__district")

    def with_district_contacts(self):
        """`with_region()`, and the contacts of the district read in the same query
        (config/json_rows.py): `municipality.province.district.contacts.all()`."""
        return _with_district_contacts(self.with_region(), "province__district")

    def in_district(self, district):
        return self.filter(province__district=district)

    def all_with_district_contacts(self):
        """Every municipality as `with_district_contacts()` gives them, in two queries: each
        district's contacts read and made once, where that query reads them per row (for
        all 360 municipalities at once, a third of the time)."""
        contacts = {}
        for contact in Contact.objects.filter(district__isnull=False):
            contacts.setdefault(contact.district_id, []).append(contact)
        municipalities = list(self.with_region())
        for municipality in municipalities:
            if (district := municipality.province.district) is not None:
                by_name = sorted(contacts.get(district.pk, []), key=_contact_order)
                set_prefetched(district, "contacts", by_name)
        return municipalities


class Municipality(models.Model):
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("De officiële naam volgens het CBS.")
    )
    display_name = models.CharField(
        _("naam in lopende tekst"),
        max_length=100,
        blank=True,
        help_text=_(
            "Alleen als de gemeente in een zin anders heet dan officieel: ‘Den Haag’ voor "
            "'s-Gravenhage. Koppen en lijsten houden de officiële naam."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, help_text=_("Bijvoorbeeld GM0518.")
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("provincie"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    valid_from = models.DateField(
        _("bestaat vanaf"), null=True, blank=True, help_text=_("Leeg: al vóór 2021.")
    )
    valid_until = models.DateField(
        _("opgeheven per"),
        null=True,
        blank=True,
        help_text=_("De eerste dag waarop de gemeente niet meer bestaat."),
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("opvolger(s)"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="municipality_valid_interval",
                violation_error_message=_("'Opgeheven per' moet na 'bestaat vanaf' liggen."),
            ),
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^GM[0-9]{4}$"),
                name="municipality_cbs_code_format",
            ),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_until"])]

    def __str__(self):
        return self.name

    @property
    def name_in_text(self):
        """The name in running text ("de gemeente Den Haag"); headings use `name`."""
        return self.display_name or self.name

    def is_valid_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or self.valid_until > date
        )


class MunicipalityAlias(models.Model):
    """A name people use for a municipality that is not its official one ("Den Haag")."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alternatieve naam")
        verbose_name_plural = _("alternatieve namen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="unique_alias_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name


PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()./-]+")


def validate_phone(value):
    """A Dutch number (079 353 11 00, 06-12345678, 0800-1234) or an international one
    with + or 00 and the country code (+31 (0)79 353 11 00, +32 2 123 45 67)."""
    text = value.strip()
    digits = "".join(char for char in text.replace("(0)", "") if char.isdigit())
    if text.startswith("+"):
        valid = 8 <= len(digits) <= 15
    elif digits.startswith("00"):
        valid = 10 <= len(digits) <= 17
    elif digits.startswith(("0800", "0900", "0909", "0906")):
        valid = 8 <= len(digits) <= 11
    else:
        valid = digits.startswith("0") and len(digits) == 10
    if not (valid and PHONE_CHARACTERS.fullmatch(text)):
        raise ValidationError(
            _(
                "Vul een Nederlands telefoonnummer in (bijvoorbeeld 079 353 11 00 of "
                "06-12345678) of een internationaal nummer met + en landcode."
            ),
            code="invalid_phone",
        )


class Contact(models.Model):
    """A Metaalunie person a reader can call: a regiomanager, or someone central."""

    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    role = models.CharField(
        _("functie"), max_length=100, help_text=_("Bijvoorbeeld: regiomanager.")
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(
        _("telefoonnummer"), max_length=30, blank=True, validators=[validate_phone]
    )
    photo = models.ImageField(_("foto"), upload_to="contacts/", blank=True)
    bio = RichTextField(_("korte bio"), blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("Leeg voor een centrale contactpersoon."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruikersaccount"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
        help_text=_("Met een account kan deze persoon de eigen gegevens bijwerken."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        permissions = [("manage_all_contacts", _("Alle contactpersonen beheren"))]

    def __str__(self):
        return f"{self.name} ({self.role})"

    @property
    def phone_uri(self):
        """The phone number as a `tel:` URI in international form (+31…)."""
        number = self.phone.replace("(0)", "")
        digits = "".join(c for c in number if c.isdigit())
        if not digits:
            return ""
        if number.lstrip().startswith("+"):
            pass
        elif digits.startswith("00"):
            digits = digits[2:]
        elif digits.startswith("0"):
            digits = "31" + digits[1:]
        return f"tel:+{digits}"


def _with_district_contacts(queryset, district):
    """`queryset` (of provinces or municipalities; `district`: the path to their district)
    with the district's contacts as a prefetched relation, in the same query."""
    return with_json_rows(
        queryset,
        _attach_district_contacts,
        district_contacts_json=JSONRows(Contact.objects.filter(district=OuterRef(district))),
    )


def _contact_order(contact):
    return (contact.name, contact.pk)


def _attach_district_contacts(region):
    contacts = take_objects(region, "district_contacts_json", Contact, key=_contact_order)
    district = region.district if isinstance(region, Province) else region.province.district
    if district is not None:
        set_prefetched(district, "contacts", contacts)


class RegionalFiguresQuerySet(models.QuerySet):
    def with_rows(self):
        """With their regions, and their breakdown rows read in the same query
        (config/json_rows.py): `figures.rows.all()` costs no query of its own."""
        return with_json_rows(
            self.select_related("municipality", "province", "district"),
            _attach_rows,
            rows_json=JSONRows(FigureRow.objects.filter(figures=OuterRef("pk"))),
        )

    def for_regions(self, *, municipality=None, province=None, district=None):
        """Figures of any of the given regions; the page shows the most specific of them."""
        condition = Q(pk__in=[])
        if municipality is not None:
            condition |= Q(municipality=municipality)
        if province is not None:
            condition |= Q(province=province)
        if district is not None:
            condition |= Q(district=district)
        return self.filter(condition)

    def around(self, province):
        """Figures of `province`, of its municipalities and of its district: every
        candidate of the pages of the province (`RegionalFigures.is_of` picks a page's)."""
        condition = Q(province=province) | Q(municipality__province=province)
        if province.district_id is not None:
            condition |= Q(district=province.district_id)
        return self.filter(condition)

    def as_of(self, date):
        """Figures that were known on `date`: dated on or before it, or undated and not
        from a later manifesto (undated figures of no manifesto count as known)."""
        undated = Q(reference_date__isnull=True) & (
            Q(manifesto_year__isnull=True) | Q(manifesto_year__lte=date.year)
        )
        return self.filter(undated | Q(reference_date__lte=date))


def _attach_rows(figures):
    rows = take_objects(figures, "rows_json", FigureRow, key=lambda row: (row.kind, row.position))
    set_prefetched(figures, "rows", rows)


class RegionalFigures(models.Model):
    """Figures of one region at one moment, always with their source."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("provincie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
    )
    source = models.CharField(
        _("bron"), max_length=200, help_text=_("Bijvoorbeeld: CBS en Metaalunie.")
    )
    reference_date = models.DateField(
        _("peildatum"),
        null=True,
        blank=True,
        help_text=_("Leeg als de bron geen peildatum noemt."),
    )
    manifesto_year = models.PositiveSmallIntegerField(
        _("uit het manifest van"),
        null=True,
        blank=True,
        help_text=_(
            "Voor cijfers zonder peildatum die in een verkiezingsmanifest van Metaalunie "
            "stonden: het jaar van die verkiezingen, bijvoorbeeld 2022. Pagina's van latere "
            "verkiezingen noemen die herkomst (‘uit het manifest van 2022’); pagina's van "
            "eerdere verkiezingen tonen deze cijfers niet."
        ),
    )
    # The labels say what the sources print ("Aantal bedrijven in provincie Gelderland"),
    # which does not say member companies; the field keeps its name for the API and imports.
    member_companies = models.PositiveIntegerField(_("aantal bedrijven"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("aantal medewerkers"), null=True, blank=True)

    objects = RegionalFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["-reference_date", "-pk"]
        verbose_name = _("regiocijfers")
        verbose_name_plural = _("regiocijfers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, province__isnull=True, district__isnull=True)
                    | Q(municipality__isnull=True, province__isnull=False, district__isnull=True)
                    | Q(municipality__isnull=True, province__isnull=True, district__isnull=False)
                ),
                name="figures_exactly_one_region",
                violation_error_message=_(
                    "Kies precies één regio: een gemeente, een provincie of een district."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.region} ({self.source})"

    @property
    def region(self):
        return self.municipality or self.province or self.district

    def is_of(self, *, municipality=None, province=None, district=None):
        """Whether these are figures of one of the given regions (as `for_regions` asks the
        database)."""
        return (
            (municipality is not None and self.municipality_id == municipality.pk)
            or (province is not None and self.province_id == province.pk)
            or (district is not None and self.district_id == district.pk)
        )

    def company_types(self):
        return [row for row in self.rows.all() if row.kind == FigureRow.Kind.COMPANY_TYPE]

    def education_levels(self):
        return [row for row in self.rows.all() if row.kind == FigureRow.Kind.EDUCATION_LEVEL]


class FigureRow(models.Model):
    """One label/value row of a breakdown (company types, education levels)."""

    class Kind(models.TextChoices):
        COMPANY_TYPE = "company_type", _("soort bedrijf")
        EDUCATION_LEVEL = "education_level", _("opleidingsniveau")

    class Unit(models.TextChoices):
        COUNT = "count", _("aantal")
        PERCENT = "percent", _("procent")

    figures = models.ForeignKey(
        RegionalFigures,
        verbose_name=_("regiocijfers"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    label = models.CharField(_("omschrijving"), max_length=200)
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit, default=Unit.COUNT)

    class Meta:
        ordering = ["kind", "position"]
        verbose_name = _("uitsplitsing")
        verbose_name_plural = _("uitsplitsingen")
        constraints = [
            models.UniqueConstraint(
                fields=["figures", "kind", "position"], name="unique_figure_row_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="figure_row_position_positive"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_row_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.label}: {self.value}"

    def clean(self):
        if self.unit == self.Unit.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("Een percentage kan niet hoger zijn dan 100.")})
