"""When and who: a campaign per election, with the association's figures and people.

Longer than most modules on purpose: the app's models with their QuerySets, in Django's
one-module layout; what an election type has is in levels.py, which regions a campaign
covers in coverage.py, the pages about the site in site_pages.py."""

import datetime
import uuid
from functools import cached_property
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.identity import DEFAULT_TINT, TINTS
from config.json_rows import JSONRows, set_prefetched, take_objects, with_json_rows
from config.richtext_fields import RichTextField

from .coverage import Coverage

# The election types and their levels live in levels.py; imported from here as well.
from .levels import REGIONAL_PAGE_SCOPES, ElectionLevel, ElectionType

# The life cycle (phases by the clock, upcoming elections) lives in lifecycle.py; its
# model UpcomingElection is imported here so that Django finds it.
from .lifecycle import (
    CampaignLifecycleQuerySet,
    Phase,
    UpcomingElection,  # noqa: F401
    WebCopy,
    campaign_phase,
    campaign_web_copy,
    phase_moments,
)

# The pages every site has (about, privacy, contact) live in site_pages.py; imported here
# so that Django finds the model, and for their addresses below.
from .site_pages import SitePage

# The time zone of every event time: Dutch elections, Dutch clocks.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# Top-level addresses of other pages: a campaign with one of these slugs would hide them
# (or be hidden by them), because campaign pages live at /<slug>/.
RESERVED_CAMPAIGN_SLUGS = frozenset(
    {
        "admin",
        "api",
        "bench",
        "feeds",
        "gemeenten",
        "media",
        "static",
        "voorbeeld",
        "zoeken",
        *SitePage.Key.values,
    }
)


# Links visitors follow: web addresses only (no ftp:, never a script).
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def web_address(url):
    """`url` if it is a web address (http or https), else "": never a script URL, even when
    a row was written past the form's validation."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def validate_campaign_slug(value):
    if value.lower() in RESERVED_CAMPAIGN_SLUGS:
        raise ValidationError(
            _("Het adres ‘%(slug)s’ hoort bij een andere pagina. Kies een ander adres."),
            code="reserved",
            params={"slug": value},
        )


def publicly_visible(now, *, prefix=""):
    """The condition on a campaign or edition (through `prefix`, e.g. "editions__") that a
    visitor may see it: published or archived, and its moment has come. An edition without
    a moment of its own appears with its campaign; a published campaign always has one
    (constraint `campaign_published_has_date`)."""
    return Q(**{f"{prefix}status__in": [Campaign.Status.PUBLISHED, Campaign.Status.ARCHIVED]}) & (
        Q(**{f"{prefix}published_at__isnull": True}) | Q(**{f"{prefix}published_at__lte": now})
    )


def publications_after(queryset, now):
    """The publication moments after `now` of the published or archived rows of `queryset`
    (campaigns or editions): when they become public without anyone saving anything."""
    return (
        queryset.filter(
            status__in=[Campaign.Status.PUBLISHED, Campaign.Status.ARCHIVED], published_at__gt=now
        )
        .values(moment=models.F("published_at"))
        .order_by()
    )


class CampaignQuerySet(CampaignLifecycleQuerySet):
    """Also `current`, `campaigning`, `following_through`, `archived`: lifecycle.py."""

    def public(self, now=None):
        """Campaigns a visitor may see: published or archived, and publication time passed."""
        return self.filter(publicly_visible(now or timezone.now())).select_related(
            "central_contact"
        )

    def in_preview(self):
        """Campaigns a staff preview shows: all of them, drafts and scheduled ones as if
        published."""
        return self.all()

    def regional(self, scope=None):
        """Campaigns with regional pages (of `scope`: Scope.PROVINCE or Scope.MUNICIPALITY),
        as their election level says: not TK, EP or Waterschap."""
        pages = {scope} if scope else REGIONAL_PAGE_SCOPES
        return self.filter(
            election_type__in=[
                election_type
                for election_type in ElectionType
                if pages & election_type.level.regional_pages
            ]
        )

    def with_key_figures(self):
        """With the key figures read in the same query (config/json_rows.py):
        `campaign.key_figures.all()` costs no query of its own."""
        return with_json_rows(
            self,
            _attach_key_figures,
            key_figures_json=JSONRows(KeyFigure.objects.filter(campaign=OuterRef("pk"))),
        )

    def publications_after(self, now):
        """The moments after `now` at which scheduled campaigns become public."""
        return publications_after(self, now)

    def with_coverage(self, *, preview=False, now=None):
        """With `campaign.coverage`, the regions it has pages for (coverage.py), read in the
        same query: the scopes of its visible editions, or in a staff preview of all of
        them (drafts and scheduled ones as if published)."""
        # Not working copies: they have the scope of the edition they replace.
        editions = Q(editions__isnull=False, editions__replaces__isnull=True)
        if not preview:
            editions &= publicly_visible(now or timezone.now(), prefix="editions__")
        # One filter() call: the values below read the same editions it selects.
        scopes = Campaign.objects.filter(editions, pk=OuterRef("pk"))
        return self.annotate(
            edition_scopes=JSONRows(
                scopes,
                values={
                    "province": models.F("editions__province_id"),
                    "municipality": models.F("editions__municipality_id"),
                },
            )
        )


def _attach_key_figures(campaign):
    figures = take_objects(
        campaign, "key_figures_json", KeyFigure, key=lambda figure: (figure.position, figure.pk)
    )
    set_prefetched(campaign, "key_figures", figures)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        PUBLISHED = "published", _("gepubliceerd")
        ARCHIVED = "archived", _("gearchiveerd")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        validators=[validate_campaign_slug],
        help_text=_("Het adres, bijvoorbeeld gr2026."),
    )
    election_type = models.CharField(_("soort verkiezing"), max_length=2, choices=ElectionType)
    election_date = models.DateField(_("verkiezingsdatum"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publicatiemoment"),
        null=True,
        blank=True,
        help_text=_("Vanaf dit moment is een gepubliceerde campagne zichtbaar."),
    )
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)
    # The web copy: what visitors of the site (politicians, journalists) read.
    web_intro = RichTextField(
        _("introductie op de website"),
        blank=True,
        help_text=_(
            "Bovenaan de campagnepagina. Geschreven voor de website: geen ‘deze e-mail’, "
            "‘de button’ of ‘hieronder’."
        ),
    )
    call_to_action = models.CharField(
        _("oproep aan de politiek"),
        max_length=300,
        blank=True,
        help_text=_(
            "Eén of twee zinnen aan politici, op de campagnepagina, elke provincie- en "
            "gemeentepagina en in de pdf, met de naam van de ondertekenaar."
        ),
    )
    # The same after election day (lifecycle.py, `web_copy`): the texts above speak of an
    # election to come, so from the midnight after election day only these are shown.
    follow_up_intro = RichTextField(
        _("introductie na de verkiezingen"),
        blank=True,
        help_text=_(
            "Vervangt de introductie vanaf de dag na de verkiezingen, in de verleden tijd. "
            "Leeg: dan staat er na de verkiezingsdag geen introductie."
        ),
    )
    follow_up_call_to_action = models.CharField(
        _("oproep na de verkiezingen"),
        max_length=300,
        blank=True,
        help_text=_(
            "Vervangt de oproep aan de politiek vanaf de dag na de verkiezingen, "
            "bijvoorbeeld aan de onderhandelaars en de nieuwe raad of staten. Leeg: dan "
            "staat er na de verkiezingsdag geen oproep."
        ),
    )
    # The member e-mail: what members read in their inbox; never on a page or in a PDF.
    intro_letter = RichTextField(
        _("e-mail aan de leden"),
        blank=True,
        help_text=_(
            "De oproep aan de leden om het manifest door te sturen, zoals hij gemaild is. "
            "Staat niet op de website en niet in de pdf."
        ),
    )
    foreword = RichTextField(_("voorwoord"), blank=True)
    foreword_author = models.CharField(
        _("naam ondertekenaar"),
        max_length=100,
        blank=True,
        help_text=_("Ondertekent het voorwoord en de oproep aan de politiek."),
    )
    foreword_author_role = models.CharField(_("functie ondertekenaar"), max_length=100, blank=True)
    about = RichTextField(
        _("over Metaalunie"),
        blank=True,
        help_text=_("De tekst ‘Koninklijke Metaalunie stelt zich voor’ van deze campagne."),
    )
    flyer = models.FileField(_("flyer (pdf)"), upload_to="flyers/", blank=True)
    flyer_url = models.URLField(
        _("link naar de flyer"),
        max_length=500,
        blank=True,
        validators=[WEB_ADDRESS],
        help_text=_("Waar de originele flyer online staat, als hij niet hierboven is geüpload."),
    )
    campaign_page_url = models.URLField(
        _("campagnepagina van Metaalunie"),
        max_length=500,
        blank=True,
        validators=[WEB_ADDRESS],
        help_text=_(
            "De pagina over deze verkiezingen op metaalunie.nl, bijvoorbeeld "
            "https://metaalunie.nl/Lobby/Gemeenteraadsverkiezingen-2026."
        ),
    )
    # The campaign's identity: its colour (config/identity.py, static/css/tokens.css) and
    # its key visual, an image of its own or else the plate pattern in its colour.
    colour = models.CharField(
        _("kleur"),
        max_length=20,
        choices=TINTS,
        default=DEFAULT_TINT,
        help_text=_(
            "De kleur van de campagne: de band bovenaan haar pagina's, haar kaart op de "
            "voorpagina, de deelafbeelding en de pdf. Witte tekst is op elke kleur goed leesbaar."
        ),
    )
    image = models.ImageField(
        _("afbeelding"),
        upload_to="campaigns/",
        blank=True,
        help_text=_(
            "Beeld in de band bovenaan de campagnepagina en op haar kaart op de voorpagina: "
            "JPEG, PNG of WebP, liggend. Zonder afbeelding staat er een plaatpatroon in de "
            "kleur van de campagne."
        ),
    )
    image_alt = models.CharField(
        _("beschrijving van de afbeelding"),
        max_length=200,
        blank=True,
        help_text=_("Wat er op de afbeelding staat, voor wie haar niet kan zien."),
    )
    central_contact = models.ForeignKey(
        "regions.Contact",
        verbose_name=_("centrale contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("gekopieerd van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text=_("De campagne waarvan deze een kopie is; basis voor de vergelijking."),
    )
    party_results_public = models.BooleanField(
        _("toon wat de partijen deden"),
        default=False,
        help_text=_(
            "Op de pagina van een gemeente: per partij de overgenomen aanbevelingen, alleen "
            "die met een link als bewijs."
        ),
    )
    # When election day is over and when the term is (Dutch midnights), from the election
    # date and type on every save: the phase filters and the page cache read them in SQL.
    election_over_at = models.DateTimeField(_("verkiezingsdag voorbij vanaf"), editable=False)
    term_over_at = models.DateTimeField(_("zittingsperiode voorbij vanaf"), editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-election_date", "name"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="campaign_published_has_date",
                violation_error_message=_(
                    "Een gepubliceerde of gearchiveerde campagne heeft een publicatiemoment."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.election_over_at, self.term_over_at = phase_moments(
            self.election_type, self.election_date
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"election_type", "election_date"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "election_over_at", "term_over_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("manifestos:campaign-detail", kwargs={"campaign": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Beschrijf wat er op de afbeelding staat.")}, code="required"
            )

    @property
    def level(self) -> ElectionLevel:
        """What this kind of election has: scope, heading, pages, letter (levels.py)."""
        return ElectionType(self.election_type).level

    @cached_property
    def coverage(self) -> Coverage:
        """The regions this campaign has pages for; read it with
        `Campaign.objects.with_coverage()`."""
        if "edition_scopes" not in self.__dict__:
            raise AttributeError("Read the campaign with Campaign.objects.with_coverage().")
        return Coverage.of_json(self.level, self.edition_scopes)

    @property
    def is_national(self):
        """Only the national page (TK, EP, Waterschap): short for `level.national_only`."""
        return self.level.national_only

    @property
    def recommendations_heading(self):
        return self.level.heading

    def phase(self, now=None) -> Phase:
        """Campaigning, following through or archived at `now` (lifecycle.py)."""
        return campaign_phase(self, now)

    @property
    def web_copy(self) -> WebCopy:
        """The introduction and the call to politicians its pages show today (lifecycle.py)."""
        return campaign_web_copy(self)

    @property
    def flyer_link(self):
        """Where the flyer is: the uploaded PDF, else its web address elsewhere ("": none)."""
        return self.flyer.url if self.flyer else web_address(self.flyer_url)

    @property
    def campaign_page_link(self):
        """The association's page on this election ("": none)."""
        return web_address(self.campaign_page_url)


class KeyFigure(models.Model):
    """One of the association's figures as a campaign states them ("35 miljard euro omzet")."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="key_figures"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    value = models.CharField(
        _("waarde"), max_length=50, help_text=_("Bijvoorbeeld: 35 miljard euro.")
    )
    label = models.CharField(_("omschrijving"), max_length=200, help_text=_("Bijvoorbeeld: omzet."))

    class Meta:
        ordering = ["campaign", "position"]
        verbose_name = _("kerncijfer")
        verbose_name_plural = _("kerncijfers")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"], name="unique_key_figure_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="key_figure_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.label}"


class CampaignEventQuerySet(models.QuerySet):
    def publications_after(self, now):
        """The moments after `now` at which an event moves from upcoming to past."""
        return self.filter(ends_at__gt=now).values(moment=models.F("ends_at")).order_by()


class CampaignEvent(models.Model):
    """A key date of a campaign: on the public agenda and in its iCalendar feed.

    An event without a start time lasts the whole day (or days, up to `end_date`);
    times are Dutch wall-clock times (Europe/Amsterdam). `uid` identifies the event
    to calendar apps for good, and `sequence` rises with every change, so that a
    subscribed calendar replaces the event instead of adding a second one.
    """

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("deadline verkiezingsprogramma's")
        CANDIDATES = "candidates", _("kandidaatstelling")
        ELECTION = "election", _("verkiezingsdag")
        COALITION = "coalition", _("coalitievorming")
        ACTION = "action", _("actie van Metaalunie")
        OTHER = "other", _("overig")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind, default=Kind.OTHER)
    start_date = models.DateField(_("datum"))
    start_time = models.TimeField(
        _("begintijd"),
        null=True,
        blank=True,
        help_text=_("Leeg: de hele dag. Nederlandse tijd."),
    )
    end_date = models.DateField(
        _("einddatum"),
        null=True,
        blank=True,
        help_text=_("Alleen als het meer dan één dag duurt, of eindigt op een andere dag."),
    )
    end_time = models.TimeField(_("eindtijd"), null=True, blank=True)
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    description = models.TextField(
        _("beschrijving"), blank=True, help_text=_("Platte tekst, zonder opmaak.")
    )
    url = models.URLField(
        _("link of bron"),
        max_length=500,
        blank=True,
        help_text=_("Waar het meer over staat, of waar de datum vandaan komt."),
    )
    # When the event is over (the midnight after its last day, Dutch time): from then on
    # it is listed under past events; a scheduled moment for the page cache.
    ends_at = models.DateTimeField(_("voorbij vanaf"), editable=False)
    uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        _("versie"),
        default=0,
        editable=False,
        help_text=_("Stijgt bij elke wijziging, zodat agenda's de afspraak vervangen."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = CampaignEventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", models.F("start_time").asc(nulls_first=True), "title"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agenda")
        indexes = [models.Index(fields=["campaign", "start_date"], name="event_campaign_start")]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        next_day = self.last_date + datetime.timedelta(days=1)
        self.ends_at = datetime.datetime.combine(next_day, datetime.time(), AMSTERDAM)
        # Every change raises the sequence, in the database itself (no lost updates).
        if not self._state.adding and self.pk is not None:
            self.sequence = models.F("sequence") + 1
        super().save(*args, **kwargs)
        if isinstance(self.sequence, models.expressions.Combinable):
            self.refresh_from_db(fields=["sequence"])

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def last_date(self):
        """The day the event ends (its start day when it has no end date)."""
        return self.end_date or self.start_date

    @property
    def link(self):
        """The event's web address, if it is one (http or https): never a script URL."""
        return web_address(self.url)

    @property
    def is_election_day(self):
        return self.kind == self.Kind.ELECTION

    def clean(self):
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt voor de begindatum.")
        if self.end_time and not self.start_time:
            errors["end_time"] = _("Geef ook een begintijd, of laat de eindtijd leeg.")
        elif self.start_time and self.end_date and not self.end_time:
            errors["end_time"] = _("Geef de eindtijd op de einddatum.")
        elif (
            self.end_time
            and self.start_time
            and self.last_date == self.start_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("De eindtijd ligt niet na de begintijd.")
        if errors:
            raise ValidationError(errors)
