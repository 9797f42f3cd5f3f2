"""The admin of campaigns' own records: key figures, the agenda, the next elections and the
pages about the site.

The campaign itself is edited in `manifestos.admin.campaigns.CampaignAdmin`: its form
carries the editions, and publishing and copying a campaign write manifesto content,
so it lives in the layer above. It reuses the inlines defined here.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from config.admin_editing import MoveButtonsMixin
from config.concurrency import ConcurrentEditMixin
from config.ordering import OrderedInlineForm, OrderedInlineFormSet
from config.revision_admin import RevisionAdminMixin
from config.richtext import ADMIN_HELP

# The user admin with its unlock action lives beside this module; importing it registers it.
from . import admin_accounts  # noqa: F401
from .models import CampaignEvent, KeyFigure, SitePage, UpcomingElection


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
class CampaignEventAdmin(ConcurrentEditMixin, RevisionAdminMixin, admin.ModelAdmin):
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


@admin.register(UpcomingElection)
class UpcomingElectionAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    list_display = ["election_date", "election_type", "name", "on_home_page"]
    list_display_links = ["election_date", "election_type"]
    list_filter = ["election_type"]
    ordering = ["-election_date", "election_type"]
    fieldsets = [
        (
            None,
            {
                "fields": ["election_type", "election_date", "name", "notes"],
                "description": _(
                    "Een verkiezing waarop Metaalunie zich voorbereidt, nog voordat er een "
                    "campagne is. De homepage toont haar onder ‘Volgende verkiezingen’ tot er "
                    "een gepubliceerde campagne is van dezelfde soort en met dezelfde datum, of "
                    "tot de verkiezingsdag voorbij is."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        announced = UpcomingElection.objects.announced().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(announced=Exists(announced))

    @admin.display(boolean=True, description=_("op de homepage"), ordering="announced")
    def on_home_page(self, obj):
        return obj.announced


@admin.register(SitePage)
class SitePageAdmin(ConcurrentEditMixin, RevisionAdminMixin, admin.ModelAdmin):
    """The three pages about the site: staff change their text, never which pages exist
    (their addresses are in every footer and the sitemap)."""

    list_display = ["title", "address", "updated_at"]
    readonly_fields = ["address"]
    fieldsets = [
        (None, {"fields": ["address", "title", "lead"]}),
        (_("Tekst"), {"fields": ["body"], "description": ADMIN_HELP}),
    ]

    @admin.display(description=_("adres"))
    def address(self, page):
        return page.get_absolute_url()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
