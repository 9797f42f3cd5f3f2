"""The rich-text editor's rules on the server (config/richtext.py, config/richtext_fields.py).

Whatever the editor in the browser does, these hold on every save: only bold, italic,
lists, line breaks and links to https://, mailto: or tel: are stored; pasted Word and web
HTML is cleaned to those; texts written before the editor read the same; the editor is
offered exactly what is allowed; plain fields stay plain textareas.
"""

import re

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from config.concurrency import value_text
from config.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    INLINE,
    INLINE_TAGS,
    LINES,
    RICH,
    link_href,
    plain_text,
    readable_text,
    render_inline,
    render_richtext,
)
from config.richtext_fields import FormattedFormField
from manifestos.models import Recommendation
from regions.models import Contact
from tests.factories import CampaignEventFactory, RecommendationFactory, UserFactory
from tests.richtext_cases import LINK_CASES

# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "link"), LINK_CASES)
def test_the_link_rules(typed, link):
    assert link_href(typed) == link


def test_a_stored_link_follows_the_rules_and_a_forbidden_one_leaves_its_text():
    stored = RICH.clean(
        'Zie <a href="www.metaalunie.nl">onze site</a>, <a href="javascript:steal()">dit</a>, '
        '<a href="/intern">dat</a> en <a href="http://oud.nl" title="Oud">oud</a>.'
    )

    assert stored == (
        '<p>Zie <a href="https://www.metaalunie.nl">onze site</a>, dit, dat en '
        '<a href="https://oud.nl" title="Oud">oud</a>.</p>'
    )


def test_a_rendered_link_never_reaches_back_into_the_page():
    html = render_richtext('<p><a href="https://metaalunie.nl">site</a></p>')

    assert html == '<p><a href="https://metaalunie.nl" rel="noopener noreferrer">site</a></p>'
    assert "javascript" not in render_inline('<a href="javascript:x()">klik</a>')


# --- what is stored --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # Texts written before the editor: blank-line paragraphs, a newline a line break.
        (
            "Eerste alinea.\n\nTweede alinea,\nmet een nieuwe regel.",
            "<p>Eerste alinea.</p><p>Tweede alinea,<br>met een nieuwe regel.</p>",
        ),
        (
            "mkb-maakbedrijven:\n\n<ul>\n<li>Zijn vaak familiebedrijven.</li>\n</ul>",
            "<p>mkb-maakbedrijven:</p><ul><li>Zijn vaak familiebedrijven.</li></ul>",
        ),
        ("chips & halfgeleiders; 3 < 5", "<p>chips &amp; halfgeleiders; 3 &lt; 5</p>"),
        ("<b>vet</b> en <i>schuin</i>", "<p><strong>vet</strong> en <em>schuin</em></p>"),
        # The editor's HTML: a paragraph inside every list item, an empty last paragraph.
        (
            "<p>Punten:</p><ul><li><p>een</p></li><li><p>twee</p><ol><li><p>diep</p></li></ol>"
            "</li></ul><p></p>",
            "<p>Punten:</p><ul><li>een</li><li>twee<ol><li>diep</li></ol></li></ul>",
        ),
        (
            '<ol type="1" data-type="decimal" start="3"><li><p>a</p></li></ol>',
            "<ol><li>a</li></ol>",
        ),
        ("<p></p>", ""),
        ("<p> <br> </p><ul><li><p></p></li></ul><strong></strong>", ""),
        ("", ""),
    ],
)
def test_what_is_stored(written, stored):
    assert RICH.clean(written) == stored
    assert RICH.clean(stored) == stored


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>Tekst",
        '<p onclick="steal()" style="color:red" class="x">Tekst</p>',
        '<img src="x.png" onerror="steal()">Tekst',
        '<iframe src="https://evil.example"></iframe>Tekst',
        "<style>p { display: none }</style>Tekst",
        '<a href="javascript:steal()">Tekst</a>',
        "<strong>Tekst",  # unclosed: the bold ends with the text
    ],
)
def test_only_the_allowed_formatting_is_stored(hostile):
    stored = RICH.clean(hostile)

    assert stored in ("<p>Tekst</p>", "<p><strong>Tekst</strong></p>")
    for fragment in ("script", "onclick", "onerror", "style", "iframe", "img", "class", "href"):
        assert fragment not in stored


WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><style>p.MsoNormal {margin:0cm;}</style></head>
<body lang=NL style='tab-interval:35.4pt'>
<!--StartFragment-->
<h1 style='mso-outline-level:1'>Vakmensen<o:p></o:p></h1>
<p class=MsoNormal style='margin-bottom:0cm'><span style='font-family:"Calibri",sans-serif'>
Investeer in <b>praktijkonderwijs</b> en <i style='mso-bidi-font-style:normal'>bij- en
omscholing</i>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]>
<span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>Een<o:p></o:p></p>
<table><tr><td>Cel</td></tr></table>
<!--EndFragment-->
</body></html>"""

GOOGLE_DOCS_PASTE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
    '<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:700">'
    'Kop</span></p><p dir="ltr"><span style="font-size:11pt">Gewone tekst</span></p></b>'
)


def test_pasted_word_html_keeps_only_the_allowed_formatting():
    # The browser cleans first (static/admin/js/richtext.js, tested in tests/browser); should
    # Word's HTML reach the server as it is, it is cleaned all the same.
    stored = RICH.clean(WORD_PASTE)

    assert set(re.findall(r"</?(\w+)", stored)) <= ALLOWED_TAGS
    assert stored.startswith(
        "<p><strong>Vakmensen</strong></p>"
        "<p>Investeer in <strong>praktijkonderwijs</strong> en <em>bij- en omscholing</em>.</p>"
    )
    assert stored.endswith("Een</p><p>Cel</p>")
    for junk in ("mso", "Mso", "style", "class", "o:p", "<!--", "supportLists", "Calibri"):
        assert junk not in stored


def test_a_google_docs_paste_is_not_bold_throughout():
    assert RICH.clean(GOOGLE_DOCS_PASTE) == "<p>Kop</p><p>Gewone tekst</p>"


def test_one_line_and_lines():
    assert INLINE.clean("<p>De <b>kern</b></p><p>zin</p>") == "De <strong>kern</strong> zin"
    assert INLINE.clean("Agro & machinebouw") == "Agro &amp; machinebouw"
    # Sub-points typed before the editor: one per line.
    assert LINES.clean("Defensie: <b>investeer</b>\n\n Zorg \n") == (
        "Defensie: <strong>investeer</strong>\nZorg"
    )
    # The editor's list, nested items and loose paragraphs each a sub-point.
    assert LINES.clean(
        "<ul><li><p>een</p><ul><li><p>half</p></li></ul></li><li><p>twee</p></li></ul><p>los</p>"
    ) == ("een\nhalf\ntwee\nlos")
    assert LINES.clean("<ul><li><p></p></li></ul>") == ""


@pytest.mark.parametrize(
    ("formatting", "stored", "shown"),
    [
        (RICH, "<p>Een <em>tekst</em>.</p><ul><li>punt</li></ul>", None),
        (INLINE, "Een <em>kernzin</em>", "<p>Een <em>kernzin</em></p>"),
        (LINES, "een\ntwee &amp; drie", "<ul><li>een</li><li>twee &amp; drie</li></ul>"),
        (LINES, "", "<ul><li></li></ul>"),
    ],
)
def test_the_editor_reads_what_is_stored_and_gives_it_back(formatting, stored, shown):
    assert formatting.for_editor(stored) == (shown or stored)
    assert formatting.clean(formatting.for_editor(stored)) == stored


def test_a_save_stores_the_editors_format_whatever_was_set(db):
    recommendation = RecommendationFactory(
        lead="<b>Kern</b>", body="Een.\n\nTwee.", points="a\nb", conclusion="<h2>Slot</h2>"
    )
    recommendation.refresh_from_db()

    assert (recommendation.lead, recommendation.body) == (
        "<strong>Kern</strong>",
        "<p>Een.</p><p>Twee.</p>",
    )
    assert (recommendation.points, recommendation.conclusion) == (
        "a\nb",
        "<p><strong>Slot</strong></p>",
    )
    # Its name in the admin is the text a reader sees.
    assert str(Recommendation(body="<p>Een <em>tekst</em></p>")) == "Een tekst"


# --- the editor is offered what is allowed --------------------------------------------------


def test_the_editor_offers_exactly_the_allowed_tags():
    rich = allowlist_from_extensions(RICH.extensions)

    assert rich["tags"] == ALLOWED_TAGS
    assert rich["attributes"]["a"] == ALLOWED_ATTRIBUTES["a"]
    # The list types the library would add to <ol> are not offered, and dropped if sent.
    assert RICH.extensions["OrderedList"] == {"enableListAttributes": False}
    for formatting in (INLINE, LINES):
        assert allowlist_from_extensions(formatting.extensions)["tags"] - {"p", "ul", "li"} == (
            INLINE_TAGS
        )


def test_plain_text_and_readable_text_keep_words_apart():
    stored = "<p>Een</p><p>twee &amp; <strong>drie</strong></p><ul><li>vier</li><li>vijf</li></ul>"

    assert plain_text(stored) == "Een twee & drie vier vijf"
    assert readable_text(stored) == "Een\ntwee & drie\n• vier\n• vijf"
    assert value_text(stored, Contact._meta.get_field("bio")) == "Een twee & drie vier vijf"


def test_unchanged_text_is_not_a_change():
    field = FormattedFormField(formatting=LINES, required=False)

    assert not field.has_changed("een\ntwee", "<ul><li><p>een</p></li><li><p>twee</p></li></ul>")
    assert field.has_changed("een\ntwee", "<ul><li><p>een</p></li></ul>")


# --- the admin -------------------------------------------------------------------------------


def _editors(html):
    """The names of the fields the admin page renders as the editor."""
    return set(re.findall(r'<textarea name="(?:[\w-]+-)?(\w+)"[^>]*data-django-prose-editor', html))


def test_formatted_fields_get_the_editor_and_plain_ones_stay_plain(client, db):
    recommendation = RecommendationFactory()
    campaign = recommendation.theme.edition.campaign
    CampaignEventFactory(campaign=campaign)
    client.force_login(UserFactory(superuser=True))

    page = client.get(reverse("admin:manifestos_recommendation_change", args=[recommendation.pk]))
    campaign_page = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))

    html = page.content.decode()
    assert _editors(html) == {"lead", "body", "points", "conclusion"}
    assert '<script type="importmap" nonce="' in html
    assert "admin/js/richtext.js" in html  # the site's extensions, loaded by the library
    campaign_html = campaign_page.content.decode()
    assert _editors(campaign_html) == {
        "web_intro",
        "follow_up_intro",
        "intro_letter",
        "foreword",
        "about",
    }
    # The agenda's description is plain text: a plain textarea.
    assert 'name="events-0-description"' in campaign_html
