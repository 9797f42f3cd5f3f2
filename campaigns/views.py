from django.shortcuts import render

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
