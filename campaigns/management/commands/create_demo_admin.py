from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from config.roles import ACCOUNT_MANAGER, roles_sync
from regions.models import Contact

DEMO_USERNAME = "beheer"
DEMO_PASSWORD = "metaalunie-demo"
# A regiomanager account on a demo contact card, to try the self-service.
DEMO_REGIOMANAGER = "regiomanager"
DEMO_REGIOMANAGER_CARD = "monique-van-der-voort"
# A beheerder account, to try managing the accounts of redacteuren and regiomanagers.
DEMO_ACCOUNT_MANAGER = "beheerder"


class Command(BaseCommand):
    help = (
        "Maakt de demo-accounts aan: een superuser, een beheerder van accounts en een "
        "regiomanager met één contactkaart (alleen in de ontwikkelomgeving)."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ACCOUNT_ALLOWED", False):
            raise CommandError(
                "Het demo-account kan alleen in de ontwikkelomgeving worden aangemaakt "
                "(config.settings.dev)."
            )
        self._user(DEMO_USERNAME, is_superuser=True)
        lines = [
            "",
            "Beheer: http://127.0.0.1:8000/admin/  "
            f"gebruikersnaam: {DEMO_USERNAME}  wachtwoord: {DEMO_PASSWORD}",
        ]
        _, regiomanagers = roles_sync()
        account_manager = self._user(DEMO_ACCOUNT_MANAGER, is_superuser=False)
        account_manager.groups.add(Group.objects.get(name=ACCOUNT_MANAGER))
        lines.append(
            "Beheerder (accounts van redacteuren en regiomanagers): "
            f"gebruikersnaam: {DEMO_ACCOUNT_MANAGER}  wachtwoord: {DEMO_PASSWORD}"
        )
        card = Contact.objects.filter(slug=DEMO_REGIOMANAGER_CARD).first()
        if card is not None:
            user = self._user(DEMO_REGIOMANAGER, is_superuser=False)
            user.groups.add(regiomanagers)
            if card.user_id is None:
                card.user = user
                card.save(update_fields=["user"])
            lines.append(
                f"Regiomanager ({card.name}): gebruikersnaam: {DEMO_REGIOMANAGER}  "
                f"wachtwoord: {DEMO_PASSWORD}"
            )
        lines += ["Site:   http://127.0.0.1:8000/", ""]
        self.stdout.write("\n".join(lines))

    def _user(self, username, *, is_superuser):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": is_superuser}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user
