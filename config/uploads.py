"""Upload checks for every app: images (contact photos, campaign images) and PDFs.

An image upload is accepted only when it is small enough, really is a JPEG, PNG or
WebP image whose name matches its content, and has a sane number of pixels.
What is stored is a re-encoded copy, so camera metadata (location, device)
never reaches the site (the public pages show WebP renditions of it:
config/renditions.py). A PDF upload (a flyer, a party's reaction letter) must be
a PDF of at most 10 MB that
parses (pypdf) and has a page.
"""

import io
from pathlib import PurePath

from django import forms
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS_BY_EXTENSION = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSION_BY_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def _detected_format(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise forms.ValidationError(
            _("Dit bestand is geen geldige afbeelding of is beschadigd."), code="invalid_image"
        ) from exc
    except Image.DecompressionBombError as exc:
        raise forms.ValidationError(
            _("Deze afbeelding heeft te veel pixels."), code="too_many_pixels"
        ) from exc


def image_validate(upload) -> str:
    """Check an upload; return Pillow's format name. Raises ValidationError in Dutch."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("Het bestand is te groot (%(size)s); het mag maximaal %(max)s zijn.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    expected = FORMATS_BY_EXTENSION.get(extension)
    if expected is None:
        raise forms.ValidationError(
            _("Alleen JPEG-, PNG- of WebP-afbeeldingen zijn toegestaan."), code="format"
        )
    upload.seek(0)
    data = upload.read()
    detected = _detected_format(data)
    if detected not in EXTENSION_BY_FORMAT:
        raise forms.ValidationError(
            _("Alleen JPEG-, PNG- of WebP-afbeeldingen zijn toegestaan."), code="format"
        )
    if detected != expected:
        raise forms.ValidationError(
            _("De bestandsnaam eindigt op %(extension)s, maar het is een %(format)s-afbeelding.")
            % {"extension": extension, "format": detected},
            code="format_mismatch",
        )
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    if width * height > MAX_PIXELS:
        raise forms.ValidationError(
            _(
                "De afbeelding is te groot (%(width)s × %(height)s pixels); maximaal %(max)s "
                "miljoen pixels."
            )
            % {"width": width, "height": height, "max": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    upload.seek(0)
    return detected


def image_reencode(upload, image_format: str) -> ContentFile:
    """A clean copy: orientation applied, every metadata block (EXIF, XMP, comments) dropped."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        image.save(output, format=image_format, **options)
    stem = PurePath(upload.name).stem[:80] or "afbeelding"
    return ContentFile(output.getvalue(), name=f"{stem}{EXTENSION_BY_FORMAT[image_format]}")


class CleanImageField(forms.ImageField):
    """An image form field that validates strictly and hands on a re-encoded copy."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        image_format = image_validate(data)
        return image_reencode(data, image_format)


MAX_PDF_BYTES = 10 * 1024 * 1024


class PdfFileField(forms.FileField):
    """A flyer upload: a real PDF file of at most 10 MB.

    Other PDF uploads (a party's reaction) use a subclass with their own messages.
    """

    too_large_message = _("De flyer is te groot (%(size)s); hij mag maximaal %(max)s zijn.")
    not_pdf_message = _("De flyer moet een pdf-bestand zijn.")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                self.too_large_message
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_PDF_BYTES)},
                code="too_large",
            )
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or not _is_pdf(upload.read()):
            raise forms.ValidationError(self.not_pdf_message, code="not_pdf")
        upload.seek(0)
        return upload


def _is_pdf(data: bytes) -> bool:
    """Whether `data` parses as a PDF with at least one page (pypdf): `%PDF-` followed by
    anything else, a web page say, is no PDF."""
    if not data.startswith(b"%PDF-"):
        return False
    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False
