"""Back-office forms: copying a campaign."""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from config.years import year_replaced, years_in

from .models import Campaign


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


def campaign_copy_year(source):
    """The year of the campaign after `source`: one election cycle after the latest
    campaign of the same type, so copying an older campaign does not suggest an address
    already taken."""
    latest = Campaign.objects.filter(election_type=source.election_type).aggregate(
        latest=Max("election_date")
    )["latest"]
    return latest.year + source.level.term_years


def campaign_copy_initial(source):
    """A suggested name and slug for the campaign after `source` (in the year of
    `campaign_copy_year`); the date is left to the editor."""
    year = campaign_copy_year(source)
    if source.election_date.year in years_in(source.name):
        name = year_replaced(source.name, source.election_date.year, year)
    else:
        name = f"{source.get_election_type_display()} {year}"
    return {"name": name, "slug": f"{source.election_type.lower()}{year}"}
