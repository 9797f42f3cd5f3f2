"""A region's manifesto as a print document and as a PDF flyer.

The PDF is the print page (`manifestos/manifesto_print.html`) rendered by
WeasyPrint. Rendering takes seconds, so the bytes are cached under a hash of
the print HTML: any change to what the page shows (campaign, edition, themes,
recommendations, figures, contact) changes the HTML and so gives a new PDF on
the next request, while an unchanged page reuses the bytes. Stylesheets are
part of the key through their URLs, which carry a content hash in production
(ManifestStaticFilesStorage).

WeasyPrint never fetches a URL itself: its fetcher reads static files from disk and
uploaded (media) files from the storage they live in (config/media.py: the local folder
or the object store), decodes data: URIs, and refuses everything else. An upload that
is missing is left out of the document (WeasyPrint logs it); the print page itself
already leaves out an image that cannot be read (config/renditions.py).
"""

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from config.media import is_clean_name, open_media

PRINT_TEMPLATE = "manifestos/manifesto_print.html"
# Old entries are never read again once the content changed; let them expire.
PDF_CACHE_SECONDS = 60 * 60 * 24 * 30
# Medium error correction: still readable from a creased or smudged paper copy.
QR_ERROR_LEVEL = "m"


def manifesto_path(page, view="detail"):
    """The path of `view` ("detail", "print", "pdf", "letter", …) for the page's region:
    its municipality, its province, or (without a region) the campaign itself."""
    kwargs = {"campaign": page.campaign.slug}
    if page.region is None:
        return reverse(f"manifestos:campaign-{view}", kwargs=kwargs)
    kind = "municipality" if page.municipality else "province"
    return reverse(f"manifestos:{kind}-{view}", kwargs={**kwargs, "slug": page.region.slug})


def manifesto_pdf_filename(page):
    """A Dutch filename a reader recognises: manifest-gr2026-voorne-aan-zee.pdf."""
    return f"manifest-{page.campaign.slug}-{page.region.slug}.pdf"


def qr_code_svg(url):
    """An inline SVG QR code that leads to `url`; made here, so nothing is fetched."""
    code = segno.make(url, error=QR_ERROR_LEVEL)
    svg = code.svg_inline(scale=3, dark="#000", light="#fff", svgclass="print-qr__svg")
    # The code is generated, never user input: safe to place as markup.
    return format_html(
        '<span class="print-qr__code" role="img" aria-label="{}">{}</span>',
        _("QR-code naar %(url)s") % {"url": url},
        mark_safe(svg),
    )


def manifesto_print_context(*, request, page):
    page_url = request.build_absolute_uri(manifesto_path(page))
    return {
        "page": page,
        "campaign": page.campaign,
        "province": page.province,
        "municipality": page.municipality,
        "page_url": page_url,
        "pdf_url": manifesto_path(page, "pdf"),
        "qr_code": qr_code_svg(page_url),
    }


def manifesto_pdf_render(*, request, page):
    """The PDF of the page's print document: from the cache, or rendered and cached."""
    context = manifesto_print_context(request=request, page=page)
    # Rendered without the request: the flyer as it will be, its links the public ones
    # also when a staff preview asks for it (`{% url %}` would follow request.current_app).
    html = render_to_string(PRINT_TEMPLATE, context)
    key = f"manifesto-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html, base_url=context["page_url"])
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def html_to_pdf(html, *, base_url):
    # Tagged PDF (PDF/UA): headings, lists and reading order reach screen readers.
    return HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


class StaticFilesFetcher(URLFetcher):
    """Serves WeasyPrint static files, uploads and data: URIs; refuses everything else."""

    def fetch(self, url, headers=None):
        if urlsplit(url).scheme.lower() == "data":
            # urllib's data: handler decodes the URI in memory.
            return super().fetch(url, headers)
        if path := static_file_path(url):
            data = path.read_bytes()
        elif name := media_name(url):
            with open_media(name) as stored:
                data = stored.read()
        else:
            raise ValueError(f"Only static and media files and data: URIs are fetched, not {url}")
        content_type = mimetypes.guess_type(path.name if path else name)[0]
        return URLFetcherResponse(
            url, data, {"Content-Type": content_type or "application/octet-stream"}
        )


def static_file_path(url):
    """The file on disk behind a static URL (on any host), or None."""
    prefix = urlsplit(settings.STATIC_URL).path
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        collected = (root / name).resolve()
        if collected.is_relative_to(root) and collected.is_file():
            return collected
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


def media_name(url):
    """The name in the media storage behind a media URL (on any host), or None."""
    prefix = urlsplit(settings.MEDIA_URL).path
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    return name if is_clean_name(name) else None
