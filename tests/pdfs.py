"""Real PDF files for upload tests: a page that pypdf can read, optionally padded to an
exact size."""

import io

from pypdf import PdfWriter


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
