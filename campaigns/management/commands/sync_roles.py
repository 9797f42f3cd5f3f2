from django.core.management.base import BaseCommand

from config.roles import roles_sync


class Command(BaseCommand):
    help = "Zet de groepen 'redacteur' en 'regiomanager' met hun rechten (opnieuw) klaar."

    def handle(self, *args, **options):
        editor, regiomanager = roles_sync()
        self.stdout.write(
            f"{editor.name}: {editor.permissions.count()} rechten; "
            f"{regiomanager.name}: {regiomanager.permissions.count()} rechten."
        )
