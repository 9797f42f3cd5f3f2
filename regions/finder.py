"""Find a municipality by (part of) its name, an alias or a former name.

The register is small (a few hundred municipalities, a handful of aliases), so it
is read whole, in three queries whatever its size, and matched in Python. That
keeps the matching case-, accent- and punctuation-insensitive in exactly the same
way on SQLite and PostgreSQL ("'s-Gravenhage" = "s gravenhage",
"Súdwest-Fryslân" = "sudwest fryslan"), and lets a name that no longer exists lead
to the municipality that existed on a campaign's election date.

A result links only to pages that exist: each campaign brings its `coverage` (the
regions it has pages for, campaigns/coverage.py, read with the campaign), and a
municipality the campaign does not cover gets no link to it.
"""

import difflib
import unicodedata
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.page_cache import shared_per_version

from .mergers import PREDECESSOR, SAME, SUCCESSOR, MergerRegister
from .models import Municipality, MunicipalityAlias

# Longer input is cut off: no municipality name comes close (the longest has 26 characters).
MAX_QUERY_LENGTH = 100
SUGGESTIONS = 5
SUGGESTION_CUTOFF = 0.6

# How a result relates to the name that matched (regions.mergers decides which).
RELATION_ORDER = {SAME: 0, SUCCESSOR: 1, PREDECESSOR: 2}


def normalise(text):
    """Lower case, without accents, with any run of punctuation or spaces as one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join("".join(char if char.isalnum() else " " for char in letters).split())


def clean_query(raw):
    """What the visitor typed, safe to echo: no control characters, one line, not too long."""
    visible = "".join(
        " " if char.isspace() else char
        for char in raw
        if char.isspace() or not unicodedata.category(char).startswith("C")
    )
    return " ".join(visible.split())[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class _Name:
    """One searchable name of a municipality: its official name or one of its aliases."""

    spaced: str
    compact: str
    municipality_id: int
    alias: str | None


@dataclass
class Link:
    """The manifesto page of a municipality in a campaign."""

    campaign: object
    municipality: Municipality

    @property
    def url(self):
        return reverse(
            "manifestos:municipality-detail",
            kwargs={"campaign": self.campaign.slug, "slug": self.municipality.slug},
        )


@dataclass
class Result:
    """A municipality to open, why it was found, and its manifesto page per campaign."""

    municipality: Municipality
    matched: Municipality
    relation: str
    alias: str | None
    shared: bool
    rank: tuple = field(repr=False)
    links: list[Link] = field(default_factory=list)

    @property
    def url(self):
        return self.links[0].url

    @property
    def is_exact(self):
        """The query is a whole name of it (official, alias or former): a place name."""
        return self.rank[0] == 0

    @property
    def note(self):
        """Why this municipality answers the query, when its own name does not say so."""
        if self.relation == SUCCESSOR:
            values = {
                "name": self.matched.name,
                "date": date_format(self.matched.valid_until, "j F Y"),
            }
            if self.shared:
                return _("Voorheen deels de gemeente %(name)s (opgeheven per %(date)s)") % values
            return _("Voorheen de gemeente %(name)s (opgeheven per %(date)s)") % values
        if self.relation == PREDECESSOR:
            values = {"name": self.matched.name}
            if self.matched.valid_from:
                values["date"] = date_format(self.matched.valid_from, "j F Y")
                return _("Later opgegaan in %(name)s (per %(date)s)") % values
            return _("Later opgegaan in %(name)s") % values
        if self.alias and not normalise(self.municipality.name).startswith(normalise(self.alias)):
            return _("Ook bekend als %(alias)s") % {"alias": self.alias}
        return ""

    def as_json(self):
        return {
            "name": self.municipality.name,
            "province": self.municipality.province.name,
            "note": self.note,
            "url": self.url,
            "links": [{"campaign": link.campaign.name, "url": link.url} for link in self.links],
        }


@dataclass
class Search:
    """The outcome of one query in one or more campaigns."""

    query: str
    campaigns: list
    results: list[Result] = field(default_factory=list)
    suggestions: list[Result] = field(default_factory=list)
    total: int = 0
    # Municipalities the query matches that none of the campaigns has a page for.
    without_page: list[Municipality] = field(default_factory=list)

    @property
    def is_limited(self):
        return self.total > len(self.results)

    @property
    def message(self):
        """One sentence that sums up the outcome (shown on the page, announced while typing)."""
        if not self.query:
            return _("Typ (een deel van) de naam van uw gemeente.")
        if not self.campaigns:
            return _("Er is op dit moment geen campagne met een manifest per gemeente.")
        if self.results:
            found = ngettext(
                "%(count)d gemeente gevonden.", "%(count)d gemeenten gevonden.", self.total
            ) % {"count": self.total}
            if self.is_limited:
                found += " " + _("Hier staan de eerste %(shown)d; typ meer letters.") % {
                    "shown": len(self.results)
                }
            return found
        if self.without_page:
            names = get_text_list(
                [municipality.name for municipality in self.without_page], _("en")
            )
            if len(self.campaigns) == 1:
                return _(
                    "Bij de %(campaign)s verscheen geen manifest voor %(names)s. Kies uw "
                    "gemeente in het overzicht."
                ) % {"campaign": self.campaigns[0].name, "names": names}
            return _("In de actuele campagnes is er geen manifest voor %(names)s.") % {
                "names": names
            }
        if self.suggestions:
            return _("Geen gemeente gevonden voor ‘%(query)s’. Bedoelt u misschien:") % {
                "query": self.query
            }
        return _(
            "Geen gemeente gevonden voor ‘%(query)s’. Controleer de spelling of kies uw "
            "gemeente in het overzicht."
        ) % {"query": self.query}

    def as_json(self):
        return {
            "query": self.query,
            "message": self.message,
            "count": self.total,
            "results": [result.as_json() for result in self.results],
            "suggestions": [result.as_json() for result in self.suggestions],
        }


class MunicipalityFinder:
    """The whole register in memory: every municipality (dissolved ones too) with its
    province, the aliases and the mergers."""

    def __init__(self, register, aliases):
        self.register = register
        self.municipalities = register.municipalities
        self.names = [
            self._name(municipality.name, municipality.pk, None)
            for municipality in self.municipalities.values()
        ]
        self.names += [
            self._name(alias, municipality_id, alias)
            for municipality_id, alias in aliases
            if municipality_id in self.municipalities
        ]
        self.sort_keys = {
            pk: (normalise(municipality.name), pk)
            for pk, municipality in self.municipalities.items()
        }

    @classmethod
    def from_database(cls):
        """Three queries: municipalities with their province, mergers, aliases."""
        return cls(
            MergerRegister.from_database(),
            MunicipalityAlias.objects.order_by().values_list("municipality_id", "name"),
        )

    @staticmethod
    def _name(name, municipality_id, alias):
        spaced = normalise(name)
        return _Name(spaced, spaced.replace(" ", ""), municipality_id, alias)

    def search(self, query, *, campaigns, limit):
        """Municipalities matching `query`, each linked to its page in every one of
        `campaigns` where it (or what it became, or came from) existed and has a page
        (`campaign.coverage`); the closest names as suggestions when nothing matches."""
        search = Search(query=query, campaigns=list(campaigns))
        spaced = normalise(query)
        if not spaced or not search.campaigns:
            return search
        matches = self._matches(spaced)
        without_page = set()
        results = self._resolve(matches, search.campaigns, without_page)
        search.total = len(results)
        search.results = results[:limit]
        if not results and without_page:
            search.without_page = sorted(
                (self.municipalities[pk] for pk in without_page),
                key=lambda municipality: self.sort_keys[municipality.pk],
            )[:SUGGESTIONS]
        elif not results:
            search.suggestions = self._resolve(self._closest(spaced), search.campaigns)[:limit]
        return search

    def named(self, name, date):
        """The municipalities `name` means on `date`: those whose name or alias is `name`
        as a whole (the search's best match: case, accents, spaces and punctuation aside,
        "den haag" and "sGravenhage" both name 's-Gravenhage), a dissolved one standing
        for what it became ("Weesp": Amsterdam). Several: the name is ambiguous."""
        compact = normalise(name).replace(" ", "")
        meant = {}
        for found in self.names:
            if found.compact == compact:
                municipality = self.municipalities[found.municipality_id]
                for target in self.register.stand_in(municipality, date).municipalities:
                    meant[target.pk] = target
        return sorted(meant.values(), key=lambda municipality: self.sort_keys[municipality.pk])

    def resembling(self, name):
        """The official names of the municipalities whose names look most like `name`."""
        close = sorted(self._closest(normalise(name)).items(), key=lambda item: item[1][0])
        return [self.municipalities[pk].name for pk, _found in close]

    def _matches(self, spaced):
        """{municipality id: (tier, alias)} for every name containing the query.

        Tier 0: the whole name; 1: the start of a word in it; 2: anywhere, also across
        spaces and punctuation ("sgravenhage", "bergenopzoom").
        """
        compact = spaced.replace(" ", "")
        found = {}
        for name in self.names:
            if name.compact == compact:
                tier = 0
            elif f" {spaced}" in f" {name.spaced}":
                tier = 1
            elif compact in name.compact:
                tier = 2
            else:
                continue
            key = (tier, name.alias is not None)
            best = found.get(name.municipality_id)
            if best is None or key < best[0]:
                found[name.municipality_id] = (key, name.alias)
        return {pk: (key[0], alias) for pk, (key, alias) in found.items()}

    def _closest(self, spaced):
        """{municipality id: (closeness rank, alias)} for names that look like the query."""
        by_compact = {}
        for name in self.names:
            by_compact.setdefault(name.compact, []).append(name)
        close = difflib.get_close_matches(
            spaced.replace(" ", ""), list(by_compact), n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF
        )
        found = {}
        for rank, compact in enumerate(close):
            for name in by_compact[compact]:
                found.setdefault(name.municipality_id, (rank, name.alias))
        return found

    def _resolve(self, matches, campaigns, without_page=None):
        """One result per municipality to open, with a link per campaign that has a page for
        it, best first; the ones without any such page are added to `without_page`."""
        results = {}
        uncovered = set()
        for campaign in campaigns:
            for matched_id, (tier, alias) in matches.items():
                matched = self.municipalities[matched_id]
                stand_in = self.register.stand_in(matched, campaign.election_date)
                for target in stand_in.municipalities:
                    if not campaign.coverage.covers_municipality(target):
                        uncovered.add(target.pk)
                        continue
                    relation = stand_in.relation
                    rank = (
                        tier,
                        RELATION_ORDER[relation],
                        alias is not None,
                        self.sort_keys[target.pk],
                    )
                    result = results.get(target.pk)
                    if result is None or rank < result.rank:
                        links = result.links if result else []
                        result = results[target.pk] = Result(
                            municipality=target,
                            matched=matched,
                            relation=relation,
                            alias=alias if relation == SAME else None,
                            shared=len(self.register.successors.get(matched_id, [])) > 1,
                            rank=rank,
                            links=links,
                        )
                    if all(link.campaign.pk != campaign.pk for link in result.links):
                        result.links.append(Link(campaign, target))
        if without_page is not None:
            without_page |= uncovered - set(results)
        return sorted(results.values(), key=lambda result: result.rank)


def find_municipalities(query, *, campaigns, limit):
    """The search for `query` in `campaigns`; reads the register only when there is
    something to look for, and in a running server once per content version for every
    search (the finder is not changed by searching)."""
    campaigns = list(campaigns)
    if not normalise(query) or not campaigns:
        return Search(query=query, campaigns=campaigns)
    finder = shared_per_version(("municipality-finder",), MunicipalityFinder.from_database)
    return finder.search(query, campaigns=campaigns, limit=limit)
