from django.core.management.base import BaseCommand, CommandError

from manifestos.transfer.backup.archive import BackupError
from manifestos.transfer.backup.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Zet een back-up van manage.py backup terug in een lege database (na migrate) en de "
        "opslag voor bestanden, in één transactie: een beschadigde back-up, een back-up van "
        "een nieuwere versie of een database die niet leeg is verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help="Een zip-bestand van manage.py backup.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Vervang alles wat de database bevat (inhoud, accounts, geschiedenis) door de "
                "back-up, en bestanden met dezelfde naam; wie is ingelogd, logt opnieuw in."
            ),
        )

    def handle(self, *args, file, replace=False, **options):
        try:
            report = backup_restore(file, replace=replace)
        except BackupError as exc:
            raise CommandError(
                exc.message(f"{file} is niet teruggezet; er is niets gewijzigd.")
            ) from exc
        self.stdout.write(f"Teruggezet uit {file}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
