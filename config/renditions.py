"""WebP renditions of uploaded images, and what a page does when an image is missing.

A rendition is a WebP copy of an upload at most `width` pixels wide, stored in the
default storage at `renditions/<source name>/<width>.webp`: made on first use from
the source, then reused, and deleted with its source (`renditions_delete`, called by
config/media.py). Only the widths the templates use (`WIDTHS`) are made, so a typed
address cannot fill the storage.

The sizes of the renditions of a source are kept in the cache, so a page that shows
them asks the storage nothing (an object store answers every question over the
network) and reads nothing from the source: `renditions()` answers from the cache.

A source that cannot be read (gone after a restore without the files, damaged, the
storage unreachable) has no renditions: `renditions()` answers None and the page
leaves the image out. The problem is logged once and remembered for
`MISSING_RETRY_SECONDS`, so a page rendered a thousand times logs it once, and a file
that comes back (a restored media folder) shows again after that time.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# A contact photo (square, 80–96 px on the page) and a campaign's wide image.
PHOTO_WIDTHS = (160, 320)
HERO_WIDTHS = (640, 1280)
WIDTHS = frozenset(PHOTO_WIDTHS + HERO_WIDTHS)

PREFIX = "renditions/"
SUFFIX = ".webp"
# How long the sizes of renditions that exist are remembered (they change only with a new
# source name), and how long a source that could not be read is left alone.
SIZES_SECONDS = 60 * 60 * 24
MISSING_RETRY_SECONDS = 60 * 60
_MISSING = "missing"


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int

    @property
    def url(self):
        return default_storage.url(self.name)


def rendition_name(source_name: str, width: int) -> str:
    return f"{PREFIX}{source_name}/{width}{SUFFIX}"


def rendition_source(name: str) -> tuple[str, int] | None:
    """The source name and width of the rendition `name`; None for any other name, and
    for a width the templates do not use."""
    if not name.startswith(PREFIX) or not name.endswith(SUFFIX):
        return None
    source, _, width = name.removeprefix(PREFIX).removesuffix(SUFFIX).rpartition("/")
    if not source or not width.isdigit() or int(width) not in WIDTHS:
        return None
    return source, int(width)


def _cache_key(source_name):
    return f"renditions:{hashlib.sha256(source_name.encode()).hexdigest()[:32]}"


def renditions(source_name: str, widths) -> list[Rendition] | None:
    """The renditions of `source_name` at `widths`, made where missing; None when the
    source cannot be read (logged once per MISSING_RETRY_SECONDS)."""
    key = _cache_key(source_name)
    sizes = cache.get(key)
    if sizes == _MISSING:
        return None
    sizes = dict(sizes or {})
    wanted = [width for width in widths if width not in sizes]
    if wanted:
        try:
            sizes.update(_renditions_ready(source_name, wanted))
        except Exception as error:
            # Any storage backend's failure counts (an object store raises its own errors),
            # as do a missing and a damaged file: the page goes on without the image.
            logger.warning(
                "Image %s cannot be read (%s: %s); pages leave it out for the next %d minutes",
                source_name,
                type(error).__name__,
                error,
                MISSING_RETRY_SECONDS // 60,
                exc_info=not isinstance(error, FileNotFoundError),
            )
            cache.set(key, _MISSING, MISSING_RETRY_SECONDS)
            return None
        cache.set(key, sizes, SIZES_SECONDS)
    return [Rendition(rendition_name(source_name, width), *sizes[width]) for width in widths]


def rendition_remake(source_name: str, width: int) -> bool:
    """Make a rendition again whose file went missing, unless its source is already known
    to be unreadable; False when it cannot be made (logged once, as by `renditions`)."""
    key = _cache_key(source_name)
    if cache.get(key) == _MISSING:
        return False
    cache.delete(key)
    return renditions(source_name, [width]) is not None


def _renditions_ready(source_name, widths):
    """{width: (width, height)} of renditions that exist or are made now from the source,
    which is read once for all the missing ones."""
    sizes, missing = {}, []
    for width in widths:
        try:
            name = rendition_name(source_name, width)
            with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
                sizes[width] = image.size
        except FileNotFoundError:
            missing.append(width)
    if missing:
        with default_storage.open(source_name, "rb") as source, Image.open(source) as original:
            image = ImageOps.exif_transpose(original)
            for width in missing:
                sizes[width] = _rendition_save(image, rendition_name(source_name, width), width)
    return sizes


def _rendition_save(image, name, width):
    copy = image.copy()
    copy.thumbnail((width, width * 4))
    output = io.BytesIO()
    copy.save(output, format="WEBP", quality=82)
    saved = default_storage.save(name, ContentFile(output.getvalue()))
    if saved != name:
        # Another process made the same rendition a moment earlier: keep that one.
        default_storage.delete(saved)
    return copy.size


def renditions_delete(source_name: str):
    """Delete the renditions of `source_name` (with their source: config/media.py)."""
    for width in WIDTHS:
        default_storage.delete(rendition_name(source_name, width))
    cache.delete(_cache_key(source_name))
