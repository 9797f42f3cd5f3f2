"""What we ask: editions of a campaign's manifesto, their themes and recommendations.

Longer than most modules on purpose: the app's models with their QuerySets, in Django's
one-module layout; the lobby's models are in `lobby/models.py`.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, publications_after, publicly_visible
from config.json_rows import JSONRows, set_prefetched, take_objects, with_json_rows
from config.ordering import PositionErrorsAtTheField
from config.richtext import plain_text
from config.richtext_fields import InlineTextField, RichTextField, TextLinesField
from config.slugs import unique_slug, validate_has_letter

from .fields import text_lines


class EditionQuerySet(models.QuerySet):
    def public(self, now=None):
        """Editions a visitor may see: published (or archived) and their time has come.

        A working copy (working_copies.py) takes its edition's place from its own moment,
        as long as that edition is public itself: the published edition is shown until
        then, the copy from then on. The campaign's own visibility is checked by
        `Campaign.objects.public()`.
        """
        now = now or timezone.now()
        visible = publicly_visible(now)
        replaced = Edition.objects.filter(visible, replaces=OuterRef("pk"))
        replacing = Q(replaces__isnull=True) | publicly_visible(now, prefix="replaces__")
        return self.filter(visible, replacing, ~Exists(replaced))

    def in_preview(self):
        """Editions a staff preview shows: drafts and scheduled ones as if published, and a
        working copy in the place of the edition it will replace."""
        return self.exclude(Exists(Edition.objects.filter(replaces=OuterRef("pk"))))

    def originals(self):
        """Without working copies: the editions a campaign consists of, as the admin lists,
        copies and warns about them."""
        return self.filter(replaces__isnull=True)

    def publications_after(self, now):
        """The moments after `now` at which scheduled editions become public."""
        return publications_after(self, now)

    def national(self):
        return self.filter(province__isnull=True, municipality__isnull=True).select_related(
            "contact"
        )

    def regional(self):
        return self.exclude(province__isnull=True, municipality__isnull=True).select_related(
            "campaign", "province", "municipality"
        )

    def for_scope(self, campaign, *, province=None, municipality=None):
        """The candidate editions for a page; `most_specific_first` puts the one to show first."""
        condition = Q(province__isnull=True, municipality__isnull=True)
        if province is not None:
            condition |= Q(province=province, municipality__isnull=True)
        if municipality is not None:
            condition |= Q(municipality=municipality)
        return self.filter(condition, campaign=campaign).select_related(
            "contact", "province", "municipality"
        )

    def with_key(self, key):
        """The editions (of every campaign) whose `Edition.key` is `key`."""
        if key == Edition.NATIONAL_KEY:
            return self.filter(province__isnull=True, municipality__isnull=True)
        if key.startswith("GM"):
            return self.filter(municipality__cbs_code=key)
        return self.filter(province__cbs_code=key, municipality__isnull=True)

    def in_key_order(self):
        """Newest campaign first, each with its national edition, then the provincial and the
        municipal ones by CBS code: an order of public keys, which a restore keeps (database
        ids, the order of creation, it would not)."""
        return self.order_by(
            "-campaign__election_date",
            "campaign__slug",
            F("municipality__cbs_code").asc(nulls_first=True),
            F("province__cbs_code").asc(nulls_first=True),
        )

    def most_specific_first(self):
        """The municipal edition first, then the provincial, then the national one."""
        return self.annotate(
            scope_rank=Case(
                When(municipality__isnull=False, then=2),
                When(province__isnull=False, then=1),
                default=0,
            )
        ).order_by("-scope_rank", "pk")

    def with_content(self):
        """Each edition with its themes and recommendations, read in the same query
        (config/json_rows.py): `edition.themes.all()` and `theme.recommendations.all()`
        cost no query of their own."""
        return with_json_rows(
            self,
            _attach_content,
            themes_json=JSONRows(Theme.objects.filter(edition=OuterRef("pk"))),
            recommendations_json=JSONRows(
                Recommendation.objects.filter(theme__edition=OuterRef("pk")),
                exclude=NOT_READ_BY_PAGES,
            ),
        )


# Only the search reads a recommendation's vector, and it does so in the database.
NOT_READ_BY_PAGES = ("search_vector",)


def _attach_content(edition):
    # Top-level themes first, each level in order (as the admin shows them).
    themes = take_objects(
        edition,
        "themes_json",
        Theme,
        key=lambda theme: (theme.parent_id is not None, theme.parent_id or 0, theme.position),
    )
    recommendations = take_objects(
        edition,
        "recommendations_json",
        Recommendation,
        key=lambda recommendation: recommendation.position,
        exclude=NOT_READ_BY_PAGES,
    )
    by_theme = {}
    for recommendation in recommendations:
        by_theme.setdefault(recommendation.theme_id, []).append(recommendation)
    for theme in themes:
        set_prefetched(theme, "recommendations", by_theme.get(theme.pk, []))
    set_prefetched(edition, "themes", themes)


class Edition(models.Model):
    """The manifesto text of a campaign for a scope: national, one province or one municipality."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="editions",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("provincie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        help_text=_("Leeg laten voor de landelijke editie."),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        help_text=_("Alleen voor een editie van één gemeente."),
    )
    title = models.CharField(_("titel"), max_length=200)
    intro = RichTextField(_("inleiding"), blank=True)
    closing = RichTextField(_("slottekst"), blank=True)
    contact = models.ForeignKey(
        "regions.Contact",
        verbose_name=_("contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editions",
        help_text=_("De persoon die deze editie noemt; leeg: die van het district."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Campaign.Status,
        default=Campaign.Status.DRAFT,
        help_text=_("Een editie is zichtbaar als zij én haar campagne gepubliceerd zijn."),
    )
    published_at = models.DateTimeField(
        _("publicatiemoment"),
        null=True,
        blank=True,
        help_text=_("Leeg: tegelijk met de campagne."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("gekopieerd van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("concept van"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="working_copies",
        help_text=_(
            "Een concept met wijzigingen van deze gepubliceerde editie: bezoekers zien de "
            "gepubliceerde tekst tot het concept gepubliceerd wordt (working_copies.py)."
        ),
    )
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "province__name", "municipality__name"]
        verbose_name = _("editie")
        verbose_name_plural = _("edities")
        constraints = [
            models.CheckConstraint(
                condition=Q(province__isnull=True) | Q(municipality__isnull=True),
                name="edition_one_scope",
                violation_error_message=_(
                    "Een editie is landelijk, voor één provincie of voor één gemeente: niet beide."
                ),
            ),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(
                    province__isnull=True, municipality__isnull=True, replaces__isnull=True
                ),
                name="unique_national_edition",
                violation_error_message=_("Deze campagne heeft al een landelijke editie."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "province"],
                condition=Q(province__isnull=False, replaces__isnull=True),
                name="unique_province_edition",
                violation_error_message=_("Deze campagne heeft al een editie voor deze provincie."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "municipality"],
                condition=Q(municipality__isnull=False, replaces__isnull=True),
                name="unique_municipality_edition",
                violation_error_message=_("Deze campagne heeft al een editie voor deze gemeente."),
            ),
            models.UniqueConstraint(
                fields=["replaces"],
                name="one_working_copy",
                violation_error_message=_("Deze editie heeft al een concept met wijzigingen."),
            ),
            # A working copy is a draft, or published at a moment of its own: it replaces
            # its edition from then on, so "together with the campaign" means nothing.
            models.CheckConstraint(
                condition=Q(replaces__isnull=True)
                | Q(status="draft")
                | Q(status="published", published_at__isnull=False),
                name="working_copy_has_moment",
                violation_error_message=_(
                    "Een concept met wijzigingen krijgt een publicatiemoment, of gebruik "
                    "‘Nu publiceren’."
                ),
            ),
        ]

    def __str__(self):
        if self.replaces_id:
            return _("%(edition)s (concept met wijzigingen)") % {
                "edition": f"{self.campaign} – {self.scope_label}"
            }
        return f"{self.campaign} – {self.scope_label}"

    def get_absolute_url(self):
        kwargs = {"campaign": self.campaign.slug}
        if self.municipality_id:
            return reverse(
                "manifestos:municipality-detail", kwargs={**kwargs, "slug": self.municipality.slug}
            )
        if self.province_id:
            return reverse(
                "manifestos:province-detail", kwargs={**kwargs, "slug": self.province.slug}
            )
        return reverse("manifestos:campaign-detail", kwargs=kwargs)

    def clean(self):
        # A copy being made has no recommendations yet: it leaves out nothing.
        if self.replaces_id and self.pk and self.status != Campaign.Status.DRAFT:
            self.refuse_leaving_out_adopted()

    def refuse_leaving_out_adopted(self):
        """A working copy (working_copies.py) may not go live without a recommendation of its
        edition that a party adopted: the party's adoption would point at nothing."""
        kept = Recommendation.objects.filter(theme__edition=self, replaces__isnull=False)
        adopted = (
            Recommendation.objects.filter(
                theme__edition_id=self.replaces_id, adoptions__isnull=False
            )
            .exclude(pk__in=kept.values("replaces"))
            .distinct()
        )
        if adopted:
            raise ValidationError(
                _(
                    "Dit concept laat aanbevelingen weg die een partij heeft overgenomen "
                    "(%(names)s). Haal ze terug in het concept (‘Verwijderde aanbevelingen "
                    "terughalen’ bij de aanbevelingen) of verwijder het concept. Er is niets "
                    "veranderd."
                )
                % {"names": "; ".join(f"‘{recommendation}’" for recommendation in adopted)},
                code="adopted",
            )

    # The key of the national edition; a regional one is keyed by its region's CBS code.
    NATIONAL_KEY = "national"

    @property
    def key(self):
        """The edition's public key within its campaign, which a restore keeps (unlike its
        pk): "national", or the CBS code of its province or municipality. The API's
        addresses and the Atom feed's ids are made of it and the campaign's slug."""
        if self.municipality_id:
            return self.municipality.cbs_code
        if self.province_id:
            return self.province.cbs_code
        return self.NATIONAL_KEY

    @property
    def scope_label(self):
        if self.municipality_id:
            return _("gemeente %(name)s") % {"name": self.municipality.name}
        if self.province_id:
            return _("provincie %(name)s") % {"name": self.province.name}
        return _("landelijk")

    @property
    def specificity(self):
        """2 for a municipal edition, 1 for a provincial one, 0 for the national one."""
        return 2 if self.municipality_id else 1 if self.province_id else 0

    @property
    def has_linked_themes(self):
        """Whether a theme is linked to an earlier election's (explicitly or as a copy), so
        there is something to compare; read from the prefetched themes, no query."""
        return any(theme.previous_id or theme.copied_from_id for theme in self.themes.all())

    def theme_tree(self):
        """Top-level themes in order, each with `children` (its sub-themes) set.

        Built from the prefetched themes, so it costs no query of its own.
        """
        themes = sorted(self.themes.all(), key=lambda theme: theme.position)
        children = {}
        for theme in themes:
            if theme.parent_id:
                children.setdefault(theme.parent_id, []).append(theme)
        top_level = [theme for theme in themes if theme.parent_id is None]
        for theme in top_level:
            theme.children = children.get(theme.pk, [])
        return top_level


THEME_SLUG_LENGTH = 100


def _replaced_in_working_copy():
    """A theme's or recommendation's link, in a working copy of an edition
    (working_copies.py), to the one it will replace; none for one the copy added."""
    return models.ForeignKey(
        "self",
        verbose_name=_("concept van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="working_copies",
    )


class Theme(PositionErrorsAtTheField, models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("editie"), on_delete=models.CASCADE, related_name="themes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hoofdthema"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subthemes",
        help_text=_("Alleen voor een subthema."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=THEME_SLUG_LENGTH,
        blank=True,
        # Looked up within an edition only: the unique constraint's index serves that.
        db_index=False,
        validators=[validate_has_letter],
        help_text=_(
            "Het vaste adres van het thema: #thema-… op de pagina en …/vergelijk/…/ in de "
            "vergelijking. Leeg laten: het wordt gemaakt uit de titel en blijft daarna "
            "hetzelfde, ook als de titel verandert. Wie het wijzigt, breekt bestaande links "
            "naar dit thema."
        ),
    )
    intro = RichTextField(_("toelichting"), blank=True)
    facts_title = models.CharField(_("titel feitenkader"), max_length=200, blank=True)
    facts = RichTextField(_("feitenkader"), blank=True)
    quote = RichTextField(_("citaat"), blank=True)
    quote_author = models.CharField(_("naam geciteerde"), max_length=100, blank=True)
    quote_author_role = models.CharField(_("functie geciteerde"), max_length=100, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("gekopieerd van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("thema bij de vorige verkiezingen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        help_text=_(
            "Het thema over hetzelfde onderwerp bij eerdere verkiezingen van dezelfde soort; "
            "de vergelijkingspagina zet ze naast elkaar. Leeg: het thema waarvan dit een "
            "kopie is, als er een is."
        ),
    )
    replaces = _replaced_in_working_copy()

    class Meta:
        ordering = ["edition", "parent_id", "position"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "position"],
                condition=Q(parent__isnull=True),
                name="unique_theme_position",
                violation_error_message=_("Twee thema's kunnen niet dezelfde volgorde hebben."),
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="unique_subtheme_position",
                violation_error_message=_("Twee subthema's kunnen niet dezelfde volgorde hebben."),
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="theme_position_positive"),
            models.UniqueConstraint(
                fields=["edition", "slug"],
                name="unique_theme_slug",
                violation_error_message=_("Deze editie heeft al een thema met deze slug."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            siblings = Theme.objects.filter(edition_id=self.edition_id).exclude(pk=self.pk)
            self.slug = theme_slug(self.title, siblings.values_list("slug", flat=True))
        super().save(*args, **kwargs)

    def clean(self):
        if self.previous_id is not None and self.edition_id is not None:
            self._clean_previous()
        if self.parent_id is None:
            return
        if self.parent.edition_id != self.edition_id:
            raise ValidationError({"parent": _("Het hoofdthema hoort bij een andere editie.")})
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Een subthema kan zelf geen subthema's hebben.")})

    def _clean_previous(self):
        campaign, earlier = self.edition.campaign, self.previous.edition.campaign
        if earlier.election_type != campaign.election_type:
            raise ValidationError(
                {"previous": _("Kies een thema van eerdere verkiezingen van dezelfde soort.")}
            )
        if earlier.election_date >= campaign.election_date:
            raise ValidationError(
                {"previous": _("Kies een thema van verkiezingen vóór die van dit thema.")}
            )

    @property
    def anchor(self):
        """The theme's place on its edition's page: kept by a restore, unlike its pk."""
        return f"thema-{self.slug}"


# A theme's slug is made from its title at most this long (-2, -3 included), so an
# address stays readable; staff may type one up to the field's own limit.
THEME_SLUG_GENERATED = 80


def theme_slug(title, taken):
    """A new theme's slug: from its title, not one of `taken` (the slugs of the other themes
    of its edition, sub-themes included, as they share the page: its anchor is unique
    there)."""
    return unique_slug(title, taken, max_length=THEME_SLUG_GENERATED, fallback="thema")


class RecommendationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().defer(*NOT_READ_BY_PAGES)


class Recommendation(PositionErrorsAtTheField, models.Model):
    theme = models.ForeignKey(
        Theme, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    lead = InlineTextField(
        _("kernzin"), max_length=300, blank=True, help_text=_("Wordt vet getoond.")
    )
    body = RichTextField(_("tekst"), blank=True)
    points = TextLinesField(
        _("subpunten"), blank=True, help_text=_("Elk punt van de opsomming is een subpunt.")
    )
    conclusion = RichTextField(_("tekst na de subpunten"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("gekopieerd van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    replaces = _replaced_in_working_copy()
    # What the site search matches and ranks on PostgreSQL: the theme title (weight A), the
    # lead (B) and the other text (C) with Dutch stemming. Kept by database triggers
    # (migration 0005), so bulk writes and theme renames update it too; NULL on SQLite,
    # which searches the text itself (manifestos/search.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = RecommendationManager()

    class Meta:
        ordering = ["theme", "position"]
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "position"],
                name="unique_recommendation_position",
                violation_error_message=_(
                    "Twee aanbevelingen kunnen niet dezelfde volgorde hebben."
                ),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="recommendation_position_positive"
            ),
            models.CheckConstraint(
                condition=~Q(lead="", body=""),
                name="recommendation_has_text",
                violation_error_message=_("Vul een kernzin of een tekst in."),
            ),
        ]

    def __str__(self):
        text = plain_text(self.lead or self.body)
        return text if len(text) <= 80 else f"{text[:79]}…"

    @property
    def point_list(self):
        return text_lines(self.points)


def edition_touched(sender, instance, raw=False, **kwargs):
    """A theme or recommendation saved or deleted is a change of its edition: its
    `updated_at` moves on, so the Atom feed and the API date the change. (Receiver of
    post_save and post_delete, connected in apps.py; a raw load dates nothing.)"""
    if raw:
        return
    if isinstance(instance, Theme):
        editions = Edition.objects.filter(pk=instance.edition_id)
    else:
        editions = Edition.objects.filter(themes=instance.theme_id)
    editions.update(updated_at=timezone.now())


# What the parties did with the manifesto lives in its own module (manifestos/lobby/);
# importing its models here is what makes Django register them.
from .lobby.models import Adoption, Party  # noqa: E402, F401
