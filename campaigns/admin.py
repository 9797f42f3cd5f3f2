"""The admin of campaigns' own records: key figures and the agenda.

The campaign itself is edited in `manifestos.admin.campaigns.CampaignAdmin`: its form
carries the editions, and publishing and copying a campaign write manifesto content,
so it lives in the layer above. It reuses the inlines defined here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin_editing import MoveButtonsMixin
from config.ordering import OrderedInlineForm, OrderedInlineFormSet

# The user admin with its unlock action lives beside this module; importing it registers it.
from . import admin_accounts  # noqa: F401
from .models import CampaignEvent, KeyFigure


class KeyFigureInline(MoveButtonsMixin, admin.TabularInline):
    model = KeyFigure
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = ["position", "value", "label"]
    extra = 1


class CampaignEventInline(admin.StackedInline):
    model = CampaignEvent
    fields = [
        ("title", "kind"),
        ("start_date", "start_time"),
        ("end_date", "end_time"),
        "location",
        "url",
        "description",
    ]
    extra = 0
    show_change_link = True
    classes = ["collapse"]


@admin.register(CampaignEvent)
class CampaignEventAdmin(admin.ModelAdmin):
    list_display = ["start_date", "title", "kind", "campaign"]
    list_display_links = ["start_date", "title"]
    ordering = ["-start_date", "title"]
    list_filter = ["kind", "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["title", "description", "location", "campaign__name", "campaign__slug"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["campaign"]
    readonly_fields = ["uid", "sequence", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "kind"]}),
        (
            _("Wanneer"),
            {
                "fields": [("start_date", "start_time"), ("end_date", "end_time")],
                "description": _(
                    "Zonder begintijd staat het punt de hele dag in de agenda. Tijden zijn "
                    "Nederlandse tijd."
                ),
            },
        ),
        (None, {"fields": ["location", "url", "description"]}),
        (
            _("Voor agenda-apps"),
            {"fields": ["uid", "sequence", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]
