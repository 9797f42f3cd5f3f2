"""Factories for every model, with sensible defaults, for tests of any layer.

Codes and slugs come from sequences so objects never collide, also not with
the shipped register: generated CBS codes stay out of the ranges the real
register uses (GM2000 and up; PV codes other than PV20–PV31), so one test can
create up to 8000 municipalities and 88 provinces. Positions (themes,
recommendations, key figures, figure rows) default to the next free one
among their siblings, so `ThemeFactory.create_batch(3, edition=e)` gives
themes 1, 2 and 3.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import Campaign, CampaignEvent, ElectionType, KeyFigure
from config.roles import roles_sync
from manifestos.models import Adoption, Edition, Party, Recommendation, Theme
from regions.models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)

# Province numbers the real register does not use (it has PV20 to PV31).
UNUSED_PROVINCE_NUMBERS = [number for number in range(100) if not 20 <= number <= 31]


def _next_position(model, **siblings):
    """One more than the highest position among `siblings` (1 when there are none yet)."""
    if any(getattr(value, "pk", 0) is None for value in siblings.values()):
        return 1  # An unsaved parent (build strategy) has no siblings in the database.
    highest = model.objects.filter(**siblings).aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1


PASSWORD = "geheim-wachtwoord"  # every factory-made account's password


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@metaalunie.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(staff=True, role=REGIOMANAGER)`: a member of that back-office group."""
        if not create or not extracted:
            return
        if not Group.objects.filter(name=extracted).exists():
            roles_sync()
        self.groups.add(Group.objects.get(name=extracted))


class DistrictFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = District


class ProvinceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Provincie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    cbs_code = factory.Sequence(
        lambda n: f"PV{UNUSED_PROVINCE_NUMBERS[n % len(UNUSED_PROVINCE_NUMBERS)]:02d}"
    )
    district = factory.SubFactory(DistrictFactory)

    class Meta:
        model = Province


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality that has always existed and still does (pass valid_from/valid_until)."""

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    cbs_code = factory.Sequence(lambda n: f"GM{2000 + n % 8000:04d}")
    province = factory.SubFactory(ProvinceFactory)
    valid_from = None
    valid_until = None

    class Meta:
        model = Municipality
        skip_postgeneration_save = True

    @factory.post_generation
    def successors(self, create, extracted, **kwargs):
        """`MunicipalityFactory(valid_until=…, successors=[other])` records a merger."""
        if create and extracted:
            self.successors.set(extracted)


class MunicipalityAliasFactory(factory.django.DjangoModelFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Bijnaam {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = MunicipalityAlias


class ContactFactory(factory.django.DjangoModelFactory):
    """A regiomanager of a district; `ContactFactory(central=True)` for someone central."""

    name = factory.Faker("name", locale="nl_NL")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)}-{n}")
    role = "Regiomanager"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@metaalunie.nl")
    phone = "06 - 123 456 78"
    bio = ""
    district = factory.SubFactory(DistrictFactory)
    user = None

    class Meta:
        model = Contact

    class Params:
        central = factory.Trait(district=None, role="Manager public affairs")
        with_user = factory.Trait(user=factory.SubFactory(UserFactory))


class RegionalFiguresFactory(factory.django.DjangoModelFactory):
    """Figures of a province by default; traits `for_municipality` and `for_district`."""

    province = factory.SubFactory(ProvinceFactory)
    municipality = None
    district = None
    source = "CBS en Metaalunie"
    reference_date = datetime.date(2025, 1, 1)
    member_companies = 2029
    employees = 24041

    class Meta:
        model = RegionalFigures

    class Params:
        for_municipality = factory.Trait(
            province=None, municipality=factory.SubFactory(MunicipalityFactory)
        )
        for_district = factory.Trait(province=None, district=factory.SubFactory(DistrictFactory))


class FigureRowFactory(factory.django.DjangoModelFactory):
    figures = factory.SubFactory(RegionalFiguresFactory)
    kind = FigureRow.Kind.EDUCATION_LEVEL
    position = factory.LazyAttribute(
        lambda o: _next_position(FigureRow, figures=o.figures, kind=o.kind)
    )
    label = factory.Sequence(lambda n: f"Opleidingsniveau {n}")
    value = Decimal("25.00")
    unit = FigureRow.Unit.PERCENT

    class Meta:
        model = FigureRow


class CampaignFactory(factory.django.DjangoModelFactory):
    """A published municipal-election campaign, public since yesterday.

    Traits: `draft`, `archived`, `scheduled` (published, but from tomorrow on).
    """

    name = factory.Sequence(lambda n: f"Gemeenteraadsverkiezingen {2026 + n}")
    slug = factory.Sequence(lambda n: f"campagne{n}")
    election_type = ElectionType.GEMEENTERAAD
    election_date = datetime.date(2026, 3, 18)
    status = Campaign.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    tagline = "Samen aan de slag met de ondernemers in je gemeente"
    intro_letter = "De lokale MKB-maakindustrie speelt een sleutelrol."
    foreword = ""
    foreword_author = "Mark Helder"
    foreword_author_role = "Voorzitter Koninklijke Metaalunie"
    about = "Koninklijke Metaalunie is de grootste branchevereniging voor de MKB-maakindustrie."
    central_contact = None

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Campaign.Status.DRAFT, published_at=None)
        archived = factory.Trait(status=Campaign.Status.ARCHIVED)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )

    @factory.post_generation
    def national_edition(self, create, extracted, **kwargs):
        """`CampaignFactory(national_edition=True)`: with a published national edition, so
        that it has a page for every province and municipality (campaigns/coverage.py)."""
        if create and extracted:
            EditionFactory(campaign=self)


class KeyFigureFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    position = factory.LazyAttribute(lambda o: _next_position(KeyFigure, campaign=o.campaign))
    value = "35 miljard euro"
    label = "omzet"

    class Meta:
        model = KeyFigure


class CampaignEventFactory(factory.django.DjangoModelFactory):
    """An all-day key date of a campaign; give `start_time` for a timed one."""

    campaign = factory.SubFactory(CampaignFactory)
    title = "Dag van de kandidaatstelling"
    kind = CampaignEvent.Kind.CANDIDATES
    start_date = datetime.date(2026, 2, 2)
    url = "https://wetten.overheid.nl/BWBR0004627/"

    class Meta:
        model = CampaignEvent


class EditionFactory(factory.django.DjangoModelFactory):
    """The national edition by default; traits `for_province` and `for_municipality`."""

    campaign = factory.SubFactory(CampaignFactory)
    province = None
    municipality = None
    title = factory.Sequence(lambda n: f"De MKB-maakindustrie brengt je gemeente vooruit ({n})")
    intro = "MKB-maakbedrijven zijn de ruggengraat van de regionale economie."
    closing = ""
    contact = None
    # Visible as soon as its campaign is; a draft edition is asked for explicitly.
    status = Campaign.Status.PUBLISHED

    class Meta:
        model = Edition

    class Params:
        for_province = factory.Trait(province=factory.SubFactory(ProvinceFactory))
        for_municipality = factory.Trait(municipality=factory.SubFactory(MunicipalityFactory))


class ThemeFactory(factory.django.DjangoModelFactory):
    """A top-level theme; pass `parent=` for a sub-theme (it then joins the parent's edition)."""

    parent = None
    edition = factory.Maybe(
        "parent",
        yes_declaration=factory.SelfAttribute("parent.edition"),
        no_declaration=factory.SubFactory(EditionFactory),
    )
    position = factory.LazyAttribute(
        lambda o: (
            _next_position(Theme, edition=o.edition, parent=o.parent)
            if o.parent is not None
            else _next_position(Theme, edition=o.edition, parent__isnull=True)
        )
    )
    title = factory.Sequence(lambda n: f"Een innovatieve gemeente {n}")
    intro = "Innovatie biedt mkb-maakbedrijven toekomst."
    facts_title = ""
    facts = ""
    quote = ""
    quote_author = ""
    quote_author_role = ""

    class Meta:
        model = Theme


class RecommendationFactory(factory.django.DjangoModelFactory):
    theme = factory.SubFactory(ThemeFactory)
    position = factory.LazyAttribute(lambda o: _next_position(Recommendation, theme=o.theme))
    lead = ""
    body = factory.Sequence(
        lambda n: f"Zorg voor toekomstbestendige bedrijventerreinen (aanbeveling {n})."
    )
    points = ""
    conclusion = ""

    class Meta:
        model = Recommendation


class _AxesRecordFactory(factory.django.DjangoModelFactory):
    """What django-axes records of every login attempt: who, from where, with what."""

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0"
    path_info = "/admin/login/"
    http_accept = "text/html"

    class Meta:
        abstract = True


class AccessAttemptFactory(_AxesRecordFactory):
    """A run of failed logins of one username from one address."""

    get_data = ""
    post_data = "username=gebruiker&password=********************"
    failures_since_start = 1

    class Meta:
        model = "axes.AccessAttempt"


class AccessLogFactory(_AxesRecordFactory):
    class Meta:
        model = "axes.AccessLog"


class AccessFailureLogFactory(_AxesRecordFactory):
    locked_out = False

    class Meta:
        model = "axes.AccessFailureLog"


def _national_edition(campaign):
    existing = Edition.objects.filter(
        campaign=campaign, province__isnull=True, municipality__isnull=True
    ).first()
    return existing or EditionFactory(campaign=campaign)


class PartyFactory(factory.django.DjangoModelFactory):
    """A party in one municipality of a municipal-election campaign; nothing recorded yet.

    Pass `province=…, municipality=None` for a provincial party.
    """

    campaign = factory.SubFactory(CampaignFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    province = None
    name = factory.Sequence(lambda n: f"Partij {n}")
    website = ""

    class Meta:
        model = Party

    class Params:
        sent = factory.Trait(sent_on=datetime.date(2026, 1, 15), sent_by="Regiomanager")


class AdoptionFactory(factory.django.DjangoModelFactory):
    """A recommendation in a party's programme, with a link as evidence.

    By default a new recommendation in the national edition of the party's campaign.
    """

    party = factory.SubFactory(PartyFactory)
    recommendation = factory.LazyAttribute(
        lambda o: RecommendationFactory(
            theme=ThemeFactory(edition=_national_edition(o.party.campaign))
        )
    )
    stage = Adoption.Stage.PROGRAMME
    adopted_on = datetime.date(2026, 2, 1)
    evidence_quote = ""
    evidence_link = factory.Sequence(lambda n: f"https://partij.example/programma#{n}")

    class Meta:
        model = Adoption
