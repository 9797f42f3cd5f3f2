"""Password rules beyond Django's own validators."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, with its message in Dutch.

    Django 6.1 changed the wording of this message and its Dutch catalogue has not caught
    up, so the admin would show it in English.
    """

    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: het moet minimaal %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort: het moet minimaal %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Uw wachtwoord moet minimaal %(min_length)d teken bevatten; een lange zin mag ook.",
            "Uw wachtwoord moet minimaal %(min_length)d tekens bevatten; een lange zin mag ook.",
            self.min_length,
        ) % {"min_length": self.min_length}
