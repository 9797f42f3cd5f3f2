"""The rich-text editor in a real browser, under the site's Content-Security-Policy.

An editor formats a recommendation with the toolbar (bold, a link through the dialog that
refuses what is not https, mailto or tel and completes www…), adds a sub-point to the
list, saves, and sees it all on the public page; pasted Word HTML arrives as paragraphs
and a list; the editor's link rules are the server's (tests/richtext_cases.py).
"""

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from manifestos.models import Recommendation
from tests.browser.conftest import csp_violations, superuser_log_in
from tests.richtext_cases import LINK_CASES

LEAD = "Zorg voor meer regie voor Economische Zaken op het Industriebeleid"

WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal {margin:0cm;}</style></head><body lang=NL>
<!--StartFragment-->
<h2 style='mso-outline-level:2'>Samen aan de slag<o:p></o:p></h2>
<p class=MsoNormal><span style='font-family:"Calibri"'>Wij vragen <b>twee</b>
dingen:<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Een vakkenpakket<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Een <i>bedrijventerrein</i><o:p></o:p></p>
<!--EndFragment-->
</body></html>"""

# What the browser does when Word's HTML is pasted (Playwright has no clipboard of its own).
PASTE = """(html) => {
  const editor = document.activeElement;
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "Samen aan de slag");
  editor.dispatchEvent(new ClipboardEvent("paste", {
    clipboardData: data, bubbles: true, cancelable: true,
  }));
}"""


# Whether the editor's cursor is at the end of its last paragraph (the view's own state).
AT_THE_END = """(view) => {
  const { selection, doc } = view.editor.state;
  return selection.empty && selection.$head.parentOffset === selection.$head.parent.content.size
    && selection.to >= doc.content.size - 3;
}"""


SELECTED = """([view, length]) => {
  const { from, to } = view.editor.state.selection;
  return to - from === length;
}"""


def _to_the_end(page, editor):
    """Click into the text and put the cursor after its last word, as a person does.

    The editor takes the cursor's place from the browser a moment after the click; a person
    sees it blink in the middle and presses Ctrl+End once more, so does this.
    """
    editor.click()
    page.wait_for_function("(view) => view.editor.isFocused", arg=editor.element_handle())
    for _ in range(3):
        page.keyboard.press("Control+End")
        try:
            page.wait_for_function(AT_THE_END, arg=editor.element_handle(), timeout=2000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError("the cursor did not reach the end of the text")


@pytest.fixture
def recommendation(site):
    return Recommendation.objects.get(theme__edition__campaign__slug="tk2025", lead=LEAD)


def _change_page(page, site, recommendation):
    page.goto(site.url + f"/admin/manifestos/recommendation/{recommendation.pk}/change/")
    page.locator(".field-body .ProseMirror").wait_for()


def test_a_recommendation_formatted_with_the_toolbar_is_on_the_public_page(
    site, strict_page, recommendation
):
    page, problems = strict_page
    superuser_log_in(page, site.url)
    _change_page(page, site, recommendation)
    body = page.get_by_role("textbox", name="Tekst:", exact=True)
    toolbar = page.locator(".field-body .prose-menubar")

    _to_the_end(page, body)
    page.keyboard.type(" Lees ons plan")
    for _ in "ons plan":
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(SELECTED, arg=[body.element_handle(), len("ons plan")])
    toolbar.get_by_role("button", name="Vet (Ctrl+B)").click()
    toolbar.get_by_role("button", name="Link maken of wijzigen (Ctrl+K)").click()
    dialog = page.get_by_role("dialog", name="Link")
    address = dialog.get_by_label("Adres")
    for refused, message in [
        ("javascript:alert(1)", "Dit adres kan geen link worden."),
        ("/intern", "Dit adres kan geen link worden."),
        ("http://www.metaalunie.nl/GR26", "Alleen beveiligde adressen: begin met https://"),
    ]:
        address.fill(refused)
        dialog.get_by_role("button", name="Link opslaan").click()
        assert message in dialog.locator(".richtext-link-error").inner_text()
        assert address.get_attribute("aria-invalid") == "true"
    address.fill("www.metaalunie.nl/GR26")
    dialog.get_by_role("button", name="Link opslaan").click()
    assert not dialog.is_visible()

    # The sub-points are a list: one more item is one more sub-point.
    points = page.get_by_role("textbox", name="Subpunten:", exact=True)
    _to_the_end(page, points)
    page.keyboard.press("Enter")
    page.keyboard.type("Onderwijs: investeer in vakmensen.")
    # The form reloads at the same address: wait for the new page, not for the address.
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert page.locator(".messagelist .success").is_visible()

    recommendation.refresh_from_db()
    assert recommendation.body.endswith(
        ' Lees <a href="https://www.metaalunie.nl/GR26"><strong>ons plan</strong></a></p>'
    )
    assert recommendation.point_list[-1] == "Onderwijs: investeer in vakmensen."
    assert csp_violations(page) == []
    assert problems == []

    page.goto(site.url + "/tk2025/")
    shown = page.locator(".recommendation", has_text=LEAD)
    link = shown.locator(".recommendation__body a")
    assert link.get_attribute("href") == "https://www.metaalunie.nl/GR26"
    assert link.locator("strong").inner_text() == "ons plan"
    assert shown.locator(".recommendation__points li").last.inner_text() == (
        "Onderwijs: investeer in vakmensen."
    )
    assert csp_violations(page) == []


def test_pasted_word_text_becomes_paragraphs_and_a_list(site, page, recommendation, screenshot):
    superuser_log_in(page, site.url)
    _change_page(page, site, recommendation)

    page.get_by_role("textbox", name="Tekst na de subpunten:").click()
    page.keyboard.press("Control+A")
    page.evaluate(PASTE, WORD_PASTE)
    pasted = page.locator("#id_conclusion").input_value()
    screenshot("richtext-editor-pasted")
    # The form reloads at the same address: wait for the new page, not for the address.
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()

    for junk in ("mso", "Mso", "style", "class", "·", "Calibri", "o:p"):
        assert junk not in pasted
    recommendation.refresh_from_db()
    assert recommendation.conclusion == (
        "<p><strong>Samen aan de slag</strong></p><p>Wij vragen <strong>twee</strong> dingen:</p>"
        "<ul><li>Een vakkenpakket</li><li>Een <em>bedrijventerrein</em></li></ul>"
    )


def test_the_editor_follows_the_servers_link_rules(site, page, recommendation):
    superuser_log_in(page, site.url)
    _change_page(page, site, recommendation)

    found = page.evaluate(
        """async (cases) => {
            const rules = await import("/static/admin/js/richtext.js");
            return cases.map(([typed]) => rules.linkHref(typed));
        }""",
        json.loads(json.dumps(LINK_CASES)),
    )

    assert found == [link for _typed, link in LINK_CASES]
