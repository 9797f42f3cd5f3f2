"""A stored page's frame and its parts: after a save that changed only what the parts show,
a page is put together again instead of rendered again.

340 of GR2026's 342 municipality pages show the same edition. When an editor changes a
recommendation, each of those pages changes only inside that edition's block; the rest of
each page (its header, figures, contact, sharing, footer: the *frame*) stays as it was.
A view that opts in (`@public_page(framed=True)`) has its page stored twice by
PageCacheMiddleware: whole, under the content version (config/page_cache.py), and as a
frame with a gap for each part, under the *frame version*, which a change of the part
models (`invalidate_on_changes(..., parts=...)`) leaves alone. After such a change the
middleware fills the stored frame's gaps with the parts rendered afresh (each part once
per content version for every page that shows it) instead of running the view.

A part is registered by name with the function that renders it from its arguments
(`register_part`, in an app's `ready()`); a template tag puts it in a page with `place`,
which returns the part itself, or a placeholder while a framed page is rendered. The
frame then holds everything else the page shows: the rule that keeps it right is that
nothing outside a part reads the part models. `tests/test_page_frames.py` checks it by
comparing pages put together after such changes with pages rendered afresh.
"""

import re
import secrets
from dataclasses import dataclass

from django.utils.safestring import mark_safe

_parts = {}


def register_part(name, render):
    """`render(*arguments)` returns the part's HTML; `arguments` are what `place` was
    given: plain values (primary keys, flags) that can be stored with the frame."""
    _parts[name] = render


def render_part(name, arguments):
    return _parts[name](*arguments)


class FrameRecorder:
    """The parts placed while one framed page is rendered."""

    def __init__(self):
        self.marker = secrets.token_hex(8)
        self.parts = []
        self.placeholder = re.compile(rf"<!--part:{self.marker}:(\d+)-->")

    def place(self, name, arguments, html):
        self.parts.append((name, tuple(arguments), html))
        return mark_safe(f"<!--part:{self.marker}:{len(self.parts) - 1}-->")

    def split(self, content):
        """(the page with its parts, the frame's pieces: its own text and the parts'
        names and arguments, in order)."""
        pieces = self.placeholder.split(content)
        page, frame = [], []
        for index, piece in enumerate(pieces):
            if index % 2:
                name, arguments, html = self.parts[int(piece)]
                page.append(html)
                frame.append((name, arguments))
            else:
                page.append(piece)
                frame.append(piece)
        return "".join(page), tuple(frame)


def place(request, name, arguments, html):
    """`html`, the part `name` rendered from `arguments`, as it goes into the page: a
    placeholder while the page is recorded as a frame (see the module's docstring)."""
    recorder = getattr(request, "page_frame", None)
    if recorder is None:
        return html
    return recorder.place(name, arguments, html)


@dataclass(frozen=True)
class Frame:
    """A page without its parts: its status, headers and pieces (text, or a part's name
    and arguments), and the frame version it belongs to."""

    status: int
    headers: tuple
    pieces: tuple
    version: str

    @property
    def size(self):
        return sum(len(piece) for piece in self.pieces if isinstance(piece, str))

    def assemble(self):
        """The page's body with every part rendered now."""
        return "".join(
            piece if isinstance(piece, str) else render_part(*piece) for piece in self.pieces
        )
