"""Fold scheduled working copies whose moment has come into their editions.

Visitors see a scheduled working copy from its moment on without this command (the clock
decides on every request); folding it in keeps the edition's ids and history in one place.
The admin does it too whenever staff open the editions or the planning; a deployment runs
this every few minutes (README, "Deploying") so it never waits for them.
"""

from django.core.management.base import BaseCommand, CommandError

from manifestos.working_copies import publish_due_working_copies


class Command(BaseCommand):
    help = "Zet geplande concepten met wijzigingen waarvan het moment gekomen is in hun editie."

    def handle(self, *args, **options):
        refused = publish_due_working_copies()
        for copy, reason in refused:
            self.stderr.write(f"{copy}: {reason}")
        if refused:
            raise CommandError(f"{len(refused)} geplande concepten konden niet in hun editie.")
