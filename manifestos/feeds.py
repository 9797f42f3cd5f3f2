"""The Atom feed of the public campaigns and their editions: /feeds/campagnes.atom.

An entry per public campaign and per public edition of a public campaign, newest
change first; nothing unpublished and nothing scheduled for later (the page cache's
schedule renders the feed again the moment something scheduled appears). Entry ids
are tag URIs of the public keys: a campaign's slug, and an edition's key within it
(`Edition.key`: "national" or a CBS code). They survive a changed name or host and a
restore into another database (database ids would not); a campaign's slug is its
address, so it changes only when every address of the campaign does.
Two queries, however many campaigns and editions there are.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from config.richtext import plain_text

from .models import Edition

# The tag URI authority (RFC 4151): the association's domain and a date it held it.
TAG_AUTHORITY = "metaalunie.nl,2024"
SUMMARY_WORDS = 60


class _Atom(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"

    def root_attributes(self):
        return {**super().root_attributes(), "xml:lang": "nl"}


class CampaignFeed(Feed):
    feed_type = _Atom
    title = gettext_lazy("Verkiezingsmanifesten van Koninklijke Metaalunie")
    subtitle = gettext_lazy(
        "Nieuwe en gewijzigde campagnes en edities: wat de mkb-maakindustrie vraagt van "
        "gemeente, provincie en Den Haag."
    )
    author_name = "Koninklijke Metaalunie"

    def link(self):
        return reverse("campaigns:home")

    def feed_guid(self):
        return f"tag:{TAG_AUTHORITY}:verkiezingen"

    def items(self):
        campaigns = list(Campaign.objects.public())
        editions = (
            Edition.objects.public()
            .filter(campaign__in=campaigns)
            .select_related("campaign", "province", "municipality")
        )
        items = [*campaigns, *editions]
        return sorted(
            items,
            key=lambda item: (self.item_updateddate(item), self.item_guid(item)),
            reverse=True,
        )

    def item_title(self, item):
        if isinstance(item, Campaign):
            return item.name
        return f"{item.title} ({item.campaign.name}, {item.scope_label})"

    def item_description(self, item):
        if isinstance(item, Campaign):
            # The web copy: the member e-mail (`intro_letter`) is for members, not readers.
            text = item.tagline or item.web_copy.intro
            kind = _("Campagne %(type)s, verkiezingen op %(date)s.") % {
                "type": item.get_election_type_display(),
                "date": date_format(item.election_date, "j F Y"),
            }
        elif item.specificity == 0:
            text = item.intro
            kind = _("De landelijke editie van het manifest voor de %(campaign)s.") % {
                "campaign": item.campaign.name
            }
        else:
            text = item.intro
            kind = _("De editie voor de %(scope)s van het manifest voor de %(campaign)s.") % {
                "scope": item.scope_label,
                "campaign": item.campaign.name,
            }
        summary = Truncator(plain_text(text)).words(SUMMARY_WORDS)
        # Atom summaries are HTML to a feed reader: the text is escaped, never markup.
        return escape(f"{kind} {summary}".strip())

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        if isinstance(item, Campaign):
            return f"tag:{TAG_AUTHORITY}:verkiezingen/campagne/{item.slug}"
        return f"tag:{TAG_AUTHORITY}:verkiezingen/editie/{item.campaign.slug}/{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if isinstance(item, Campaign):
            return item.published_at
        return max(filter(None, [item.campaign.published_at, item.published_at]))

    def item_updateddate(self, item):
        return max(item.updated_at, self.item_pubdate(item))

    def item_categories(self, item):
        campaign = item if isinstance(item, Campaign) else item.campaign
        return [campaign.get_election_type_display()]
