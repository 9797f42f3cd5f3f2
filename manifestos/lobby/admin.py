"""The back office of the lobby follow-through: parties, their stages and adoptions.

Staff (superusers, redacteur) record everything; a regiomanager only parties of
the municipalities and provinces of their own district. That limit is enforced
here on the server: the list, every object page (change, history, delete), the
choices a form accepts, bulk actions, the import and the "sent" form all go
through `access`, so typed URLs and forged forms reach nothing else.

Longer than most modules on purpose: the party admin and its inlines, actions and
views share that one access rule, and split apart they would each have to restate it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from config.concurrency import ConcurrentEditMixin
from config.import_preview import import_urls
from config.revision_admin import RevisionAdminMixin
from config.revisions import revision_by
from config.uploads import PdfFileField

from ..models import Edition, Recommendation
from . import reach
from .access import (
    manages_all_parties,
    may_record,
    recordable_campaigns,
    recordable_municipalities,
    recordable_parties,
    recordable_provinces,
)
from .imports import PARTIES
from .models import Adoption, Party, recommendation_label
from .services import adoption_stamp, parties_record_sent, party_stamp


class ReactionFileField(PdfFileField):
    """A reaction kept as a file: checked like a flyer (a real PDF, at most 10 MB)."""

    too_large_message = gettext_lazy(
        "Het bestand is te groot (%(size)s); het mag maximaal %(max)s zijn."
    )
    not_pdf_message = gettext_lazy("Voeg de reactie toe als pdf-bestand.")


class RecommendationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return recommendation_label(obj)


def recommendations_for(party):
    """The recommendations a party can have adopted: those of the editions for its region."""
    editions = Edition.objects.originals().for_scope(
        party.campaign,
        province=party.municipality.province if party.municipality_id else party.province,
        municipality=party.municipality,
    )
    return (
        Recommendation.objects.filter(theme__edition__in=editions)
        .select_related("theme__parent", "theme__edition__province", "theme__edition__municipality")
        .order_by("theme__edition_id", "theme__parent__position", "theme__position", "position")
    )


def recorded_display(user, moment):
    if moment is None:
        return "—"
    who = (user.get_full_name() or user.get_username()) if user else _("onbekend")
    return _("%(who)s, %(when)s") % {"who": who, "when": date_format(moment, "DATETIME_FORMAT")}


class AdoptionInline(admin.TabularInline):
    model = Adoption
    fields = [
        "stage",
        "recommendation",
        "adopted_on",
        "evidence_quote",
        "evidence_link",
        "recorded",
    ]
    readonly_fields = ["recorded"]
    extra = 1

    def get_party(self, request):
        object_id = request.resolver_match.kwargs.get("object_id")
        return (
            recordable_parties(request)
            .select_related("campaign", "municipality")
            .filter(pk=object_id)
            .first()
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "recommendation":
            party = self.get_party(request)
            queryset = recommendations_for(party) if party else Recommendation.objects.none()
            return RecommendationChoiceField(
                queryset=queryset, label=db_field.verbose_name, required=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "evidence_quote":
            formfield.widget = forms.Textarea(attrs={"rows": 2, "cols": 30})
        return formfield

    @admin.display(description=gettext_lazy("vastgelegd"))
    def recorded(self, obj):
        return recorded_display(obj.recorded_by, obj.recorded_at)


class CampaignFilter(admin.RelatedFieldListFilter):
    """The campaigns one may record parties for, not every campaign's name."""

    def field_choices(self, field, request, model_admin):
        campaigns = recordable_campaigns(request).order_by("-election_date")
        return [(campaign.pk, str(campaign)) for campaign in campaigns]


class StageFilter(admin.SimpleListFilter):
    title = gettext_lazy("stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [
            ("niet-verstuurd", _("nog niet verstuurd")),
            ("verstuurd", _("manifest verstuurd")),
            ("reactie", _("reactie ontvangen")),
            ("programma", _("aanbeveling in programma")),
            ("coalitie", _("aanbeveling in coalitieakkoord")),
        ]

    def queryset(self, request, queryset):
        stage = Adoption.Stage
        conditions = {
            "niet-verstuurd": Q(sent_on__isnull=True),
            "verstuurd": Q(sent_on__isnull=False),
            "reactie": Q(reaction_on__isnull=False),
            "programma": Q(pk__in=Adoption.objects.filter(stage=stage.PROGRAMME).values("party")),
            "coalitie": Q(pk__in=Adoption.objects.filter(stage=stage.COALITION).values("party")),
        }
        condition = conditions.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class ProvinceFilter(admin.SimpleListFilter):
    """Provinces one may record for (a regiomanager: those of their district)."""

    title = gettext_lazy("provincie")
    parameter_name = "provincie"

    def lookups(self, request, model_admin):
        return [(p.pk, p.name) for p in recordable_provinces(request)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            Q(municipality__province_id=self.value()) | Q(province_id=self.value())
        )


@admin.register(Party)
class PartyAdmin(ConcurrentEditMixin, RevisionAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "region_label",
        "campaign",
        "sent_on",
        "reaction_on",
        "programme_count",
        "coalition_count",
    ]
    list_filter = [("campaign", CampaignFilter), StageFilter, ProvinceFilter]
    search_fields = ["name", "municipality__name", "province__name", "website", "sent_by"]
    list_select_related = ["campaign", "municipality", "province"]
    actions = ["delete_selected"]
    change_list_template = "admin/manifestos/party/change_list.html"
    formfield_overrides = {models.FileField: {"form_class": ReactionFileField}}
    fieldsets = [
        (None, {"fields": ["campaign", "municipality", "province", "name", "website"]}),
        (
            gettext_lazy("Manifest verstuurd"),
            {"fields": ["sent_on", "sent_by", "sent_recorded"]},
        ),
        (
            gettext_lazy("Reactie ontvangen"),
            {
                "fields": [
                    "reaction_on",
                    "reaction_summary",
                    "reaction_link",
                    "reaction_file",
                    "reaction_recorded",
                ]
            },
        ),
    ]
    readonly_fields = ["sent_recorded", "reaction_recorded"]
    inlines = [AdoptionInline]

    # --- who may see and change what ---------------------------------------------------

    def get_queryset(self, request):
        queryset = recordable_parties(request).annotate(
            programme_total=Count("adoptions", filter=Q(adoptions__stage="programme")),
            coalition_total=Count("adoptions", filter=Q(adoptions__stage="coalition")),
        )
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_record(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_record(request, obj))

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return True
        if not may_record(request, obj):
            return False
        # A regiomanager may remove a party entered by mistake, not one with a history.
        return manages_all_parties(request.user) or not _has_responses(obj)

    def has_recover_permission(self, request):
        # The deleted parties are of every region: those who record for all may.
        return manages_all_parties(request.user) and super().has_recover_permission(request)

    def get_autocomplete_fields(self, request):
        return ["municipality", "province"] if manages_all_parties(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = {
            "campaign": recordable_campaigns,
            "municipality": recordable_municipalities,
            "province": recordable_provinces,
        }
        if db_field.name in choices:
            kwargs["queryset"] = choices[db_field.name](request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        # Which recommendations fit depends on the party's campaign and region.
        return self.inlines if obj is not None else []

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if manages_all_parties(request.user):
            filters.append("municipality__province__district")
        return filters

    # --- recording who did what ----------------------------------------------------------

    def save_model(self, request, obj, form, change):
        party_stamp(party=obj, changed_fields=form.changed_data, user=request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        adoptions = formset.save(commit=False)
        for adoption in formset.deleted_objects:
            adoption.delete()
        now = timezone.now()
        for adoption in adoptions:
            adoption_stamp(adoption=adoption, user=request.user, now=now)
            adoption.save()
        formset.save_m2m()

    @admin.display(description=gettext_lazy("vastgelegd"))
    def sent_recorded(self, obj):
        return recorded_display(obj.sent_recorded_by, obj.sent_recorded_at)

    @admin.display(description=gettext_lazy("vastgelegd"))
    def reaction_recorded(self, obj):
        return recorded_display(obj.reaction_recorded_by, obj.reaction_recorded_at)

    @admin.display(description=gettext_lazy("regio"), ordering="municipality__name")
    def region_label(self, obj):
        return obj.region_label

    @admin.display(description=gettext_lazy("in programma"), ordering="programme_total")
    def programme_count(self, obj):
        return obj.programme_total

    @admin.display(description=gettext_lazy("in akkoord"), ordering="coalition_total")
    def coalition_count(self, obj):
        return obj.coalition_total

    # --- extra pages: import, "sent" for many municipalities, the reach dashboard --------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            *import_urls(self, PARTIES),
            path("verstuurd/", view(self.sent_view), name="{}_{}_sent".format(*info)),
            path("bereik/", view(self.reach_view), name="{}_{}_reach".format(*info)),
            path(
                "bereik/export.<str:file_format>",
                view(self.reach_export_view),
                name="{}_{}_reach_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "shows_reach": manages_all_parties(request.user)}
        return super().changelist_view(request, extra_context)

    def sent_view(self, request):
        if not (self.has_change_permission(request) and self.has_view_permission(request)):
            raise PermissionDenied
        form = SentForm(request.POST or None, request=request)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with revision_by(request.user):
                    result = parties_record_sent(
                        parties=recordable_parties(request).filter(campaign=data["campaign"]),
                        municipalities=data["municipalities"],
                        sent_on=data["sent_on"],
                        sent_by=data["sent_by"],
                        user=request.user,
                        overwrite=data["overwrite"],
                    )
                    for party in result.recorded:
                        self.log_change(request, party, _sent_change_message(party, result))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                _sent_messages(self, request, result)
                return redirect("admin:manifestos_party_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Verzending van het manifest vastleggen"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/manifestos/party/sent.html", context)

    def _require_reach(self, request):
        if not manages_all_parties(request.user):
            raise PermissionDenied

    def reach_view(self, request):
        self._require_reach(request)
        filters = reach.ReachFilters.from_query(request.GET)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Bereik van het manifest"),
            "filters": filters,
            "report": reach.reach_report(filters),
        }
        return TemplateResponse(request, "admin/manifestos/party/reach.html", context)

    def reach_export_view(self, request, file_format):
        self._require_reach(request)
        filters = reach.ReachFilters.from_query(request.GET)
        return reach.reach_export_response(filters, file_format)


def _has_responses(party):
    return Party.objects.with_responses().filter(pk=party.pk).exists()


def _sent_change_message(party, result):
    """The log entry of a party whose sending was recorded through the "sent" form (the
    values are in its revision, config/revisions.py)."""
    previous = result.previous[party.pk]
    labels = [
        str(Party._meta.get_field(name).verbose_name).capitalize()
        for name in ("sent_on", "sent_by")
        if previous[name] != getattr(party, name)
    ]
    return [{"changed": {"fields": labels}}]


def _sent_messages(model_admin, request, result):
    if result.recorded:
        count = len(result.recorded)
        model_admin.message_user(
            request,
            ngettext(
                "Verzending vastgelegd voor %(count)d partij.",
                "Verzending vastgelegd voor %(count)d partijen.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
    if result.skipped:
        model_admin.message_user(
            request,
            _("Al eerder vastgelegd en ongewijzigd gelaten: %(parties)s.")
            % {"parties": ", ".join(str(p) for p in result.skipped)},
            messages.INFO,
        )
    if result.without_parties:
        model_admin.message_user(
            request,
            _("Geen partijen bekend in: %(names)s. Voeg ze eerst toe of importeer ze.")
            % {"names": ", ".join(m.name for m in result.without_parties)},
            messages.WARNING,
        )


class SentForm(forms.Form):
    """ "The manifesto went to every party in these municipalities on this date"."""

    campaign = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Campagne"))
    municipalities = forms.ModelMultipleChoiceField(
        queryset=None,
        label=gettext_lazy("Gemeenten"),
        widget=FilteredSelectMultiple(gettext_lazy("gemeenten"), is_stacked=False),
    )
    sent_on = forms.DateField(
        label=gettext_lazy("Verstuurd op"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sent_by = forms.CharField(label=gettext_lazy("Verstuurd door"), max_length=100, required=False)
    overwrite = forms.BooleanField(
        label=gettext_lazy("Ook partijen waarvoor al een verzenddatum is vastgelegd"),
        required=False,
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = recordable_campaigns(request).regional()
        self.fields["municipalities"].queryset = recordable_municipalities(request).order_by("name")
        if not self.is_bound:
            self.initial["sent_by"] = request.user.get_full_name()

    def clean(self):
        data = super().clean()
        sent_on = data.get("sent_on")
        if sent_on and sent_on > timezone.localdate():
            self.add_error("sent_on", _("Deze datum ligt in de toekomst."))
        return data
