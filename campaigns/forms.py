"""Back-office forms and fields: copying a campaign, checking a flyer upload."""

from django import forms
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Campaign, ElectionType

# Years between two regular elections of a type, for the suggested name of the next campaign.
ELECTION_CYCLE_YEARS = {ElectionType.EUROPEES_PARLEMENT: 5}
DEFAULT_ELECTION_CYCLE_YEARS = 4


class CampaignCopyForm(forms.ModelForm):
    """Name, address and election date of the campaign a copy starts.

    The model validates them (unique, non-reserved slug); `campaign_copy` checks
    them again when it saves.
    """

    class Meta:
        model = Campaign
        fields = ["name", "slug", "election_date"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "vTextField"}),
            "election_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"election_date": _("De dag van de nieuwe verkiezing.")}
        error_messages = {
            "slug": {"unique": _("Er is al een campagne met dit adres. Kies een ander adres.")}
        }

    def add_service_error(self, error):
        """Show a ValidationError of `campaign_copy` at its field, or above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


def campaign_copy_initial(source):
    """A suggested name and slug for the campaign after `source`; the date is left to the editor.

    The suggested year is one election cycle after the latest campaign of the same
    type, so copying an older campaign does not suggest an address already taken.
    """
    latest = Campaign.objects.filter(election_type=source.election_type).aggregate(
        latest=Max("election_date")
    )["latest"]
    cycle = ELECTION_CYCLE_YEARS.get(source.election_type, DEFAULT_ELECTION_CYCLE_YEARS)
    year = latest.year + cycle
    source_year = str(source.election_date.year)
    if source_year in source.name:
        name = source.name.replace(source_year, str(year))
    else:
        name = f"{source.get_election_type_display()} {year}"
    return {"name": name, "slug": f"{source.election_type.lower()}{year}"}


MAX_FLYER_BYTES = 10 * 1024 * 1024


class PdfFileField(forms.FileField):
    """A flyer upload: a real PDF file of at most 10 MB.

    Other PDF uploads (a party's reaction) use a subclass with their own messages.
    """

    too_large_message = _("De flyer is te groot (%(size)s); hij mag maximaal %(max)s zijn.")
    not_pdf_message = _("De flyer moet een pdf-bestand zijn.")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_FLYER_BYTES:
            raise forms.ValidationError(
                self.too_large_message
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_FLYER_BYTES)},
                code="too_large",
            )
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or upload.read(5) != b"%PDF-":
            raise forms.ValidationError(self.not_pdf_message, code="not_pdf")
        upload.seek(0)
        return upload
