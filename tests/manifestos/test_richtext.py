import pytest
from django.utils.safestring import SafeString

from config.richtext import render_inline, render_richtext


class TestRenderRichtext:
    def test_paragraphs_are_wrapped(self):
        html = render_richtext("Eerste alinea.\n\nTweede alinea,\nmet een nieuwe regel.")

        assert html == "<p>Eerste alinea.</p>\n<p>Tweede alinea,<br>met een nieuwe regel.</p>"

    def test_result_is_safe_for_templates(self):
        assert isinstance(render_richtext("Tekst"), SafeString)
        assert isinstance(render_richtext(""), SafeString)
        assert render_richtext("") == ""

    def test_bold_and_italic_are_kept(self):
        html = render_richtext("Een <strong>vet</strong> en een <em>schuin</em> woord.")

        assert html == "<p>Een <strong>vet</strong> en een <em>schuin</em> woord.</p>"

    def test_a_list_is_kept_and_not_put_in_a_paragraph(self):
        html = render_richtext(
            "mkb-maakbedrijven:\n\n<ul><li>Zijn vaak familiebedrijven.</li></ul>"
        )

        assert html == "<p>mkb-maakbedrijven:</p>\n<ul><li>Zijn vaak familiebedrijven.</li></ul>"

    def test_a_web_link_is_kept(self):
        html = render_richtext('Zie <a href="https://www.metaalunie.nl/GR26">ons plan</a>.')

        assert '<a href="https://www.metaalunie.nl/GR26"' in html
        assert ">ons plan</a>" in html
        assert 'rel="noopener noreferrer"' in html

    @pytest.mark.parametrize(
        ("text", "forbidden"),
        [
            ("<script>alert('x')</script>Tekst", ["<script", "alert"]),
            ('<strong onmouseover="steal()">Vet</strong>', ["onmouseover", "steal"]),
            ('<img src="x.png" onerror="steal()">', ["<img", "onerror", "steal"]),
            ('<a href="javascript:steal()">klik</a>', ["javascript", "steal"]),
            ('<iframe src="https://evil.example"></iframe>Tekst', ["<iframe", "evil"]),
            ("<style>body { display: none }</style>Tekst", ["<style", "display"]),
            ('<p style="color:red">Tekst</p>', ["style", "color"]),
        ],
    )
    def test_dangerous_markup_is_removed(self, text, forbidden):
        html = render_richtext(text)

        for fragment in forbidden:
            assert fragment not in html

    @pytest.mark.parametrize(
        ("text", "remains"),
        [
            ("<script>alert('x')</script>Tekst", "<p>Tekst</p>"),
            ('<strong onmouseover="steal()">Vet</strong>', "<p><strong>Vet</strong></p>"),
            ('<a href="javascript:steal()">klik</a>', ">klik</a>"),
        ],
    )
    def test_the_harmless_text_survives(self, text, remains):
        assert remains in render_richtext(text)

    def test_bare_ampersand_and_less_than_are_escaped(self):
        html = render_richtext("chips & halfgeleiderindustrie; 3 < 5")

        assert html == "<p>chips &amp; halfgeleiderindustrie; 3 &lt; 5</p>"


class TestRenderInline:
    def test_inline_tags_are_kept(self):
        assert render_inline("<strong>Defensie:</strong> <em>investeer</em>") == (
            "<strong>Defensie:</strong> <em>investeer</em>"
        )

    def test_block_tags_are_dropped_but_their_text_kept(self):
        html = render_inline("<p>Maritiem</p><ul><li>sleutelspeler</li></ul>")

        assert "<p" not in html
        assert "<ul" not in html
        assert "<li" not in html
        assert "Maritiem" in html
        assert "sleutelspeler" in html

    def test_no_paragraphs_are_added(self):
        assert render_inline("Zorg: vergrijzing.") == "Zorg: vergrijzing."

    def test_scripts_are_removed(self):
        html = render_inline("Agro<script>alert(1)</script> & machinebouw")

        assert html == "Agro &amp; machinebouw"

    def test_empty(self):
        assert render_inline("") == ""
        assert isinstance(render_inline(""), SafeString)
