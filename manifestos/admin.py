from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Edition, Recommendation, Theme
from .ordering import OrderedInlineForm, OrderedInlineFormSet
from .richtext import ADMIN_HELP


class ThemeFormSet(OrderedInlineFormSet):
    group_by = ("parent",)


class ThemeInline(admin.TabularInline):
    model = Theme
    form = OrderedInlineForm
    formset = ThemeFormSet
    fields = ["position", "title", "parent"]
    extra = 1
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            edition_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Theme.objects.filter(
                edition_id=edition_id, parent__isnull=True
            ).order_by("position")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "scope", "theme_count"]
    list_filter = ["campaign"]
    search_fields = ["title", "campaign__name", "province__name", "municipality__name"]
    autocomplete_fields = ["campaign", "province", "municipality", "contact"]
    list_select_related = ["campaign", "province", "municipality"]
    inlines = [ThemeInline]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "province", "municipality", "contact"]}),
        (_("Teksten"), {"fields": ["intro", "closing"], "description": ADMIN_HELP}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(theme_total=Count("themes"))

    @admin.display(description=_("geldt voor"))
    def scope(self, obj):
        return obj.scope_label

    @admin.display(description=_("thema's"), ordering="theme_total")
    def theme_count(self, obj):
        return obj.theme_total


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = ["position", "lead", "body", "points", "conclusion"]
    extra = 1


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "parent", "position", "recommendation_count"]
    list_filter = ["edition__campaign"]
    search_fields = ["title", "intro", "recommendations__lead", "recommendations__body"]
    list_select_related = ["edition__campaign", "parent"]
    autocomplete_fields = ["edition"]
    inlines = [RecommendationInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["edition", "parent", "position", "title", "intro"],
                "description": ADMIN_HELP,
            },
        ),
        (_("Feitenkader"), {"fields": ["facts_title", "facts"], "classes": ["collapse"]}),
        (
            _("Citaat"),
            {"fields": ["quote", "quote_author", "quote_author_role"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_total=Count("recommendations"))

    @admin.display(description=_("aanbevelingen"), ordering="recommendation_total")
    def recommendation_count(self, obj):
        return obj.recommendation_total

    def view_on_site(self, obj):
        return f"{obj.edition.get_absolute_url()}#{obj.anchor}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Theme.objects.filter(parent__isnull=True).select_related(
                "edition__campaign"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "theme", "position"]
    list_filter = ["theme__edition__campaign"]
    search_fields = ["lead", "body", "points", "theme__title"]
    list_select_related = ["theme"]
    autocomplete_fields = ["theme"]
