"""The link rules as examples: what a typed or pasted address becomes (None: no link).

Shared by the unit tests of `link_href` (config/richtext.py, tests/test_richtext_editor.py)
and the browser test of the editor's `linkHref` (static/admin/js/richtext.js), so the
server and the editor follow the same rules.
"""

LINK_CASES = [
    ("https://www.metaalunie.nl/GR26", "https://www.metaalunie.nl/GR26"),
    (
        "  https://metaalunie.nl/Lobby?jaar=2026#plan  ",
        "https://metaalunie.nl/Lobby?jaar=2026#plan",
    ),
    ("www.smartindustrynoordwest.nl", "https://www.smartindustrynoordwest.nl"),
    ("WWW.Metaalunie.nl/gr26", "https://WWW.Metaalunie.nl/gr26"),
    ("metaalunie.nl/GR26", "https://metaalunie.nl/GR26"),
    ("http://www.metaalunie.nl/oud", "https://www.metaalunie.nl/oud"),
    ("info@metaalunie.nl", "mailto:info@metaalunie.nl"),
    ("mailto:info@metaalunie.nl?subject=Manifest", "mailto:info@metaalunie.nl?subject=Manifest"),
    ("tel:030 - 605 33 44", "tel:0306053344"),
    ("030 - 605 33 44", "tel:0306053344"),
    ("+31 30 605 33 44", "tel:+31306053344"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(document.cookie)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("ftp://metaalunie.nl/bestand", None),
    ("/gr2026/gemeente/utrecht/", None),
    ("../pagina", None),
    ("#thema-3", None),
    ("https://", None),
    ("https://localhost/beheer", None),
    ("https://gebruiker@metaalunie.nl", None),
    ("https://metaalunie.nl/met spatie", None),
    ("mailto:geen-adres", None),
    ("tel:bel mij", None),
    ("metaalunie", None),
    ("", None),
]
