"""The member letter kit: /<campaign>/gemeente/<slug>/brief/, per province for Provinciale
Staten (/<campaign>/provincie/<slug>/brief/), and /<campaign>/brief/ for an election with
a national page only (Tweede Kamer, Europees Parlement, Waterschap), whose regional
addresses lead to the national letter. The election level's `page_scope` decides which.

The kit page carries the form for the PDF with its CSRF token, a value per visitor,
so it is not a public page: caches must not share it (the page cache leaves it
alone and it is sent `private, no-store`). The PDF is asked for by POST; what the
member typed is in that response only, never stored, never in a URL.

The kit belongs to the campaign phase (campaigns/lifecycle.py): the letter asks the
parties to take the MKB-maakindustrie into their election programmes. Once election
day is over those are written, so the kit is withdrawn: its addresses answer
410 Gone with a page that says why and leads to the manifesto.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.levels import Scope
from campaigns.models import Campaign, Phase
from regions.models import Contact, Municipality, Province

from ..assembly import municipality_page, province_page, visible
from ..models import Edition
from ..pdf import html_to_pdf, manifesto_path, qr_code_svg
from ..views import _campaign_or_404, _municipality_for, _province_for
from .forms import MemberForm
from .letter import member_letter

KIT_TEMPLATE = "manifestos/outreach/letter_kit.html"
PRINT_TEMPLATE = "manifestos/outreach/letter_print.html"
WITHDRAWN_TEMPLATE = "manifestos/outreach/letter_withdrawn.html"


@dataclass(frozen=True)
class LetterScope:
    """Whom a letter is about: a municipality, a province, or the whole country."""

    campaign: Campaign
    contact: Contact | None
    municipality: Municipality | None = None
    province: Province | None = None

    @property
    def region(self):
        return self.municipality or self.province

    def url(self, view):
        """The path of the scope's manifesto page ("detail"), kit ("letter") or PDF."""
        return manifesto_path(self, view)

    @property
    def filename(self):
        parts = ["brief", self.campaign.slug, *([self.region.slug] if self.region else [])]
        return "-".join(parts) + ".pdf"


def _page_scope(page):
    return LetterScope(
        campaign=page.campaign,
        contact=page.contact,
        municipality=page.municipality,
        province=None if page.municipality else page.province,
    )


def _municipality_scope(request, campaign_slug, slug, view_name):
    """(scope, None), or (None, the response that sends the visitor on)."""
    campaign, municipality, elsewhere = _municipality_for(request, campaign_slug, slug, view_name)
    letter_scope = campaign.level.page_scope
    if letter_scope == Scope.NATIONAL:
        # An election with a national page only has one letter for all of it.
        return None, redirect("manifestos:campaign-letter", campaign=campaign.slug)
    if elsewhere is not None:
        return None, elsewhere
    if letter_scope == Scope.PROVINCE:
        # Provinciale Staten: the letter goes to the parties of the province.
        return None, redirect(
            "manifestos:province-letter", campaign=campaign.slug, slug=municipality.province.slug
        )
    return _page_scope(municipality_page(campaign, municipality)), None


def _province_scope(request, campaign_slug, slug):
    """(scope, None), or (None, the pointer for a province the campaign does not cover)."""
    campaign, province, elsewhere = _province_for(request, campaign_slug, slug)
    if campaign.level.page_scope == Scope.NATIONAL:
        raise Http404(_("Voor deze verkiezingen is er één landelijke brief."))
    if campaign.level.page_scope != Scope.PROVINCE:
        raise Http404(_("Voor deze verkiezingen is er een brief per gemeente."))
    if elsewhere is not None:
        return None, elsewhere
    return _page_scope(province_page(campaign, province)), None


def _national_scope(campaign_slug):
    """(scope, None) for an election with a national letter; else (None, the way to the
    campaign page)."""
    campaign = _campaign_or_404(campaign_slug)
    if campaign.level.page_scope != Scope.NATIONAL:
        # Regional elections have a letter per municipality or province: choose one there.
        return None, redirect(campaign)
    national = visible(Edition.objects.filter(campaign=campaign)).national().first()
    contact = (national.contact if national else None) or campaign.central_contact
    return LetterScope(campaign=campaign, contact=contact), None


def _letter_for(request, scope):
    return member_letter(
        campaign=scope.campaign,
        page_url=request.build_absolute_uri(scope.url("detail")),
        contact=scope.contact,
        municipality=scope.municipality,
        province=scope.province,
    )


def _withdrawn(request, scope):
    """After election day: the letter is no longer offered, and the page says why."""
    return render(
        request,
        WITHDRAWN_TEMPLATE,
        {"scope": scope, "campaign": scope.campaign, "manifesto_url": scope.url("detail")},
        status=410,
    )


def _kit(request, scope, form, *, status=200):
    if scope.campaign.phase() != Phase.CAMPAIGNING:
        return _withdrawn(request, scope)
    return render(
        request,
        KIT_TEMPLATE,
        {
            "scope": scope,
            "campaign": scope.campaign,
            "letter": _letter_for(request, scope),
            "form": form,
            "pdf_url": scope.url("letter-pdf"),
        },
        status=status,
    )


def _letter_pdf(request, scope):
    if scope.campaign.phase() != Phase.CAMPAIGNING:
        return _withdrawn(request, scope)
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _kit(request, scope, form, status=400)
    letter = _letter_for(request, scope)
    html = render_to_string(
        PRINT_TEMPLATE,
        {
            "letter": letter,
            "member": form.member(),
            "campaign": scope.campaign,
            "today": timezone.localdate(),
            "qr_code": qr_code_svg(letter.page_url),
        },
        request=request,
    )
    # Never cached: the PDF holds what the member typed.
    response = HttpResponse(
        html_to_pdf(html, base_url=letter.page_url),
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=scope.filename
            ),
            "X-Robots-Tag": "noindex",
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def municipality_letter(request, campaign, slug):
    scope, elsewhere = _municipality_scope(request, campaign, slug, "municipality-letter")
    return elsewhere or _kit(request, scope, MemberForm())


@require_POST
def municipality_letter_pdf(request, campaign, slug):
    scope, elsewhere = _municipality_scope(request, campaign, slug, "municipality-letter")
    return elsewhere or _letter_pdf(request, scope)


@require_GET
def province_letter(request, campaign, slug):
    scope, elsewhere = _province_scope(request, campaign, slug)
    return elsewhere or _kit(request, scope, MemberForm())


@require_POST
def province_letter_pdf(request, campaign, slug):
    scope, elsewhere = _province_scope(request, campaign, slug)
    return elsewhere or _letter_pdf(request, scope)


@require_GET
def campaign_letter(request, campaign):
    scope, elsewhere = _national_scope(campaign)
    return elsewhere or _kit(request, scope, MemberForm())


@require_POST
def campaign_letter_pdf(request, campaign):
    scope, elsewhere = _national_scope(campaign)
    return elsewhere or _letter_pdf(request, scope)
