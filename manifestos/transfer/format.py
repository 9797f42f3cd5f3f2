"""The format of the content document: its name, its version, and what each model writes.

`FIELDS` are the values an object carries as they are (converted by field type,
values.py); `RELATIONS` are written as natural keys or by nesting; `LEFT_OUT` is what
the document deliberately does not carry. Together they name every field of every
content model (tests/manifestos/test_content_transfer.py checks that), so a new field
is a decision about the format, never an accident.
"""

from dataclasses import dataclass, field

from campaigns.models import Campaign, CampaignEvent, KeyFigure, SitePage, UpcomingElection
from regions.models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)

from ..fields import EDITION, RECOMMENDATION, THEME
from ..models import Adoption, Edition, Party, Recommendation, Theme

FORMAT = "metaalunie-verkiezingen-inhoud"
# Version 2 added the parties and what they did (`parties`) and the campaign's
# `party_results_public`; a version 1 document is read as one without parties.
# Version 3 added each campaign's agenda (`events`) and a theme's `previous` (the theme
# at the previous election, for the public comparison); a version 1 or 2 document is read
# as one whose campaigns have no events and whose themes have no such links.
# Version 4 added the upcoming elections (`upcoming_elections`), a figure set's
# `manifesto_year` (the manifesto it was printed in), the campaign's web copy
# (`web_intro`, `call_to_action`) and links (`flyer_url`, `campaign_page_url`), and a
# municipality's `display_name`; an older document is read with these empty (its
# `intro_letter` stays the member e-mail).
# Version 5 added the campaign's follow-up copy (`follow_up_intro`,
# `follow_up_call_to_action`: its pages after election day); an older document is read
# with these empty.
# Version 6 added a theme's `slug`, its public key (the anchor #thema-<slug> and the
# comparison's address), so a restore keeps every address; a theme of an older document
# gets one made from its title, as migration manifestos/0006 made them.
# Version 7 added the campaign's `colour` (its identity, config/identity.py) and the pages
# about the site (`site_pages`); an older document is read with the default colour and
# leaves the pages as they are.
# Version 8 added an edition's `working_copy`: the draft of changes to it, not yet
# published (manifestos/working_copies.py), whose themes and recommendations name what
# they replace; an older document is read with none.
# How an older document is read as the current version: document.py.
VERSION = 8
READABLE_VERSIONS = {1, 2, 3, 4, 5, 6, 7, 8}

# The fields each model's objects carry as they are (converted by field type). An
# edition's, theme's and recommendation's texts are the ones declared in manifestos/fields.py.
FIELDS = {
    District: ["slug", "name"],
    Province: ["cbs_code", "name", "slug"],
    Municipality: ["cbs_code", "name", "display_name", "slug", "valid_from", "valid_until"],
    MunicipalityAlias: ["name", "slug"],
    Contact: ["slug", "name", "role", "email", "phone", "photo", "bio"],
    RegionalFigures: [
        "source",
        "reference_date",
        "manifesto_year",
        "member_companies",
        "employees",
    ],
    FigureRow: ["kind", "position", "label", "value", "unit"],
    Campaign: [
        "slug",
        "name",
        "election_type",
        "election_date",
        "status",
        "published_at",
        "tagline",
        "web_intro",
        "call_to_action",
        "follow_up_intro",
        "follow_up_call_to_action",
        "intro_letter",
        "foreword",
        "foreword_author",
        "foreword_author_role",
        "about",
        "flyer",
        "flyer_url",
        "campaign_page_url",
        "colour",
        "image",
        "image_alt",
        "party_results_public",
        "created_at",
        "updated_at",
    ],
    KeyFigure: ["position", "value", "label"],
    CampaignEvent: [
        "uid",
        "title",
        "kind",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "location",
        "description",
        "url",
        "sequence",
        "created_at",
        "updated_at",
    ],
    UpcomingElection: [
        "election_type",
        "election_date",
        "name",
        "notes",
        "created_at",
        "updated_at",
    ],
    Edition: [*EDITION.texts, "status", "published_at", "updated_at"],
    Theme: ["position", "slug", *THEME.texts],
    Recommendation: ["position", *RECOMMENDATION.texts],
    Party: [
        "name",
        "website",
        "sent_on",
        "sent_by",
        "sent_recorded_at",
        "reaction_on",
        "reaction_summary",
        "reaction_link",
        "reaction_file",
        "reaction_recorded_at",
    ],
    Adoption: ["stage", "adopted_on", "evidence_quote", "evidence_link", "recorded_at"],
    SitePage: ["key", "title", "lead", "body", "updated_at"],
}
# Relations: written as natural keys, or expressed by nesting an object in its parent.
RELATIONS = {
    District: [],
    Province: ["district"],
    Municipality: ["province", "successors"],
    MunicipalityAlias: ["municipality"],
    Contact: ["district"],
    RegionalFigures: ["municipality", "province", "district"],
    FigureRow: ["figures"],
    Campaign: ["central_contact", "copied_from"],
    KeyFigure: ["campaign"],
    CampaignEvent: ["campaign"],
    UpcomingElection: [],
    Edition: ["campaign", "province", "municipality", "contact", "copied_from", "replaces"],
    Theme: ["edition", "parent", "copied_from", "previous", "replaces"],
    Recommendation: ["theme", "copied_from", "replaces"],
    Party: ["campaign", "municipality", "province", "sent_recorded_by", "reaction_recorded_by"],
    Adoption: ["party", "recommendation", "recorded_by"],
    SitePage: [],
}
# Left out on purpose: user accounts belong to an environment, not to the content.
# An event's `ends_at`, a campaign's phase moments and the moment an upcoming election is
# over follow from their dates and are set again when saved; a recommendation's search
# vector is computed by the database from its text.
LEFT_OUT = {
    Contact: ["user"],
    Campaign: ["election_over_at", "term_over_at"],
    CampaignEvent: ["ends_at"],
    UpcomingElection: ["over_at"],
    Recommendation: ["search_vector"],
}

# Every model the document carries.
DOCUMENT_MODELS = list(FIELDS)
# In the order they are written; deleted in reverse. The pages about the site are not
# among them: they always exist (campaigns/site_pages.py), so an import writes them over
# by their key and never removes them, and they do not make a database count as full.
CONTENT_MODELS = [model for model in DOCUMENT_MODELS if model is not SitePage]


class ContentTransferError(Exception):
    """A document that cannot be imported; `errors` lists every problem found."""

    SHOWN = 50

    def __init__(self, errors):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))

    def message(self, heading):
        """`heading` and the problems, at most SHOWN of them, for a command to print."""
        lines = [heading, *self.errors[: self.SHOWN]]
        more = len(self.errors) - self.SHOWN
        if more > 0:
            lines.append(f"… en nog {more} fouten.")
        return "\n".join(lines)


@dataclass
class ContentReport:
    counts: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)

    def lines(self):
        lines = [f"{name}: {count}" for name, count in self.counts.items()]
        if self.replaced:
            lines.insert(0, f"Vervangen (verwijderd): {counts_text(self.replaced)}.")
        return lines


def content_counts(models=CONTENT_MODELS):
    """{verbose name: number} of every one of `models` that has objects."""
    counts = {}
    for model in models:
        count = model._default_manager.count()
        if count:
            counts[str(model._meta.verbose_name_plural)] = count
    return counts


def counts_text(counts):
    """`content_counts()` in a sentence: "5 campagnes, 73 aanbevelingen"."""
    return ", ".join(f"{count} {name}" for name, count in counts.items())
