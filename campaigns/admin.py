from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from manifestos.models import Edition
from manifestos.ordering import OrderedInlineForm, OrderedInlineFormSet
from manifestos.richtext import ADMIN_HELP

from .models import Campaign, KeyFigure


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = ["position", "value", "label"]
    extra = 1


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ["title", "province", "municipality", "contact"]
    autocomplete_fields = ["province", "municipality", "contact"]
    extra = 0
    show_change_link = True


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "election_type", "election_date", "status", "published_at"]
    list_filter = ["status", "election_type"]
    search_fields = ["name", "slug", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["central_contact"]
    date_hierarchy = "election_date"
    inlines = [KeyFigureInline, EditionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "election_type", "election_date", "tagline"]}),
        (_("Publicatie"), {"fields": ["status", "published_at"]}),
        (
            _("Teksten"),
            {
                "fields": [
                    "intro_letter",
                    "foreword",
                    "foreword_author",
                    "foreword_author_role",
                    "about",
                ],
                "description": ADMIN_HELP,
            },
        ),
        (_("Contact en flyer"), {"fields": ["central_contact", "flyer"]}),
    ]
