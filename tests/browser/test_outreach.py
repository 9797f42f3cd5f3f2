"""The member letter kit and the public comparison, in a real browser.

Screenshots are saved under var/test-artifacts/ at 375 and 1280 px.
"""

import datetime
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pypdfium2
import pytest
import zxingcpp


@pytest.fixture(autouse=True)
def _before_the_elections(clock):
    """The letter kit belongs to the campaign: GR2026 before its election day (the live
    server runs in this process, so it reads the same clock)."""
    clock.set_dutch(datetime.date(2026, 2, 1))


def test_the_letter_follows_what_the_member_types_and_can_be_copied(site, page, screenshot, axe):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.url + "/gr2026/gemeente/s-gravenhage/")
    page.get_by_role("link", name="Brief aan de partijen").click()
    page.wait_for_url(site.url + "/gr2026/gemeente/s-gravenhage/brief/")
    letter = page.get_by_label("Tekst van de brief")
    mailto = page.get_by_role("link", name="Open als e-mail")
    assert letter.input_value().endswith("Met vriendelijke groet,\n\n[Uw naam]\n[Uw bedrijf]")
    assert axe() == []

    page.get_by_label("Uw naam").press_sequentially("Anna de Smid", delay=10)
    page.get_by_label("Uw bedrijf").fill("De Smid & Zn. Plaatwerk")
    page.get_by_label("Uw plaats").fill("Den Haag")

    text = letter.input_value()
    assert text.endswith(
        "Met vriendelijke groet,\n\nAnna de Smid\nDe Smid & Zn. Plaatwerk\nDen Haag"
    )
    assert "de gemeente Den Haag" in text  # running text: the name people use
    assert site.url + "/gr2026/gemeente/s-gravenhage/" in text
    href = mailto.get_attribute("href")
    assert "Anna%20de%20Smid%0D%0ADe%20Smid%20%26%20Zn.%20Plaatwerk" in href
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert body == text.replace("\n", "\r\n")
    screenshot("letter-kit")

    page.get_by_role("button", name="Kopieer de tekst").click()
    page.get_by_role("status").filter(has_text="Brief gekopieerd").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == text

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download als pdf-brief (A4)").click()
    download = download_info.value
    assert download.suggested_filename == "brief-gr2026-s-gravenhage.pdf"
    content = Path(download.path()).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert "Anna de Smid" in reader.pages[0].extract_text()
    image = pypdfium2.PdfDocument(content)[0].render(scale=3).to_pil()
    codes = [result.text for result in zxingcpp.read_barcodes(image)]
    assert codes == [site.url + "/gr2026/gemeente/s-gravenhage/"]


def test_without_javascript_the_letter_is_selectable_and_the_pdf_still_works(site, browser):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(site.url + "/gr2026/gemeente/s-gravenhage/brief/")
        assert not page.get_by_role("button", name="Kopieer de tekst").is_visible()
        assert "[Uw naam]" in page.get_by_label("Tekst van de brief").input_value()

        page.get_by_label("Uw naam").fill("Anna de Smid")
        page.get_by_role("button", name="Download als pdf-brief (A4)").click()
        # Company left out: the page says so in Dutch, and keeps what was typed.
        assert "Vul uw bedrijf in." in page.get_by_role("alert").inner_text()
        assert page.get_by_label("Uw naam").input_value() == "Anna de Smid"

        page.get_by_label("Uw bedrijf").fill("De Smid Plaatwerk")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download als pdf-brief (A4)").click()
        assert download_info.value.suggested_filename == "brief-gr2026-s-gravenhage.pdf"
    finally:
        context.close()


def test_the_comparison_shows_then_and_now_side_by_side(site, page, screenshot, axe):
    page.goto(site.url + "/gr2026/")
    page.get_by_role("link", name=re.compile("Toen en nu")).click()
    page.wait_for_url(site.url + "/gr2026/vergelijk/")
    assert axe() == []
    screenshot("compare-list")

    page.get_by_role("link", name="Een gemeente met voldoende banen voor vakmensen").click()
    then, now = page.locator(".compare__side").all()
    assert "Gemeenteraadsverkiezingen 2022" in then.inner_text()
    assert "De slimme gemeente" in then.inner_text()
    assert "Een gemeente met voldoende banen voor vakmensen" in now.inner_text()
    assert axe() == []
    screenshot("compare-theme")
