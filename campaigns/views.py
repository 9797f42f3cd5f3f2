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
