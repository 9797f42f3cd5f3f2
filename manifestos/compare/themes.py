"""Which themes of a campaign have a predecessor, and both sides of one comparison.

Every read costs a fixed number of queries, whatever the number of themes,
recommendations or campaigns.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

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
        theme.edition_id,
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


def theme_comparison(campaign, theme_id):
    """Both sides of one theme with sub-themes and recommendations, or None (4 queries)."""
    theme = (
        _public_themes().filter(edition__campaign=campaign, pk=theme_id).select_related(*_RELATED)
    ).first()
    pairs = _pairs([theme]) if theme is not None else []
    if not pairs:
        return None
    sides = [pairs[0].previous.pk, pairs[0].theme.pk]
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
