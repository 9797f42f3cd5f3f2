"""The sitemap: every public page, with the date its content last changed.

A few queries in all, however many campaigns and municipalities there are:
the campaigns (with the regions they cover), their editions, the provinces and the
municipalities are each read once, and which page exists (a region the campaign
covers, `campaign.coverage`; a municipality that existed on the election date) and
which edition it shows are decided in Python.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from campaigns.levels import Scope
from campaigns.models import Campaign, SitePage
from regions.models import Municipality, Province

from .models import Edition


class _CampaignPages(Sitemap):
    """Reads the public campaigns and their editions once per request (the view
    makes a fresh instance of each section per request)."""

    def _campaigns(self):
        if not hasattr(self, "_campaign_list"):
            self._campaign_list = list(
                Campaign.objects.public().with_coverage().order_by("-election_date", "slug")
            )
        return self._campaign_list

    def _campaigns_with_pages(self, scope):
        """The campaigns whose election level has pages of `scope` (province, municipality)."""
        return [
            campaign for campaign in self._campaigns() if scope in campaign.level.regional_pages
        ]

    def _edition_dates(self):
        """When each edition changed, by (campaign, province, municipality)."""
        if not hasattr(self, "_edition_date_map"):
            editions = (
                Edition.objects.public()
                .filter(campaign__in=self._campaigns())
                .values_list("campaign_id", "province_id", "municipality_id", "updated_at")
            )
            self._edition_date_map = {
                (campaign, province, municipality): updated_at
                for campaign, province, municipality, updated_at in editions
            }
        return self._edition_date_map

    def _changed(self, campaign, *scopes):
        """The campaign's change or that of the most specific of `scopes` that has an edition."""
        dates = self._edition_dates()
        for scope in (*scopes, (None, None)):
            edition_date = dates.get((campaign.pk, *scope))
            if edition_date is not None:
                return max(campaign.updated_at, edition_date)
        return campaign.updated_at

    def items(self):
        if not hasattr(self, "_items_list"):
            self._items_list = list(self._page_items())
        return self._items_list


class HomeSitemap(_CampaignPages):
    def _page_items(self):
        return ["campaigns:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return max((campaign.updated_at for campaign in self._campaigns()), default=None)


class CampaignSitemap(_CampaignPages):
    def _page_items(self):
        return self._campaigns()

    def lastmod(self, campaign):
        return self._changed(campaign)


class ProvinceSitemap(_CampaignPages):
    def _page_items(self):
        provinces = list(Province.objects.order_by("name"))
        for campaign in self._campaigns_with_pages(Scope.PROVINCE):
            for province in provinces:
                if campaign.coverage.covers_province(province):
                    yield campaign, province

    def location(self, item):
        campaign, province = item
        return reverse(
            "manifestos:province-detail", kwargs={"campaign": campaign.slug, "slug": province.slug}
        )

    def lastmod(self, item):
        campaign, province = item
        return self._changed(campaign, (province.pk, None))


class MunicipalitySitemap(_CampaignPages):
    def _page_items(self):
        municipalities = list(
            Municipality.objects.order_by("name").only(
                "slug", "province_id", "valid_from", "valid_until"
            )
        )
        for campaign in self._campaigns_with_pages(Scope.MUNICIPALITY):
            for municipality in municipalities:
                if municipality.is_valid_on(
                    campaign.election_date
                ) and campaign.coverage.covers_municipality(municipality):
                    yield campaign, municipality

    def location(self, item):
        campaign, municipality = item
        return reverse(
            "manifestos:municipality-detail",
            kwargs={"campaign": campaign.slug, "slug": municipality.slug},
        )

    def lastmod(self, item):
        campaign, municipality = item
        return self._changed(campaign, (None, municipality.pk), (municipality.province_id, None))


class AgendaSitemap(Sitemap):
    """The agenda of every public campaign that has key dates, as of its latest change."""

    def items(self):
        return list(
            Campaign.objects.public()
            .annotate(events_changed=Max("events__updated_at"))
            .filter(events_changed__isnull=False)
            .order_by("-election_date", "slug")
        )

    def location(self, campaign):
        return reverse("campaigns:agenda", kwargs={"campaign": campaign.slug})

    def lastmod(self, campaign):
        return campaign.events_changed


class SitePageSitemap(Sitemap):
    """The pages about the site: about, privacy, contact and colophon."""

    def items(self):
        return list(SitePage.objects.order_by("key"))

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {
    "home": HomeSitemap,
    "pages": SitePageSitemap,
    "campaigns": CampaignSitemap,
    "agendas": AgendaSitemap,
    "provinces": ProvinceSitemap,
    "municipalities": MunicipalitySitemap,
}
