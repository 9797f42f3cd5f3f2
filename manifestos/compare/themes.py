"""Which themes of a campaign have a predecessor, and both sides of one comparison.

Every read costs a fixed number of queries, whatever the number of themes,
recommendations or campaigns.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse

from campaigns.models import Campaign

from ..models import Edition, Recommendation, Theme

_SCOPE = ["edition__campaign", "edition__province", "edition__municipality", "parent"]
_RELATED = [
    *_SCOPE,
    *(f"previous__{name}" for name in _SCOPE),
    *(f"copied_from__{name}" for name in _SCOPE),
]


@dataclass(frozen=True)
class ThemePair:
    theme: Theme
    previous: Theme

    @property
    def campaign(self):
        return self.theme.edition.campaign

    @property
    def previous_campaign(self):
        return self.previous.edition.campaign

    @property
    def url(self):
        return comparison_url(self.theme)


def comparison_url(theme):
    """The address of a theme's comparison, made of keys a restore keeps: the campaign's
    slug, the region of a regional edition (as in its page's address) and the theme's
    slug. Needs the theme's edition with its campaign, province and municipality."""
    edition = theme.edition
    kwargs = {"campaign": edition.campaign.slug, "theme": theme.slug}
    if edition.municipality_id:
        return reverse(
            "manifestos:municipality-theme-compare",
            kwargs={**kwargs, "region": edition.municipality.slug},
        )
    if edition.province_id:
        return reverse(
            "manifestos:province-theme-compare", kwargs={**kwargs, "region": edition.province.slug}
        )
    return reverse("manifestos:theme-compare", kwargs=kwargs)


def edition_scope(*, province=None, municipality=None):
    """The lookup of a theme's edition by the region in a comparison's address (slugs)."""
    if municipality is not None:
        return {"edition__municipality__slug": municipality}
    if province is not None:
        return {"edition__province__slug": province, "edition__municipality__isnull": True}
    return {"edition__province__isnull": True, "edition__municipality__isnull": True}


def _candidate(theme):
    """The theme's predecessor as linked (explicitly, else by copy), if it is earlier."""
    campaign = theme.edition.campaign
    for earlier in (theme.previous, theme.copied_from):
        if earlier is None:
            continue
        earlier_campaign = earlier.edition.campaign
        if (
            earlier_campaign.election_type == campaign.election_type
            and earlier_campaign.election_date < campaign.election_date
        ):
            return earlier
    return None


def _public_themes():
    return Theme.objects.filter(
        edition__in=Edition.objects.public(), edition__campaign__in=Campaign.objects.public()
    )


def _pairs(themes):
    candidates = {theme.pk: _candidate(theme) for theme in themes}
    wanted = {earlier.pk for earlier in candidates.values() if earlier is not None}
    visible = set(_public_themes().filter(pk__in=wanted).values_list("pk", flat=True))
    return [
        ThemePair(theme=theme, previous=candidates[theme.pk])
        for theme in themes
        if candidates[theme.pk] is not None and candidates[theme.pk].pk in visible
    ]


def _tree_order(pair):
    theme = pair.theme
    top = theme.parent.position if theme.parent_id else theme.position
    return (
        theme.edition.specificity,
        theme.edition.key,
        top,
        theme.parent_id is not None,
        theme.position,
    )


def comparable_themes(campaign):
    """The public themes of `campaign` with a public predecessor, in page order (2 queries)."""
    themes = (
        _public_themes()
        .filter(edition__campaign=campaign)
        .filter(Q(previous__isnull=False) | Q(copied_from__isnull=False))
        .select_related(*_RELATED)
    )
    return sorted(_pairs(list(themes)), key=_tree_order)


@dataclass(frozen=True)
class Side:
    """One election's side: the theme with its recommendations, and its sub-themes."""

    theme: Theme
    children: list

    @property
    def campaign(self):
        return self.theme.edition.campaign


@dataclass(frozen=True)
class ThemeComparison:
    then: Side
    now: Side


def comparable_theme(campaign, **lookup):
    """The public theme of `campaign` that `lookup` names, with its public predecessor, or
    None (2 queries)."""
    theme = (
        _public_themes().filter(edition__campaign=campaign, **lookup).select_related(*_RELATED)
    ).first()
    pairs = _pairs([theme]) if theme is not None else []
    return pairs[0] if pairs else None


def theme_comparison(pair):
    """Both sides of a ThemePair with sub-themes and recommendations (2 queries)."""
    sides = [pair.previous.pk, pair.theme.pk]
    content = (
        Theme.objects.filter(Q(pk__in=sides) | Q(parent__in=sides))
        .select_related("edition__campaign", "edition__province", "edition__municipality")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("position"))
        )
    )
    by_pk = {item.pk: item for item in content}
    children = {pk: [] for pk in sides}
    for item in sorted(by_pk.values(), key=lambda item: item.position):
        if item.parent_id in children:
            children[item.parent_id].append(item)
    then, now = (Side(theme=by_pk[pk], children=children[pk]) for pk in sides)
    return ThemeComparison(then=then, now=now)
