"""The member letter kit: /<campaign>/gemeente/<slug>/brief/ (and per province for PS).

The kit page carries the form for the PDF with its CSRF token, a value per visitor,
so it is not a public page: caches must not share it (the page cache leaves it
alone and it is sent `private, no-store`). The PDF is asked for by POST; what the
member typed is in that response only, never stored, never in a URL.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.models import ElectionType
from regions.models import Province

from ..assembly import municipality_page, province_page
from ..pdf import html_to_pdf, qr_code_svg
from ..views import _campaign_or_404, _municipality_for
from .forms import MemberForm
from .letter import member_letter

KIT_TEMPLATE = "manifestos/outreach/letter_kit.html"
PRINT_TEMPLATE = "manifestos/outreach/letter_print.html"


def _is_provincial(campaign):
    return campaign.election_type == ElectionType.PROVINCIALE_STATEN


def _page_for_municipality(request, campaign_slug, slug, view_name):
    """(page, None), or (None, the response that sends the visitor on)."""
    campaign, municipality, elsewhere = _municipality_for(request, campaign_slug, slug, view_name)
    if elsewhere is not None:
        return None, elsewhere
    if _is_provincial(campaign):
        # Provinciale Staten: the letter goes to the parties of the province.
        kind = view_name.removeprefix("municipality-")
        return None, redirect(
            f"manifestos:province-{kind}", campaign=campaign.slug, slug=municipality.province.slug
        )
    return municipality_page(campaign, municipality), None


def _page_for_province(campaign_slug, slug):
    campaign = _campaign_or_404(campaign_slug)
    if not _is_provincial(campaign):
        raise Http404(_("Voor deze verkiezingen is er een brief per gemeente."))
    province = get_object_or_404(Province.objects.select_related("district"), slug=slug)
    return province_page(campaign, province)


def _letter_for(request, page):
    """The letter of a region's page, and the absolute URL of that page."""
    kind = "municipality" if page.municipality else "province"
    page_url = request.build_absolute_uri(
        reverse(
            f"manifestos:{kind}-detail",
            kwargs={"campaign": page.campaign.slug, "slug": page.region.slug},
        )
    )
    return member_letter(
        campaign=page.campaign,
        page_url=page_url,
        contact=page.contact,
        municipality=page.municipality,
        province=page.province,
    )


def _kit(request, page, form, *, status=200):
    letter = _letter_for(request, page)
    kind = "municipality" if page.municipality else "province"
    return render(
        request,
        KIT_TEMPLATE,
        {
            "page": page,
            "campaign": page.campaign,
            "region": page.region,
            "municipality": page.municipality,
            "province": page.province,
            "letter": letter,
            "form": form,
            "pdf_url": reverse(
                f"manifestos:{kind}-letter-pdf",
                kwargs={"campaign": page.campaign.slug, "slug": page.region.slug},
            ),
        },
        status=status,
    )


def _letter_pdf(request, page):
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _kit(request, page, form, status=400)
    letter = _letter_for(request, page)
    member = form.member()
    html = render_to_string(
        PRINT_TEMPLATE,
        {
            "letter": letter,
            "member": member,
            "campaign": page.campaign,
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
                as_attachment=True,
                filename=f"brief-{page.campaign.slug}-{page.region.slug}.pdf",
            ),
            "X-Robots-Tag": "noindex",
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def municipality_letter(request, campaign, slug):
    page, elsewhere = _page_for_municipality(request, campaign, slug, "municipality-letter")
    return elsewhere or _kit(request, page, MemberForm())


@require_POST
def municipality_letter_pdf(request, campaign, slug):
    page, elsewhere = _page_for_municipality(request, campaign, slug, "municipality-letter")
    return elsewhere or _letter_pdf(request, page)


@require_GET
def province_letter(request, campaign, slug):
    return _kit(request, _page_for_province(campaign, slug), MemberForm())


@require_POST
def province_letter_pdf(request, campaign, slug):
    return _letter_pdf(request, _page_for_province(campaign, slug))
