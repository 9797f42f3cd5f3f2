"""What a visitor does, in a real browser: find, read, print, download, search.

Screenshots of each step are saved under var/test-artifacts/ at 375 and 1280 px.
"""

import io
import re
from pathlib import Path

import pypdf
import segno

from manifestos.pdf import QR_ERROR_LEVEL


def test_typing_den_haag_on_the_home_page_leads_to_the_manifesto(site, page, screenshot):
    page.goto(site.url + "/")
    field = page.get_by_role("combobox", name="Vind uw gemeente")

    # On a busy machine a pause between keys lets a shorter query's suggestions arrive
    # first; wait for those of the whole name, shown once the browser has handled them.
    with page.expect_response(lambda response: "q=den+haag" in response.url):
        field.press_sequentially("den haag", delay=30)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    option = page.get_by_role("option", name=re.compile("'s-Gravenhage"))
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    screenshot("flow-suggestions")

    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    field.press("Enter")

    page.wait_for_url(site.url + "/gr2026/gemeente/s-gravenhage/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gemeente 's-Gravenhage"
    assert page.get_by_role("heading", name="Een innovatieve gemeente").is_visible()
    screenshot("flow-municipality")


def test_without_javascript_the_finder_is_a_results_page(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url + "/")
        page.get_by_label("Vind uw gemeente").fill("bergen")
        page.get_by_label("Vind uw gemeente").press("Enter")

        results = page.locator("main")
        assert "Bergen (NH.)" in results.inner_text()
        assert "Bergen (L.)" in results.inner_text()
        page.get_by_role("link", name=re.compile(r"^Bergen \(L\.\)")).first.click()
        assert page.get_by_role("heading", level=1).inner_text() == "Gemeente Bergen (L.)"
    finally:
        context.close()


def test_the_print_view_is_a_clean_document_with_the_address_of_the_page(site, page, screenshot):
    page.goto(site.url + "/ps2023/gemeente/alkmaar/")
    page.get_by_role("link", name="Afdrukken").click()

    page.wait_for_url(re.compile(r"/ps2023/gemeente/alkmaar/print/$"))
    text = page.locator("body").inner_text()
    assert "Monique van der Voort" in text
    assert "Wat kan de provincie doen".upper() in text.upper()
    assert f"{site.url}/ps2023/gemeente/alkmaar/" in text
    assert page.locator("form").count() == 0
    screenshot("flow-print")


def test_the_pdf_download_carries_the_manifesto_and_a_qr_code_to_the_page(site, page):
    page.goto(site.url + "/gr2026/gemeente/s-gravenhage/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als pdf").click()
    download = download_info.value

    assert download.suggested_filename == "manifest-gr2026-s-gravenhage.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert "'s-Gravenhage" in text
    assert "Snij fors in de regeldruk" in " ".join(text.split())

    page_url = f"{site.url}/gr2026/gemeente/s-gravenhage/"
    links = [
        annotation.get_object().get("/A", {}).get("/URI")
        for pdf_page in reader.pages
        for annotation in pdf_page.get("/Annots") or []
    ]
    assert page_url in links
    print_html = page.request.get(page_url + "print/").text()
    expected_qr = segno.make(page_url, error=QR_ERROR_LEVEL).svg_inline(scale=3)
    assert expected_qr.split('d="')[1].split('"')[0] in print_html


def test_searching_the_manifestos_links_to_the_theme(site, page, screenshot):
    page.goto(site.url + "/gr2026/")
    search = page.get_by_role("search", name="Zoeken in de manifesten").get_by_label("Zoekwoorden")
    search.fill("netcongestie")
    search.press("Enter")

    page.wait_for_url(re.compile(r"/zoeken/\?q=netcongestie"))
    assert page.locator("mark", has_text=re.compile("netcongestie", re.I)).count() >= 1
    screenshot("flow-search")

    page.locator("main a[href*='#thema-']").first.click()
    anchor = page.evaluate("location.hash")
    assert anchor.startswith("#thema-")
    assert page.locator(anchor).is_visible()
