"""Writes that span several models of a campaign, and the comparison built on their lineage."""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, LogEntry
from django.db import transaction
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from campaigns.models import Campaign, KeyFigure
from config.richtext import readable_text
from config.validation import validated, validated_save
from config.years import year_replaced, years_in

from .fields import EDITION, RECOMMENDATION, THEME
from .models import Edition, Recommendation, Theme


def themes_copy(source_themes, edition_copies, *, links):
    """Copies of `source_themes` (sorted by position), parents before their sub-themes,
    each with the links `links(theme)` returns (to its source).

    Returns {source theme pk: copy}. Top-level themes are created first so each
    sub-theme's copy can point at its parent's copy.
    """
    copies = {}
    top_level = [theme for theme in source_themes if theme.parent_id is None]
    subthemes = [theme for theme in source_themes if theme.parent_id is not None]
    for generation in (top_level, subthemes):
        new = [
            validated(
                Theme(
                    edition=edition_copies[theme.edition_id],
                    parent=copies.get(theme.parent_id),
                    position=theme.position,
                    **THEME.values(theme),
                    # The same key in the next election: its anchors and comparison
                    # addresses follow the pattern readers know.
                    slug=theme.slug,
                    **links(theme),
                )
            )
            for theme in generation
        ]
        for theme, copy in zip(generation, Theme.objects.bulk_create(new), strict=True):
            copies[theme.pk] = copy
    return copies


def edition_title_proposal(edition, *, source_year, year):
    """The title a copy of `edition` gets: its own with the old election's year made the
    new one ("Verkiezingen Gemeenteraad 2022" becomes "… 2030")."""
    return year_replaced(edition.title, source_year, year)


@transaction.atomic
def campaign_copy(*, source, name, slug, election_date, user=None, edition_titles=None) -> Campaign:
    """Start the next campaign from `source`: a draft with all its content, linked to it.

    Each edition gets the title of `edition_titles` (source edition id: title), or else
    `edition_title_proposal` for the new election's year.

    Editions become drafts too (published with the new campaign later); the
    flyer (uploaded or linked) and the association's campaign page stay behind, as a
    new election has new ones; its colour comes along, its image (of that election) does
    not. Any invalid value
    raises ValidationError and, the function being atomic, leaves nothing
    behind. With `user`, the addition is recorded in the admin's change history
    in the same transaction.
    """
    copy = validated_save(
        Campaign(
            name=name,
            slug=slug,
            election_type=source.election_type,
            election_date=election_date,
            status=Campaign.Status.DRAFT,
            published_at=None,
            tagline=source.tagline,
            colour=source.colour,
            web_intro=source.web_intro,
            call_to_action=source.call_to_action,
            intro_letter=source.intro_letter,
            foreword=source.foreword,
            foreword_author=source.foreword_author,
            foreword_author_role=source.foreword_author_role,
            about=source.about,
            central_contact_id=source.central_contact_id,
            copied_from=source,
        )
    )
    KeyFigure.objects.bulk_create(
        validated(
            KeyFigure(
                campaign=copy, position=figure.position, value=figure.value, label=figure.label
            )
        )
        for figure in source.key_figures.all()
    )
    editions = list(Edition.objects.filter(campaign=source).originals().with_content())
    edition_copies = {
        edition.pk: validated_save(
            Edition(
                campaign=copy,
                province_id=edition.province_id,
                municipality_id=edition.municipality_id,
                **{
                    **EDITION.values(edition),
                    "title": (edition_titles or {}).get(edition.pk)
                    or edition_title_proposal(
                        edition,
                        source_year=source.election_date.year,
                        year=copy.election_date.year,
                    ),
                },
                contact_id=edition.contact_id,
                status=Campaign.Status.DRAFT,
                published_at=None,
                copied_from=edition,
            )
        )
        for edition in editions
    }
    source_themes = sorted(
        (theme for edition in editions for theme in edition.themes.all()),
        key=lambda theme: (theme.edition_id, theme.position),
    )
    theme_copies = themes_copy(
        source_themes, edition_copies, links=lambda theme: {"copied_from": theme}
    )
    Recommendation.objects.bulk_create(
        validated(
            Recommendation(
                theme=theme_copies[theme.pk],
                position=recommendation.position,
                **RECOMMENDATION.values(recommendation),
                copied_from=recommendation,
            )
        )
        for theme in source_themes
        for recommendation in theme.recommendations.all()
    )
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[copy],
            action_flag=ADDITION,
            change_message=gettext("Gekopieerd van %(source)s") % {"source": source},
            single_object=True,
        )
    return copy


# The campaign's own texts that a copy takes over from its source (manifestos/services.py).
CAMPAIGN_TEXTS = [
    "name",
    "tagline",
    "web_intro",
    "call_to_action",
    "intro_letter",
    "foreword",
    "about",
]


def dated_texts(*, campaign):
    """Where a copy's titles and texts still mention a year of its source's election
    cycle (from the source's election year to the year before the copy's election), as
    (what, object to open) pairs."""
    source = campaign.copied_from
    if source is None:
        return []
    old = set(range(source.election_date.year, campaign.election_date.year))
    items = []

    def check(obj, label, names, model):
        for name in names:
            years = sorted(years_in(getattr(obj, name)) & old)
            if years:
                field = model._meta.get_field(name)
                found = ", ".join(str(year) for year in years)
                items.append((f"{label}: {field.verbose_name} ({found})", obj))

    check(campaign, campaign.name, CAMPAIGN_TEXTS, Campaign)
    for edition in campaign.editions.originals().with_content():
        check(edition, edition.title, EDITION.texts, Edition)
        for theme in edition.themes.all():
            check(theme, theme.title, THEME.texts, Theme)
            for recommendation in theme.recommendations.all():
                check(recommendation, str(recommendation), RECOMMENDATION.texts, Recommendation)
    return items


# --- comparison -------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\S+")


def _plain(tokens):
    """Escaped text with its line breaks kept (sub-points are one per line)."""
    return mark_safe(escape("".join(tokens)).replace("\n", "<br>"))


def _marked(tokens, tag, label):
    """Tokens in <ins> or <del>, with the change also spelled out for screen readers."""
    return format_html(
        '<{tag}><span class="visually-hidden">[{label}: </span>{text}'
        '<span class="visually-hidden">]</span></{tag}>',
        tag=tag,
        label=label,
        text=_plain(tokens),
    )


def text_diff(old, new):
    """(old, new) as HTML, word by word: removed words in <del>, inserted ones in <ins>.

    Both texts are plain text (stored texts go through `readable_text` first) and escaped.
    """
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    old_html, new_html = [], []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        old_part, new_part = old_tokens[old_start:old_end], new_tokens[new_start:new_end]
        if operation == "equal":
            old_html.append(_plain(old_part))
            new_html.append(_plain(new_part))
            continue
        if old_part:
            old_html.append(_marked(old_part, "del", gettext("verwijderd")))
        if new_part:
            new_html.append(_marked(new_part, "ins", gettext("toegevoegd")))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


@dataclass
class TextChange:
    label: str
    old: str
    new: str


@dataclass
class RecommendationEdit:
    old: Recommendation
    new: Recommendation
    changes: list[TextChange]


@dataclass
class ThemeComparison:
    theme: Theme
    source: Theme
    title: str
    added: list[Recommendation] = field(default_factory=list)
    removed: list[Recommendation] = field(default_factory=list)
    edited: list[RecommendationEdit] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self):
        return bool(self.added or self.removed or self.edited or self.renamed)

    @property
    def renamed(self):
        return self.theme.title != self.source.title


@dataclass
class EditionComparison:
    edition: Edition
    source: Edition
    themes: list[ThemeComparison] = field(default_factory=list)
    themes_added: list[tuple[str, Theme]] = field(default_factory=list)
    themes_removed: list[tuple[str, Theme]] = field(default_factory=list)

    @property
    def changed_themes(self):
        return [theme for theme in self.themes if theme.has_changes]

    @property
    def unchanged_themes(self):
        return [theme for theme in self.themes if not theme.has_changes]


@dataclass
class CampaignComparison:
    campaign: Campaign
    source: Campaign
    editions: list[EditionComparison] = field(default_factory=list)
    editions_added: list[Edition] = field(default_factory=list)
    editions_removed: list[Edition] = field(default_factory=list)

    @property
    def recommendation_totals(self):
        """How many recommendations were added, removed and edited in the copied themes."""
        themes = [theme for edition in self.editions for theme in edition.themes]
        return {
            "added": sum(len(theme.added) for theme in themes),
            "removed": sum(len(theme.removed) for theme in themes),
            "edited": sum(len(theme.edited) for theme in themes),
        }


def _in_tree_order(themes):
    """Themes as the page shows them, each with its title path ("Theme › Sub-theme")."""
    by_pk = {theme.pk: theme for theme in themes}

    def key(theme):
        parent = by_pk.get(theme.parent_id)
        return (parent.position, 1, theme.position) if parent else (theme.position, 0, 0)

    ordered = sorted(themes, key=key)
    return [
        (
            f"{by_pk[theme.parent_id].title} › {theme.title}" if theme.parent_id else theme.title,
            theme,
        )
        for theme in ordered
    ]


def _recommendation_edit(old, new):
    """What changed in the texts of a copied recommendation (manifestos/fields.py), or None:
    the words a reader sees, marked (a change of formatting only is listed, unmarked)."""
    changes = []
    for name in RECOMMENDATION.texts:
        old_text, new_text = getattr(old, name), getattr(new, name)
        if old_text != new_text:
            old_html, new_html = text_diff(readable_text(old_text), readable_text(new_text))
            label = Recommendation._meta.get_field(name).verbose_name
            changes.append(TextChange(label=label, old=old_html, new=new_html))
    return RecommendationEdit(old=old, new=new, changes=changes) if changes else None


def _theme_comparison(theme, source, title):
    comparison = ThemeComparison(theme=theme, source=source, title=title)
    old = {recommendation.pk: recommendation for recommendation in source.recommendations.all()}
    copied = set()
    for recommendation in theme.recommendations.all():
        original = old.get(recommendation.copied_from_id)
        if original is None:
            comparison.added.append(recommendation)
            continue
        copied.add(original.pk)
        edit = _recommendation_edit(original, recommendation)
        if edit is None:
            comparison.unchanged += 1
        else:
            comparison.edited.append(edit)
    comparison.removed = [recommendation for pk, recommendation in old.items() if pk not in copied]
    return comparison


def _edition_comparison(edition, source):
    comparison = EditionComparison(edition=edition, source=source)
    old = {theme.pk: (title, theme) for title, theme in _in_tree_order(source.themes.all())}
    copied = set()
    for title, theme in _in_tree_order(edition.themes.all()):
        if theme.copied_from_id not in old:
            comparison.themes_added.append((title, theme))
            continue
        copied.add(theme.copied_from_id)
        _source_title, source_theme = old[theme.copied_from_id]
        comparison.themes.append(_theme_comparison(theme, source_theme, title))
    comparison.themes_removed = [entry for pk, entry in old.items() if pk not in copied]
    return comparison


def campaign_compare(*, campaign) -> CampaignComparison:
    """What changed per edition and theme between `campaign` and the campaign it was copied from.

    Editions, themes and recommendations are matched through their `copied_from`
    link; both campaigns' content is read in a fixed number of queries.
    """
    source = campaign.copied_from
    editions = list(
        Edition.objects.filter(campaign_id__in=[campaign.pk, source.pk])
        .originals()
        .select_related("province", "municipality")
        .with_content()
    )
    new = [edition for edition in editions if edition.campaign_id == campaign.pk]
    old = {edition.pk: edition for edition in editions if edition.campaign_id == source.pk}
    comparison = CampaignComparison(campaign=campaign, source=source)
    copied = set()
    for edition in new:
        original = old.get(edition.copied_from_id)
        if original is None:
            comparison.editions_added.append(edition)
            continue
        copied.add(original.pk)
        comparison.editions.append(_edition_comparison(edition, original))
    comparison.editions_removed = [edition for pk, edition in old.items() if pk not in copied]
    return comparison
