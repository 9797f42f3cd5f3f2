from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "beheer"
DEMO_PASSWORD = "metaalunie-demo"


class Command(BaseCommand):
    help = "Maakt het demo-beheeraccount aan (alleen in de ontwikkelomgeving)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ACCOUNT_ALLOWED", False):
            raise CommandError(
                "Het demo-account kan alleen in de ontwikkelomgeving worden aangemaakt "
                "(config.settings.dev)."
            )
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        self.stdout.write(
            "\nBeheer: http://127.0.0.1:8000/admin/  "
            f"gebruikersnaam: {DEMO_USERNAME}  wachtwoord: {DEMO_PASSWORD}\n"
            "Site:   http://127.0.0.1:8000/\n"
        )
