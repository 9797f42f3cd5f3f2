"""The member letter: a ready letter in Dutch from a member to the parties in their region.

After the GR2026 member e-mail (shared/seeds/000_…): it names the election and
the region, asks the parties to take the MKB-maakindustrie into their programme,
links the manifesto page and names the Metaalunie person to talk to. The member
signs it; until they fill in their details the signature shows placeholders.
static/js/letter-kit.js builds the same signature in the browser: keep the two
in step (SIGNATURE_PLACEHOLDERS, the order of the lines, CRLF in `mailto:`).
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ASSOCIATION = "Koninklijke Metaalunie"
# The association's own address, as includes/association_address.html shows it.
ASSOCIATION_CONTACT = "info@metaalunie.nl, 030 - 605 33 44"

# What the member's typed details replace, line by line, in the signature.
SIGNATURE_PLACEHOLDERS = {
    "name": gettext_lazy("[Uw naam]"),
    "company": gettext_lazy("[Uw bedrijf]"),
}


@dataclass(frozen=True)
class Member:
    """What a member fills in; never stored, only used in the response that shows it."""

    name: str = ""
    company: str = ""
    role: str = ""
    town: str = ""

    def signature_lines(self):
        """Name, role, company, town: empty optional lines left out, placeholders for the rest."""
        lines = [
            self.name or str(SIGNATURE_PLACEHOLDERS["name"]),
            self.role,
            self.company or str(SIGNATURE_PLACEHOLDERS["company"]),
            self.town,
        ]
        return [line for line in lines if line]


@dataclass(frozen=True)
class Letter:
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    region_label: str
    page_url: str

    @property
    def body(self):
        """Everything above the signature: what the member does not fill in."""
        return "\n\n".join((self.salutation, *self.paragraphs, self.closing))

    def text(self, member=None):
        member = member or Member()
        return f"{self.body}\n\n" + "\n".join(member.signature_lines())

    def mailto(self, member=None):
        """A `mailto:` without recipient (the member picks the parties) with subject and body.

        RFC 6068: percent-encoded UTF-8, spaces as %20, line breaks as CRLF.
        """
        body = self.text(member).replace("\n", "\r\n")
        return f"mailto:?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"


def _region_label(campaign, municipality, province):
    if municipality is not None:
        # Running text: the name people use ("de gemeente Den Haag"), not the official one.
        return _("de gemeente %(name)s") % {"name": municipality.name_in_text}
    if province is not None:
        return _("de provincie %(name)s") % {"name": province.name}
    # The national page: "Nederland", or how the election level names it ("uw waterschap").
    return str(campaign.level.national_region)


def _contact_sentence(contact):
    if contact is None:
        return _(
            "Wilt u in gesprek komen over de kansen van de MKB-maakindustrie in onze regio? "
            "Neem dan gerust contact op met %(association)s: %(details)s."
        ) % {"association": ASSOCIATION, "details": ASSOCIATION_CONTACT}
    details = ", ".join(part for part in (contact.email, contact.phone) if part)
    person = contact.name
    if contact.role:
        # "Regiosecretaris Metaalunie" names the association already; "Regiomanager" does not.
        of_association = "" if "metaalunie" in contact.role.lower() else f" van {ASSOCIATION}"
        person = f"{contact.name}, {contact.role}{of_association}"
    sentence = _(
        "Wilt u in gesprek komen over de kansen van de MKB-maakindustrie in onze regio? "
        "Neem dan gerust contact op met %(person)s"
    ) % {"person": person}
    return f"{sentence}: {details}." if details else f"{sentence}."


def member_letter(*, campaign, page_url, contact, municipality=None, province=None) -> Letter:
    """The letter for a region's manifesto page at `page_url` (absolute), in Dutch."""
    with translation.override("nl"):
        region = _region_label(campaign, municipality, province)
        values = {
            "date": formats.date_format(campaign.election_date, "l j F Y"),
            "election": campaign.level.election,
            "region": region,
            "url": page_url,
            "association": ASSOCIATION,
        }
        return Letter(
            subject=_(
                "Manifest van %(association)s voor %(region)s: neem de MKB-maakindustrie op "
                "in uw verkiezingsprogramma"
            )
            % values,
            salutation=_("Geachte heer, mevrouw,"),
            paragraphs=(
                _(
                    "Op %(date)s gaat Nederland naar de stembus voor %(election)s. Een "
                    "belangrijk moment om als politieke partij koers te bepalen voor een "
                    "sterke, leefbare en economisch veerkrachtige toekomst van %(region)s."
                )
                % values,
                _(
                    "De MKB-maakindustrie speelt hierin een sleutelrol. Bedrijven in onder "
                    "andere metaalbewerking, machinebouw en medische technologie zorgen voor "
                    "innovatie, werkgelegenheid, opleidingen en betrokkenheid bij de "
                    "samenleving. Ze creëren banen, leiden talent op, verduurzamen en "
                    "versterken de leefbaarheid in %(region)s."
                )
                % values,
                _(
                    "Als ondernemer in de MKB-maakindustrie vraag ik u: neem de "
                    "MKB-maakindustrie op in uw verkiezingsprogramma. %(association)s, de "
                    "ondernemersorganisatie van ons bedrijf, zet in een manifest concrete "
                    "aanbevelingen voor %(region)s op een rij. U leest het online:\n%(url)s"
                )
                % values,
                _contact_sentence(contact),
                _("Ik ben benieuwd naar uw reactie."),
            ),
            closing=_("Met vriendelijke groet,"),
            region_label=region,
            page_url=page_url,
        )
