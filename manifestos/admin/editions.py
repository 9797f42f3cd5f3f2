"""The admin of editions, themes and recommendations."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns.models import Campaign
from config.admin_editing import AdvisedLengthsMixin, MoveButtonsMixin
from config.concurrency import ConcurrentEditMixin
from config.ordering import OrderedInlineForm, OrderedInlineFormSet
from config.preview import preview_namespace
from config.revision_admin import RevisionAdminMixin
from config.richtext import ADMIN_HELP
from manifestos.publishing import edition_publish, publication_archive, publication_unpublish

from ..fields import RECOMMENDATION
from ..models import Edition, Recommendation, Theme
from .working_copies import LockedByWorkingCopyMixin, WorkingCopyAdminMixin

# Advised lengths in characters, where the printed flyer has limited room.
THEME_ADVISED_LENGTHS = {"title": 70}
RECOMMENDATION_ADVISED_LENGTHS = {"lead": 120, "body": 600}


def _apply(modeladmin, request, queryset, service, done_message):
    """Run `service` for each selected object; report how many it changed and what it refused."""
    done, refused = 0, []
    for obj in queryset:
        try:
            service(obj)
        except ValidationError as error:
            refused.append(f"{obj}: {' '.join(error.messages)}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, reason, messages.WARNING)


def edition_preview_url(edition):
    """The staff preview of the page where the edition is read."""
    kwargs = {"campaign": edition.campaign.slug}
    if edition.municipality_id:
        name, kwargs["slug"] = "municipality-detail", edition.municipality.slug
    elif edition.province_id:
        name, kwargs["slug"] = "province-detail", edition.province.slug
    else:
        name = "campaign-detail"
    return reverse(f"manifestos:{name}", kwargs=kwargs, current_app=preview_namespace("manifestos"))


def edition_page_url(edition):
    """Its public page once the edition and its campaign are visible, else its preview."""
    visible = (
        Edition.objects.public()
        .filter(pk=edition.pk, campaign__in=Campaign.objects.public())
        .exists()
    )
    return edition.get_absolute_url() if visible else edition_preview_url(edition)


class ThemeFormSet(OrderedInlineFormSet):
    group_by = ("parent",)


class ThemeInline(AdvisedLengthsMixin, MoveButtonsMixin, admin.TabularInline):
    advised_lengths = THEME_ADVISED_LENGTHS
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
            kwargs["form_class"] = EditionThemeField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Edition)
class EditionAdmin(
    WorkingCopyAdminMixin, ConcurrentEditMixin, RevisionAdminMixin, admin.ModelAdmin
):
    list_display = ["title", "campaign", "scope", "status", "published_at", "theme_count"]
    list_filter = ["status", "campaign"]
    search_fields = ["title", "campaign__name", "province__name", "municipality__name"]
    autocomplete_fields = ["campaign", "province", "municipality", "contact"]
    list_select_related = ["campaign", "province", "municipality"]
    inlines = [ThemeInline]
    actions = ["publish", "archive", "unpublish"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "province", "municipality", "contact"]}),
        (
            _("Publicatie"),
            {
                "fields": ["status", "published_at"],
                "description": _(
                    "Met een publicatiemoment in de toekomst verschijnt de editie vanzelf op "
                    "dat moment (zie Planning bij de campagnes)."
                ),
            },
        ),
        (_("Teksten"), {"fields": ["intro", "closing"], "description": ADMIN_HELP}),
    ]

    def view_on_site(self, obj):
        return edition_preview_url(obj) if obj.replaces_id else edition_page_url(obj)

    @admin.action(description=_("Publiceer nu"), permissions=["change"])
    def publish(self, request, queryset):
        _apply(
            self,
            request,
            queryset.select_related("campaign"),
            lambda edition: edition_publish(edition=edition, user=request.user),
            lambda count: (
                ngettext(
                    "%(count)d editie gepubliceerd. Bezoekers zien haar zodra ook haar "
                    "campagne gepubliceerd is.",
                    "%(count)d edities gepubliceerd. Bezoekers zien ze zodra ook hun "
                    "campagne gepubliceerd is.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Archiveer"), permissions=["change"])
    def archive(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda edition: publication_archive(item=edition),
            lambda count: (
                ngettext("%(count)d editie gearchiveerd.", "%(count)d edities gearchiveerd.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Terug naar concept"), permissions=["change"])
    def unpublish(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda edition: publication_unpublish(item=edition),
            lambda count: (
                ngettext(
                    "%(count)d editie is weer een concept en niet meer zichtbaar.",
                    "%(count)d edities zijn weer een concept en niet meer zichtbaar.",
                    count,
                )
                % {"count": count}
            ),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(theme_total=Count("themes"))

    @admin.display(description=_("geldt voor"))
    def scope(self, obj):
        if obj.replaces_id:
            return _("%(scope)s (concept met wijzigingen)") % {"scope": obj.scope_label}
        return obj.scope_label

    @admin.display(description=_("thema's"), ordering="theme_total")
    def theme_count(self, obj):
        return obj.theme_total


class RecommendationInline(AdvisedLengthsMixin, MoveButtonsMixin, admin.StackedInline):
    advised_lengths = RECOMMENDATION_ADVISED_LENGTHS
    model = Recommendation
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = ["position", *RECOMMENDATION.texts]
    extra = 1


@admin.register(Theme)
class ThemeAdmin(
    LockedByWorkingCopyMixin,
    ConcurrentEditMixin,
    RevisionAdminMixin,
    AdvisedLengthsMixin,
    admin.ModelAdmin,
):
    advised_lengths = THEME_ADVISED_LENGTHS
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
                "fields": ["edition", "parent", "position", "title", "slug", "intro"],
                "description": ADMIN_HELP,
            },
        ),
        (_("Feitenkader"), {"fields": ["facts_title", "facts"], "classes": ["collapse"]}),
        (
            _("Citaat"),
            {"fields": ["quote", "quote_author", "quote_author_role"], "classes": ["collapse"]},
        ),
        (_("Vergelijking met vorige verkiezingen"), {"fields": ["previous"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_total=Count("recommendations"))

    def edition_of(self, obj):
        return obj.edition_id

    @admin.display(description=_("aanbevelingen"), ordering="recommendation_total")
    def recommendation_count(self, obj):
        return obj.recommendation_total

    def view_on_site(self, obj):
        return f"{edition_page_url(obj.edition)}#{obj.anchor}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = parent_theme_choices(request)
            kwargs["form_class"] = EditionThemeField
        if db_field.name == "previous":
            kwargs["queryset"] = previous_theme_choices(
                request.resolver_match.kwargs.get("object_id")
            )
            kwargs["form_class"] = PreviousThemeField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EditionThemeField(forms.ModelChoiceField):
    """A main theme: only those of the theme's own edition, by their place in it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("— geen: dit is een hoofdthema —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.position}. {obj.title}"


def parent_theme_choices(request):
    """The main themes of the edition of the theme being edited (or of the edition a new
    theme is added to: ?edition=…); other editions' themes are never a choice (Theme.clean
    refuses them), and the titles repeat between campaigns."""
    themes = Theme.objects.filter(parent__isnull=True).order_by("position")
    theme_id = request.resolver_match.kwargs.get("object_id")
    if theme_id and str(theme_id).isdigit():
        edition = Theme.objects.filter(pk=theme_id).values("edition_id")
        return themes.filter(edition_id__in=edition).exclude(pk=theme_id)
    edition_id = request.POST.get("edition") or request.GET.get("edition")
    if edition_id and str(edition_id).isdigit():
        return themes.filter(edition_id=edition_id)
    return themes.none()


class PreviousThemeField(forms.ModelChoiceField):
    """Names the campaign and edition too: theme titles repeat between campaigns."""

    def label_from_instance(self, obj):
        path = f"{obj.parent.title} › {obj.title}" if obj.parent_id else obj.title
        return f"{obj.edition.campaign.name} · {obj.edition.scope_label} · {path}"


def previous_theme_choices(theme_id):
    """Themes of earlier elections of the same type as the theme being edited (any, when new)."""
    themes = (
        Theme.objects.filter(edition__replaces__isnull=True)
        .select_related("edition__campaign", "edition__province", "edition__municipality", "parent")
        .order_by("-edition__campaign__election_date", "edition_id", "pk")
    )
    campaign = (
        Campaign.objects.filter(editions__themes__pk=theme_id).first()
        if theme_id and str(theme_id).isdigit()
        else None
    )
    if campaign is None:
        return themes
    return themes.filter(
        edition__campaign__election_type=campaign.election_type,
        edition__campaign__election_date__lt=campaign.election_date,
    )


@admin.register(Recommendation)
class RecommendationAdmin(
    LockedByWorkingCopyMixin,
    ConcurrentEditMixin,
    RevisionAdminMixin,
    AdvisedLengthsMixin,
    admin.ModelAdmin,
):
    advised_lengths = RECOMMENDATION_ADVISED_LENGTHS
    list_display = ["__str__", "theme", "position"]
    list_filter = ["theme__edition__campaign"]
    search_fields = ["lead", "body", "points", "theme__title"]
    list_select_related = ["theme"]
    autocomplete_fields = ["theme"]

    def edition_of(self, obj):
        return obj.theme.edition_id
