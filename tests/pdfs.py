"""PDFs in tests: real files for upload tests (a page that pypdf can read, optionally
padded to an exact size), and the text a generated PDF reads as."""

import io
import re

from pypdf import PdfReader, PdfWriter

# WeasyPrint hyphenates long Dutch words at a line's end with U+2010 (CSS hyphens: auto).
_HYPHENATED = re.compile("\u2010\\s+")


def pdf_text(content):
    """The text of every page, each run of whitespace one space, words broken at a line's
    end by hyphenation joined again (a printed hyphen, as in "MKB-maakindustrie", stays)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(_HYPHENATED.sub("", text).split())


def _written(padding):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if padding:
        writer.add_metadata({"/Padding": "x" * padding})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def real_pdf(size_bytes=None):
    """A one-page A4 PDF; of exactly `size_bytes` when given (a metadata string pads it)."""
    data = _written(0)
    padding = 0
    for _ in range(10):
        if size_bytes is None or len(data) == size_bytes:
            return data
        padding += size_bytes - len(data)
        data = _written(padding)
    raise AssertionError(f"no PDF of exactly {size_bytes} bytes")
