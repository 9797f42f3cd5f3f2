"""Parties per campaign and region, and the record of what each did with the manifesto.

A party moves through stages: the manifesto was sent to it, it reacted, it adopted
recommendations in its programme and, after the election, a coalition agreement
took them over. Every stage keeps its date and the user who recorded it.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from config import media

# The fields of each stage kept on the party itself; a change to any of them stamps the
# stage with the user and moment of recording (`services.party_stamp`).
SENT_FIELDS = ("sent_on", "sent_by")
REACTION_FIELDS = ("reaction_on", "reaction_summary", "reaction_link", "reaction_file")
STAGE_FIELDS = {"sent": SENT_FIELDS, "reaction": REACTION_FIELDS}


def reaction_upload_to(party, filename):
    """An unguessable place for a party's reaction, in case a storage is ever served
    directly: the site itself serves it only to staff (`_reaction_readers`)."""
    return f"lobby/reacties/{secrets.token_urlsafe(16)}/{PurePath(filename).name}"


def _recorded_by(verbose_name):
    """Who recorded a stage: kept when the account goes (then it says "onbekend")."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class PartyQuerySet(models.QuerySet):
    def in_district(self, district):
        """Parties of the municipalities and provinces of `district`."""
        return self.filter(
            Q(municipality__province__district=district) | Q(province__district=district)
        )

    def with_region(self):
        return self.select_related(
            "campaign", "municipality__province__district", "province__district"
        )

    def with_responses(self):
        """Parties with anything recorded beyond their name: a stage or an adoption."""
        return self.filter(
            Q(sent_on__isnull=False)
            | Q(reaction_on__isnull=False)
            | Q(pk__in=Adoption.objects.values("party_id"))
        )


class Party(models.Model):
    """A party that stands in one election in one region: a municipality, a province or
    (for a national election) the whole country."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="parties",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        help_text=_("Bij gemeenteraadsverkiezingen."),
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("provincie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        help_text=_("Bij Provinciale Staten. Leeg met lege gemeente: een landelijke partij."),
    )
    name = models.CharField(_("naam"), max_length=100)
    website = models.URLField(_("website"), max_length=300, blank=True)

    sent_on = models.DateField(_("manifest verstuurd op"), null=True, blank=True)
    sent_by = models.CharField(
        _("verstuurd door"),
        max_length=100,
        blank=True,
        help_text=_("Wie het manifest stuurde, bijvoorbeeld de regiomanager."),
    )
    sent_recorded_by = _recorded_by(_("verzending vastgelegd door"))
    sent_recorded_at = models.DateTimeField(_("verzending vastgelegd op"), null=True, blank=True)

    reaction_on = models.DateField(_("reactie ontvangen op"), null=True, blank=True)
    reaction_summary = models.TextField(_("samenvatting van de reactie"), blank=True)
    reaction_link = models.URLField(_("link naar de reactie"), max_length=500, blank=True)
    reaction_file = models.FileField(
        _("reactie als bestand (pdf)"), upload_to=reaction_upload_to, blank=True
    )
    reaction_recorded_by = _recorded_by(_("reactie vastgelegd door"))
    reaction_recorded_at = models.DateTimeField(_("reactie vastgelegd op"), null=True, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "municipality__name", "province__name", "name"]
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        permissions = [
            ("manage_all_parties", _("Partijen en reacties van alle regio's beheren")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(province__isnull=True),
                name="party_one_region",
                violation_error_message=_(
                    "Een partij hoort bij een gemeente, een provincie of het hele land: niet "
                    "bij een gemeente én een provincie."
                ),
            ),
            models.UniqueConstraint(
                Lower("name"),
                "campaign",
                "municipality",
                condition=Q(municipality__isnull=False),
                name="unique_party_per_municipality",
                violation_error_message=_(
                    "Deze partij staat al bij deze gemeente in deze campagne."
                ),
            ),
            models.UniqueConstraint(
                Lower("name"),
                "campaign",
                "province",
                condition=Q(province__isnull=False),
                name="unique_party_per_province",
                violation_error_message=_(
                    "Deze partij staat al bij deze provincie in deze campagne."
                ),
            ),
            models.UniqueConstraint(
                Lower("name"),
                "campaign",
                condition=Q(municipality__isnull=True, province__isnull=True),
                name="unique_national_party",
                violation_error_message=_("Deze landelijke partij staat al in deze campagne."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.region_label})"

    @property
    def region(self):
        return self.municipality or self.province

    @property
    def region_label(self):
        region = self.region
        return str(region) if region is not None else str(_("landelijk"))

    @property
    def district(self):
        province = self.municipality.province if self.municipality_id else self.province
        return province.district if province is not None else None

    @property
    def has_reaction(self):
        return self.reaction_on is not None

    def clean(self):
        errors = {}
        campaign = self.campaign if self.campaign_id else None
        if campaign is not None:
            errors.update(self._region_errors(campaign))
        if self.sent_by and self.sent_on is None:
            errors["sent_on"] = _("Vul in wanneer het manifest verstuurd is.")
        has_reaction_content = self.reaction_summary or self.reaction_link or self.reaction_file
        if has_reaction_content and self.reaction_on is None:
            errors["reaction_on"] = _("Vul in wanneer de reactie binnenkwam.")
        if self.reaction_on and self.sent_on and self.reaction_on < self.sent_on:
            errors["reaction_on"] = _("De reactie kan niet eerder zijn dan de verzending.")
        if errors:
            raise ValidationError(errors)

    def _region_errors(self, campaign):
        if campaign.level.national_only:
            # No pages per region (TK, EP, Waterschap): parties are recorded for the country.
            if self.municipality_id or self.province_id:
                return {
                    "municipality": _(
                        "Bij een landelijke verkiezing horen partijen bij het hele land: laat "
                        "gemeente en provincie leeg."
                    )
                }
            return {}
        if self.municipality_id is None and self.province_id is None:
            return {"municipality": _("Kies de gemeente of de provincie waar deze partij meedoet.")}
        if self.municipality_id and not self.municipality.is_valid_on(campaign.election_date):
            return {
                "municipality": _("%(name)s bestond niet op de verkiezingsdatum van deze campagne.")
                % {"name": self.municipality.name}
            }
        return {}


class AdoptionQuerySet(models.QuerySet):
    def with_evidence_link(self):
        """Adoptions a visitor can check: only these are ever shown in public."""
        return self.exclude(evidence_link="")


class Adoption(models.Model):
    """A recommendation a party took over: in its programme, or in a coalition agreement."""

    class Stage(models.TextChoices):
        PROGRAMME = "programme", _("verkiezingsprogramma")
        COALITION = "coalition", _("coalitieakkoord")

    party = models.ForeignKey(
        Party, verbose_name=_("partij"), on_delete=models.CASCADE, related_name="adoptions"
    )
    recommendation = models.ForeignKey(
        "manifestos.Recommendation",
        verbose_name=_("aanbeveling"),
        # A recommendation that a party adopted is not deleted by accident; deleting its
        # whole campaign (which removes the party too) still works.
        on_delete=models.RESTRICT,
        related_name="adoptions",
    )
    stage = models.CharField(_("waarin"), max_length=10, choices=Stage)
    adopted_on = models.DateField(
        _("datum"), help_text=_("De datum van het programma of het akkoord.")
    )
    evidence_quote = models.TextField(
        _("citaat"), blank=True, help_text=_("De zin uit het programma of akkoord.")
    )
    evidence_link = models.URLField(
        _("link naar de bron"),
        max_length=500,
        blank=True,
        help_text=_("Alleen aanbevelingen met een link verschijnen op de openbare pagina."),
    )
    recorded_by = _recorded_by(_("vastgelegd door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["party", "stage", "recommendation"]
        verbose_name = _("overgenomen aanbeveling")
        verbose_name_plural = _("overgenomen aanbevelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "recommendation", "stage"],
                name="unique_adoption",
                violation_error_message=_(
                    "Deze aanbeveling staat al bij deze partij, in hetzelfde stuk."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(evidence_quote="", evidence_link=""),
                name="adoption_has_evidence",
                violation_error_message=_("Geef als bewijs een citaat of een link."),
            ),
        ]

    def __str__(self):
        return f"{self.party.name}: {self.recommendation} ({self.get_stage_display()})"

    def clean(self):
        if not (self.party_id and self.recommendation_id):
            return
        campaign_id = self.recommendation.theme.edition.campaign_id
        if campaign_id != self.party.campaign_id:
            raise ValidationError(
                {"recommendation": _("Deze aanbeveling hoort bij een andere campagne.")}
            )
        if (
            self.stage == self.Stage.COALITION
            and self.adopted_on is not None
            and self.adopted_on < self.party.campaign.election_date
        ):
            raise ValidationError(
                {"adopted_on": _("Een coalitieakkoord komt na de verkiezingsdatum.")}
            )


def recommendation_label(recommendation):
    """ "2.3 Kernzin…": its number in the manifesto, and the region of a regional edition.

    Expects the recommendation's theme (with parent) and edition to be loaded.
    """
    theme = recommendation.theme
    number = (
        f"{theme.parent.position}.{theme.position}.{recommendation.position}"
        if theme.parent_id
        else f"{theme.position}.{recommendation.position}"
    )
    edition = theme.edition
    scope = f" [{edition.scope_label}]" if edition.specificity else ""
    return f"{number} {recommendation}{scope}"


def _reaction_readers(request):
    """Who may open a party's reaction letter: whoever may see the party in the back
    office. It is never public: a letter to the association is not meant for visitors."""
    # access.py imports this module, so it is read here, when a file is asked for.
    from .access import recordable_parties

    return recordable_parties(request) if request.user.has_perm("manifestos.view_party") else None


media.register(Party, "reaction_file", staff=_reaction_readers)
