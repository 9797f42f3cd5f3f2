from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from config.concurrency import ConcurrentEditMixin
from config.import_preview import import_urls
from config.revision_admin import RevisionAdminMixin
from config.roles import MANAGE_ALL_CONTACTS
from config.uploads import CleanImageField

from .admin_imports import CONTACTS, FIGURES
from .models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)


class ProvinceInline(admin.TabularInline):
    model = Province
    fields = ["name", "cbs_code"]
    readonly_fields = ["name", "cbs_code"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "province_list"]
    search_fields = ["name", "provinces__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProvinceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("provinces")

    @admin.display(description=_("provincies"))
    def province_list(self, obj):
        return ", ".join(province.name for province in obj.provinces.all())


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "district", "municipality_count"]
    list_filter = ["district"]
    search_fields = ["name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("district")
            .annotate(current_count=Count("municipalities", distinct=True))
        )

    @admin.display(description=_("gemeenten"), ordering="current_count")
    def municipality_count(self, obj):
        return obj.current_count


class ValidityFilter(admin.SimpleListFilter):
    title = _("bestaat")
    parameter_name = "bestaat"

    def lookups(self, request, model_admin):
        return [("ja", _("bestaat nu")), ("nee", _("opgeheven"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(valid_until__isnull=True)
        if self.value() == "nee":
            return queryset.filter(valid_until__isnull=False)
        return queryset


class MunicipalityAliasInline(admin.TabularInline):
    model = MunicipalityAlias
    prepopulated_fields = {"slug": ["name"]}
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "province", "valid_from", "valid_until"]
    list_filter = [ValidityFilter, "province"]
    search_fields = ["name", "display_name", "cbs_code", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successors"]
    list_select_related = ["province"]
    inlines = [MunicipalityAliasInline]
    date_hierarchy = None


class FigureRowInline(admin.TabularInline):
    model = FigureRow
    fields = ["kind", "position", "label", "value", "unit"]
    extra = 1


@admin.register(RegionalFigures)
class RegionalFiguresAdmin(ConcurrentEditMixin, RevisionAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "reference_date", "member_companies", "employees"]
    list_filter = ["province", "district"]
    search_fields = ["municipality__name", "province__name", "district__name", "source"]
    autocomplete_fields = ["municipality", "province", "district"]
    list_select_related = ["municipality", "province", "district"]
    inlines = [FigureRowInline]
    change_list_template = "admin/regions/regionalfigures/change_list.html"

    def get_urls(self):
        return import_urls(self, FIGURES) + super().get_urls()


@admin.register(Contact)
class ContactAdmin(ConcurrentEditMixin, RevisionAdminMixin, admin.ModelAdmin):
    """Editors manage every card; a regiomanager sees and edits only their own.

    The restriction is enforced here on the server (queryset, object permissions,
    fields, actions), so typed URLs, forged forms, bulk actions, autocompletes
    and history pages of other cards give nothing.
    """

    list_display = ["name", "role", "district", "email", "phone", "user"]
    list_filter = ["district"]
    search_fields = ["name", "role", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["district", "user"]
    # What a regiomanager may change on their own card.
    own_card_fields = ["email", "phone", "photo", "bio"]
    formfield_overrides = {models.ImageField: {"form_class": CleanImageField}}
    change_list_template = "admin/regions/contact/change_list.html"

    def get_urls(self):
        # The import pages need add and change permission: not for a regiomanager.
        return import_urls(self, CONTACTS) + super().get_urls()

    def manages_all(self, request):
        return request.user.has_perm(MANAGE_ALL_CONTACTS)

    def is_own_card(self, request, obj):
        return obj is not None and obj.user_id is not None and obj.user_id == request.user.pk

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.manages_all(request):
            return queryset
        return queryset.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (
            obj is None or self.manages_all(request) or self.is_own_card(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or self.manages_all(request) or self.is_own_card(request, obj)
        )

    def has_add_permission(self, request):
        return self.manages_all(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.manages_all(request) and super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        if self.manages_all(request):
            return super().get_fields(request, obj)
        return ["name", "role", "district", *self.own_card_fields]

    def get_readonly_fields(self, request, obj=None):
        if not self.manages_all(request):
            return ["name", "role", "district"]
        readonly = list(super().get_readonly_fields(request, obj))
        # Accounts are linked by those who may see them (a superuser, a beheerder, also
        # from the account's own page); to a redacteur the account only shows.
        if not request.user.has_perm("auth.view_user"):
            readonly.append("user")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self.manages_all(request) else {}

    def get_list_display(self, request):
        if self.manages_all(request):
            return super().get_list_display(request)
        return ["name", "role", "email", "phone"]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if self.manages_all(request) else []

    def changelist_view(self, request, extra_context=None):
        """A regiomanager has one card: open it straight away."""
        if not self.manages_all(request):
            own = self.get_queryset(request).first()
            if own is not None:
                return redirect("admin:regions_contact_change", own.pk)
        return super().changelist_view(request, extra_context)
