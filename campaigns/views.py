"""The home page, the pages about the site, the municipality finder over the current
campaigns, robots.txt, the favicon and the 404."""

import re

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from regions.finder import clean_query, find_municipalities

from .levels import Scope
from .models import Campaign, Phase, SitePage, UpcomingElection


def home(request):
    """What is current today (campaigning or following through), the next elections, and
    the archive. All public campaigns in one query, split by their phase (lifecycle.py)."""
    now = timezone.now()
    campaigns = list(Campaign.objects.public(now).with_phase())
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "current_campaigns": [c for c in campaigns if c.phase(now) != Phase.ARCHIVED],
            "upcoming_elections": UpcomingElection.objects.announced(now),
            "archived_campaigns": [c for c in campaigns if c.phase(now) == Phase.ARCHIVED],
        },
    )


@require_safe
def site_page(request, key):
    """About this site, privacy, contact and colophon (site_pages.py), as staff wrote them."""
    page = get_object_or_404(SitePage, key=key)
    return render(
        request,
        "campaigns/site_page.html",
        {"page": page, "is_contact": key == SitePage.Key.CONTACT},
    )


def page_not_found(request, exception):
    """A 404 that points the visitor to the campaigns that do exist."""
    return render(
        request, "404.html", {"current_campaigns": Campaign.objects.current()}, status=404
    )


@require_safe
def robots_txt(request):
    """Search engines may index the public site, not the back office."""
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """/favicon.ico, which browsers, feed readers and link previews ask for without reading
    the page's <link rel="icon">: to the static file config/identity.py made (its name
    carries a content hash in production, so the redirect is temporary)."""
    response = HttpResponseRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


RESULTS_PAGE_LIMIT = 50
SUGGESTIONS_LIMIT = 10
# Short, so a campaign that is taken offline drops out of shared caches quickly.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


class _MarkupFreeJSONEncoder(DjangoJSONEncoder):
    """JSON without a literal <, > or &: what a visitor typed is echoed back, and must not
    become markup even if the answer were ever read as HTML."""

    ESCAPES = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})

    def encode(self, o):
        return super().encode(o).translate(self.ESCAPES)


def _scope(request):
    """(campaign, campaigns): the public campaign asked for with ?campagne=, or none and
    every current campaign with pages per municipality; each with the regions it has
    pages for (`coverage`), to which the results link."""
    slug = request.GET.get("campagne", "")
    if slug:
        public = Campaign.objects.public().with_coverage()
        campaign = public.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        if campaign is None:
            raise Http404(_("Deze campagne bestaat niet of is niet openbaar."))
        if campaign.level.has_municipality_pages:
            return campaign, [campaign]
    return None, list(Campaign.objects.current().regional(Scope.MUNICIPALITY).with_coverage())


def _search(request, *, limit):
    campaign, campaigns = _scope(request)
    query = clean_query(request.GET.get("q", ""))
    return campaign, find_municipalities(query, campaigns=campaigns, limit=limit)


@require_safe
def municipality_search(request):
    """The results page: works without JavaScript."""
    campaign, search = _search(request, limit=RESULTS_PAGE_LIMIT)
    return render(
        request,
        "campaigns/municipality_search.html",
        {"campaign": campaign, "search": search},
    )


@require_safe
def municipality_search_json(request):
    """Suggestions while typing, for static/js/municipality-finder.js."""
    try:
        campaign, search = _search(request, limit=SUGGESTIONS_LIMIT)
    except Http404 as error:
        return JsonResponse({"error": str(error)}, status=404)
    response = JsonResponse(
        {"campaign": campaign.slug if campaign else None, **search.as_json()},
        encoder=_MarkupFreeJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )
    return response
