"""Site search over the recommendations (and their theme titles) of public campaigns.

PostgreSQL searches with the Dutch text-search configuration: stemming
("opleiding" also finds "opleiden" and "opleidingen"), ranking and highlighted
fragments from the database. SQLite, the embedded development database, has
no Dutch stemming: there the search finds the exact words (case-insensitive),
scores them simply and highlights in Python. The strategy is chosen per call
from `connection.vendor`.

Highlighting is built from escaped text only: the database marks matches with
private-use characters, everything else is stripped of tags and escaped, and
only then do the markers become <mark> elements.
"""

import html
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from campaigns.levels import Scope
from campaigns.models import Campaign
from regions.finder import clean_query, find_municipalities

from .models import Edition, Recommendation

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_PER_PAGE = 20
SNIPPET_LENGTH = 240
CONFIG = "dutch"

# Private-use characters never typed in content: they survive the database round trip and
# stripping tags, and are replaced only after the text has been escaped.
START_MARK = "\ue000"
STOP_MARK = "\ue001"
MARKED = re.compile(f"{START_MARK}(.*?){STOP_MARK}", re.DOTALL)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"\w+")
WHITESPACE = re.compile(r"\s+")
BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|ul|ol|li)\b[^>]*>", re.IGNORECASE)
SENTENCE_END = tuple(".!?:;…")
TRAILING_PUNCTUATION = re.compile(r"[^\w\s]*$")

TEXT_FIELDS = ("lead", "body", "points", "conclusion")
# A place name names at most a few municipalities ("Bergen": two).
PLACES_LIMIT = 5


def search_query_clean(raw):
    """The query as searched and shown: no control characters (`%00`), bounded length."""
    query = WHITESPACE.sub(" ", CONTROL_CHARACTERS.sub(" ", raw or "")).strip()
    return query[:MAX_QUERY_LENGTH].strip()


def query_words(query):
    """The distinct words of a query, lower-cased, in order; at most MAX_WORDS."""
    words = []
    for word in WORD.findall(query.lower()):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def public_recommendations():
    """Recommendations of public campaigns, with everything a search result shows."""
    return Recommendation.objects.filter(
        theme__edition__campaign__in=Campaign.objects.public().values("pk"),
        theme__edition__in=Edition.objects.public().values("pk"),
    ).select_related(
        "theme__parent",
        "theme__edition__campaign",
        "theme__edition__province",
        "theme__edition__municipality",
    )


def _plain(text):
    """Content text (limited HTML, entities, line breaks) as one line of plain text.

    Lines (paragraphs, sub-points, list items) stay apart: a line that does not end a
    sentence is followed by a dash, so a lead sentence does not run into the body.
    """
    text = html.unescape(strip_tags(BLOCK_TAG.sub("\n", text or "")))
    plain = ""
    for line in filter(None, map(_one_line, text.splitlines())):
        if plain:
            plain += " " if _unmarked(plain)[-1:] in SENTENCE_END else " – "
        plain += line
    return plain


def _one_line(text):
    return WHITESPACE.sub(" ", text or "").strip()


def _highlighted(text, spans):
    """`text` escaped, with the (start, end) spans wrapped in <mark>."""
    parts, position = [], 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def _from_markers(text):
    """Text marked by the database (START_MARK…STOP_MARK) as escaped HTML with <mark>."""
    pieces, spans, length, position = [], [], 0, 0
    for match in MARKED.finditer(text):
        before, marked = _unmarked(text[position : match.start()]), _unmarked(match.group(1))
        pieces += [before, marked]
        length += len(before)
        spans.append((length, length + len(marked)))
        length += len(marked)
        position = match.end()
    pieces.append(_unmarked(text[position:]))
    return _highlighted("".join(pieces), spans)


def _words(plain_text):
    return " ".join(WORD.findall(plain_text))


def _unmarked(text):
    return text.replace(START_MARK, "").replace(STOP_MARK, "")


def _recommendation_text(recommendation):
    return "\n".join(getattr(recommendation, name) for name in TEXT_FIELDS)


class PostgresSearch:
    """Dutch stemming, websearch syntax ("zin in aanhalingstekens", -woord), SearchRank."""

    def __init__(self, query):
        self.query = SearchQuery(query, search_type="websearch", config=CONFIG)

    def recommendations(self):
        text = Concat(
            "lead",
            Value("\n"),
            "body",
            Value("\n"),
            "points",
            Value("\n"),
            "conclusion",
            output_field=TextField(),
        )
        # The stored, indexed vector (migration 0005): only matching rows are read.
        return (
            public_recommendations()
            .filter(search_vector=self.query)
            .annotate(
                search_rank=SearchRank(F("search_vector"), self.query),
                title_headline=SearchHeadline(
                    "theme__title",
                    self.query,
                    config=CONFIG,
                    start_sel=START_MARK,
                    stop_sel=STOP_MARK,
                    highlight_all=True,
                ),
                text_headline=SearchHeadline(
                    text,
                    self.query,
                    config=CONFIG,
                    start_sel=START_MARK,
                    stop_sel=STOP_MARK,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by(
                "-search_rank",
                "-theme__edition__campaign__election_date",
                "theme__edition_id",
                "theme_id",
                "position",
                "pk",
            )
        )

    def highlight(self, recommendation):
        # ts_headline already drops the tags of the text; stripping again (before the
        # markers are read) also removes anything it left, and decodes entities.
        snippet = _plain(recommendation.text_headline)
        # ts_headline does not say where it cut the text (nor keep the punctuation around
        # a fragment): compare the words with those of the whole text.
        full = _plain(_recommendation_text(recommendation))
        text, words = _words(full), _words(_unmarked(snippet))
        if not text.startswith(words[:30]):
            snippet = f"… {snippet}"
        if not text.endswith(words[-30:]):
            snippet = f"{snippet} …"
        elif not _unmarked(snippet).endswith(end := TRAILING_PUNCTUATION.search(full).group()):
            snippet += end
        return _from_markers(_one_line(recommendation.title_headline)), _from_markers(snippet)


class SimpleSearch:
    """Every word must occur as a whole word (case-insensitive) in the theme title or text.

    Score: per word 3 for the theme title, 2 for the lead sentence, 1 for the other text.
    """

    def __init__(self, query):
        self.words = query_words(query)
        self.pattern = (
            re.compile(r"\b(" + "|".join(map(re.escape, self.words)) + r")\b", re.IGNORECASE)
            if self.words
            else None
        )

    def recommendations(self):
        recommendations = public_recommendations()
        if not self.words:
            return recommendations.none()
        score = Value(0)
        for word in self.words:
            pattern = r"\b" + re.escape(word) + r"\b"
            # In the stored HTML (config/richtext.py) a word inside a tag or an entity
            # ("p", "amp") is no word of the text. (SQLite's REGEXP is Python's re.)
            in_markup = rf"(?<![&#]){pattern}(?![^<>]*>)"
            in_text = Q(body__iregex=in_markup) | Q(points__iregex=in_markup)
            in_text |= Q(conclusion__iregex=in_markup)
            in_title = Q(theme__title__iregex=pattern)
            in_lead = Q(lead__iregex=in_markup)
            recommendations = recommendations.filter(in_title | in_lead | in_text)
            for condition, points in ((in_title, 3), (in_lead, 2), (in_text, 1)):
                score += Case(When(condition, then=points), default=0)
        return recommendations.annotate(search_score=score).order_by(
            "-search_score",
            "-theme__edition__campaign__election_date",
            "theme__edition_id",
            "theme_id",
            "position",
            "pk",
        )

    def highlight(self, recommendation):
        return (
            self._mark(_one_line(recommendation.theme.title)),
            self._mark(self._snippet(_plain(_recommendation_text(recommendation)))),
        )

    def _snippet(self, text):
        """About SNIPPET_LENGTH characters around the first match, cut at word boundaries."""
        if len(text) <= SNIPPET_LENGTH:
            return text
        match = self.pattern.search(text)
        start = max(0, match.start() - SNIPPET_LENGTH // 3) if match else 0
        if start > 0:
            start = text.find(" ", start, match.start()) + 1 or start
        end = start + SNIPPET_LENGTH
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        snippet = text[start:end].strip()
        return f"{'… ' if start > 0 else ''}{snippet}{' …' if end < len(text) else ''}"

    def _mark(self, text):
        spans = [match.span() for match in self.pattern.finditer(text)]
        return _highlighted(text, spans)


@dataclass
class SearchGroup:
    """The hits in one theme: where to read on and the highlighted snippets.

    A theme found by its title finds all its recommendations; those without a match of
    their own are counted (`more`) instead of listed, unless none has a match.
    """

    theme: object
    url: str
    title: SafeString
    matched: list[SafeString] = field(default_factory=list)
    unmatched: list[SafeString] = field(default_factory=list)

    @property
    def edition(self):
        return self.theme.edition

    @property
    def campaign(self):
        return self.theme.edition.campaign

    @property
    def snippets(self):
        return self.matched or self.unmatched[:1]

    @property
    def more(self):
        return len(self.matched) + len(self.unmatched) - len(self.snippets)


@dataclass
class SearchResults:
    query: str
    page: object = None
    groups: list[SearchGroup] = field(default_factory=list)

    @property
    def count(self):
        return self.page.paginator.count if self.page is not None else 0


def site_search(raw_query, *, page=None, per_page=RESULTS_PER_PAGE):
    """Search the public recommendations; one page of hits grouped by theme, best first."""
    query = search_query_clean(raw_query)
    results = SearchResults(query=query)
    if not query:
        return results
    strategy = PostgresSearch(query) if connection.vendor == "postgresql" else SimpleSearch(query)
    results.page = Paginator(strategy.recommendations(), per_page).get_page(page)
    groups = {}
    for recommendation in results.page.object_list:
        title, snippet = strategy.highlight(recommendation)
        theme = recommendation.theme
        if theme.pk not in groups:
            url = f"{theme.edition.get_absolute_url()}#{theme.anchor}"
            groups[theme.pk] = SearchGroup(theme=theme, url=url, title=title)
        # Content and query are escaped, so a <mark> can only be one of ours.
        group = groups[theme.pk]
        (group.matched if "<mark>" in snippet else group.unmatched).append(snippet)
    results.groups = list(groups.values())
    return results


def places_named(query):
    """The municipalities a query names as a whole (official name, alias or former name:
    "den haag", "weesp"), each with its page in the current campaigns that have municipality
    pages (regions.finder decides, mergers included); [] for any other query."""
    campaigns = Campaign.objects.current().regional(Scope.MUNICIPALITY).with_coverage()
    found = find_municipalities(clean_query(query), campaigns=campaigns, limit=PLACES_LIMIT)
    return [result for result in found.results if result.is_exact]
