from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .models import Campaign


def home(request):
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "current_campaigns": Campaign.objects.current(),
            "archived_campaigns": Campaign.objects.archived(),
        },
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
