"""The campaign admin: its texts and key figures, its agenda, its editions, publishing
(now, on a schedule, archive, back to draft, with warnings and the planning), and copying
a campaign as the start of the next with the comparison of the copy with its source."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns.admin import CampaignEventInline, KeyFigureInline
from campaigns.forms import CampaignCopyForm, campaign_copy_initial
from campaigns.models import Campaign
from config.admin_editing import AdvisedLengthsMixin, TintSelect
from config.concurrency import ConcurrentEditMixin
from config.revision_admin import RevisionAdminMixin
from config.richtext import ADMIN_HELP
from config.uploads import CleanImageField, PdfFileField

from ..models import Edition
from ..publication_warnings import OLD_YEARS, campaign_warnings, draft_editions, old_years
from ..publishing import (
    campaign_publish,
    publication_archive,
    publication_schedule,
    publication_unpublish,
)
from ..services import campaign_compare, campaign_copy
from .copying import CopyForm
from .working_copies import fold_in_due

# A warning lists at most this many regions or themes, then says how many more.
WARNING_ITEMS_SHOWN = 15


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ["title", "province", "municipality", "contact", "status"]
    autocomplete_fields = ["province", "municipality", "contact"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # A working copy is edited on its own page (manifestos/admin/working_copies.py).
        return super().get_queryset(request).originals()


@admin.register(Campaign)
class CampaignAdmin(ConcurrentEditMixin, RevisionAdminMixin, AdvisedLengthsMixin, admin.ModelAdmin):
    advised_lengths = {"tagline": 80, "call_to_action": 160, "follow_up_call_to_action": 160}
    list_display = ["name", "election_type", "election_date", "status", "phase", "published_at"]
    list_filter = ["status", "election_type"]
    search_fields = ["name", "slug", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["central_contact"]
    date_hierarchy = "election_date"
    inlines = [KeyFigureInline, CampaignEventInline, EditionInline]
    actions = ["publish_now", "archive", "unpublish"]
    # Uploads are checked and cleaned before they are stored.
    formfield_overrides = {
        models.ImageField: {"form_class": CleanImageField},
        models.FileField: {"form_class": PdfFileField},
    }
    fieldsets = [
        (None, {"fields": ["name", "slug", "election_type", "election_date", "tagline"]}),
        (
            _("Publicatie"),
            {
                "fields": ["status", "published_at"],
                "description": _(
                    "Gepubliceerd met een moment in de toekomst: de campagne verschijnt "
                    "vanzelf op dat moment (zie Planning). Edities die op concept staan, blijven "
                    "onzichtbaar tot ze zelf gepubliceerd zijn; de actie ‘Publiceer nu’ in het "
                    "overzicht publiceert ze mee. Na de verkiezingsdag spreken de pagina's in de "
                    "verleden tijd en is de brief aan de partijen er niet meer; een campagne gaat "
                    "vanzelf naar het archief zodra een nieuwere campagne van dezelfde soort "
                    "openbaar is, of als de zittingsperiode voorbij is."
                ),
            },
        ),
        (
            _("Teksten op de website"),
            {
                "fields": [
                    "web_intro",
                    "call_to_action",
                    "follow_up_intro",
                    "follow_up_call_to_action",
                    "foreword",
                    "foreword_author",
                    "foreword_author_role",
                    "about",
                ],
                "description": ADMIN_HELP,
            },
        ),
        (
            _("E-mail aan de leden"),
            {
                "fields": ["intro_letter"],
                "description": _(
                    "De e-mail zoals de leden hem kregen, met ‘deze e-mail’ en ‘hieronder’. "
                    "Hij staat niet op de website en niet in de pdf: daar staan de introductie "
                    "en de oproep hierboven."
                ),
            },
        ),
        (
            _("Kleur en beeld"),
            {
                "fields": ["colour", "image", "image_alt"],
                "description": _(
                    "Zo herkennen bezoekers de campagne: de kleur met het plaatpatroon in de "
                    "band bovenaan de pagina's, op de kaart op de voorpagina, in de pdf en de "
                    "deelafbeelding. Een eigen afbeelding staat in de band en op de kaart; "
                    "beschrijf dan wat erop staat."
                ),
            },
        ),
        (
            _("Contact, flyer en links"),
            {
                "fields": [
                    "central_contact",
                    "flyer",
                    "flyer_url",
                    "campaign_page_url",
                ]
            },
        ),
        (
            _("Wat deden de partijen"),
            {
                "fields": ["party_results_public"],
                "description": _(
                    "Regiomanagers en redacteuren leggen bij Partijen vast wat partijen met het "
                    "manifest deden. Aangezet verschijnt op de pagina van elke gemeente per partij "
                    "wat zij overnam, alleen met een link als bewijs."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_phase()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "colour":
            kwargs["widget"] = TintSelect
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("fase vandaag"))
    def phase(self, campaign):
        """Campaigning, following through or archived, by the clock (campaigns/lifecycle.py)."""
        return campaign.phase().label

    # --- reuse: copy a campaign as the start of the next, compare a copy with its source ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "planning/",
                self.admin_site.admin_view(self.planning_view),
                name="{}_{}_planning".format(*info),
            ),
            path(
                "<path:object_id>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="{}_{}_copy".format(*info),
            ),
            path(
                "<path:object_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def _viewable_campaign(self, request, object_id):
        campaign = self.get_object(request, unquote(object_id))
        if campaign is None:
            raise Http404(_("Deze campagne bestaat niet."))
        if not self.has_view_permission(request, campaign):
            raise PermissionDenied
        return campaign

    def _view_context(self, request, campaign, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": campaign,
            "title": title,
            "has_view_permission": True,
        }

    def copy_view(self, request, object_id):
        """The form for a copy of this campaign; the copy itself is made on POST only."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        source = self._viewable_campaign(request, object_id)
        if request.method == "POST":
            form = CopyForm(request.POST, source=source)
            if form.is_valid():
                try:
                    copy = campaign_copy(
                        source=source,
                        user=request.user,
                        edition_titles=form.edition_titles(),
                        **form.campaign_values(),
                    )
                except ValidationError as error:
                    form.add_service_error(error)
                else:
                    self.message_user(
                        request,
                        _(
                            "‘%(copy)s’ is aangemaakt als kopie van ‘%(source)s’: een concept "
                            "met alle edities, thema's, aanbevelingen en kerncijfers. Bezoekers "
                            "zien de campagne pas als u die publiceert."
                        )
                        % {"copy": copy, "source": source},
                        messages.SUCCESS,
                    )
                    if dated := old_years(campaign=copy):
                        self._message_list(
                            request,
                            OLD_YEARS,
                            dated,
                            messages.WARNING,
                        )
                    return redirect(
                        reverse(
                            "admin:campaigns_campaign_change",
                            args=[copy.pk],
                            current_app=self.admin_site.name,
                        )
                    )
        else:
            form = CopyForm(initial=campaign_copy_initial(source), source=source)
        titles = [form.edition_field(edition) for edition in form.editions]
        fieldsets = [
            (None, {"fields": CampaignCopyForm.Meta.fields}),
            (
                _("Titels van de edities"),
                {
                    "fields": titles,
                    "description": _(
                        "Voorgesteld: de huidige titel met het jaar van de nieuwe verkiezing."
                    ),
                },
            ),
        ]
        context = {
            **self._view_context(request, source, _("Kopieer %(name)s") % {"name": source}),
            "adminform": helpers.AdminForm(form, fieldsets, {}),
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/campaigns/campaign/copy.html", context)

    def compare_view(self, request, object_id):
        """Per edition and theme: the recommendations added, removed and edited since the copy."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        campaign = self._viewable_campaign(request, object_id)
        if campaign.copied_from is None:
            raise Http404(_("Deze campagne is geen kopie van een andere campagne."))
        if not self.has_view_permission(request, campaign.copied_from):
            raise PermissionDenied
        title = _("%(campaign)s vergeleken met %(source)s") % {
            "campaign": campaign,
            "source": campaign.copied_from,
        }
        context = {
            **self._view_context(request, campaign, title),
            "comparison": campaign_compare(campaign=campaign),
        }
        return TemplateResponse(request, "admin/campaigns/campaign/compare.html", context)

    # --- publishing: publish now, archive, back to draft; warnings; the planning ----------

    def get_view_on_site_url(self, obj=None):
        """The public page once visitors can see it; before that the preview object tool."""
        if obj is not None and not Campaign.objects.public().filter(pk=obj.pk).exists():
            return None
        return super().get_view_on_site_url(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        campaign = form.instance
        if campaign.status == Campaign.Status.PUBLISHED:
            self._warn(request, campaign)
            drafts = draft_editions(campaign=campaign)
            if drafts:
                self._message_list(
                    request,
                    _("Deze edities staan op concept en blijven onzichtbaar:"),
                    drafts,
                    messages.INFO,
                )

    @admin.action(description=_("Publiceer nu, met de concept-edities"), permissions=["change"])
    def publish_now(self, request, queryset):
        for campaign in queryset:
            editions_published = campaign_publish(campaign=campaign)
            message = ngettext(
                "‘%(campaign)s’ is gepubliceerd, met %(count)d concept-editie.",
                "‘%(campaign)s’ is gepubliceerd, met %(count)d concept-edities.",
                editions_published,
            )
            if not editions_published:
                message = _("‘%(campaign)s’ is gepubliceerd.")
            self.message_user(
                request,
                message % {"campaign": campaign, "count": editions_published},
                messages.SUCCESS,
            )
            self._warn(request, campaign)

    @admin.action(description=_("Archiveer"), permissions=["change"])
    def archive(self, request, queryset):
        for campaign in queryset:
            try:
                publication_archive(item=campaign)
            except ValidationError as error:
                self.message_user(
                    request, f"{campaign}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                self.message_user(
                    request,
                    _("‘%(campaign)s’ is gearchiveerd: nog zichtbaar, bij de eerdere verkiezingen.")
                    % {"campaign": campaign},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Terug naar concept"), permissions=["change"])
    def unpublish(self, request, queryset):
        for campaign in queryset:
            publication_unpublish(item=campaign)
            self.message_user(
                request,
                _("‘%(campaign)s’ is weer een concept: niet meer zichtbaar en niet meer gepland.")
                % {"campaign": campaign},
                messages.SUCCESS,
            )

    def _warn(self, request, campaign):
        for warning in campaign_warnings(campaign=campaign):
            self._message_list(
                request, f"{campaign}: {warning.message}", warning.items, messages.WARNING
            )

    def _message_list(self, request, message, items, level):
        shown = items[:WARNING_ITEMS_SHOWN]
        links = format_html_join(", ", "{}", ((self._item_link(item),) for item in shown))
        more = len(items) - len(shown)
        if more:
            links = format_html(
                "{} {}", links, ngettext("en nog %(n)d", "en nog %(n)d", more) % {"n": more}
            )
        self.message_user(request, format_html("{} {}", message, links), level)

    def _item_link(self, item):
        model = type(item.obj)
        if item.obj is None or not self.admin_site.is_registered(model):
            return item.label
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
            args=[item.obj.pk],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, item.label)

    def planning_view(self, request):
        """What is scheduled to appear, and what appeared in the last 30 days."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        fold_in_due(request, self)
        upcoming, recent = publication_schedule()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Planning"),
            "upcoming": upcoming,
            "recent": recent,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/campaigns/campaign/planning.html", context)
