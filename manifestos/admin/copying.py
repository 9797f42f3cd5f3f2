"""The form that copies a campaign (manifestos/admin/campaigns.py: copy_view): the new
campaign's name, address and date, and the title of each edition's copy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.forms import CampaignCopyForm, campaign_copy_year

from ..models import Edition
from ..services import edition_title_proposal


class CopyForm(CampaignCopyForm):
    """The copy form with a title for each edition's copy, proposed for the next election."""

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        year = campaign_copy_year(source)
        self.editions = list(
            source.editions.originals()
            .select_related("province", "municipality")
            .order_by("province__name", "municipality__name", "pk")
        )
        for edition in self.editions:
            self.fields[self.edition_field(edition)] = forms.CharField(
                label=edition.scope_label,
                max_length=Edition._meta.get_field("title").max_length,
                required=False,
                initial=edition_title_proposal(
                    edition, source_year=source.election_date.year, year=year
                ),
                help_text=_(
                    "Nu: ‘%(title)s’. Leeg laten: die titel met het jaar van de nieuwe "
                    "verkiezingsdatum."
                )
                % {"title": edition.title},
                widget=forms.TextInput(attrs={"class": "vTextField"}),
            )

    @staticmethod
    def edition_field(edition):
        return f"edition_{edition.pk}"

    def campaign_values(self):
        return {name: self.cleaned_data[name] for name in CampaignCopyForm.Meta.fields}

    def edition_titles(self):
        """{source edition id: title} of the titles filled in."""
        titles = {
            edition.pk: self.cleaned_data[self.edition_field(edition)] for edition in self.editions
        }
        return {pk: title for pk, title in titles.items() if title.strip()}
