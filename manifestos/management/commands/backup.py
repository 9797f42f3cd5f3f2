from django.core.management.base import BaseCommand, CommandError

from manifestos.transfer.backup.archive import BackupError
from manifestos.transfer.backup.write import backup_write


class Command(BaseCommand):
    help = (
        "Schrijft een volledige back-up in één zip-bestand: alle inhoud (in het formaat van "
        "export_content), de accounts met hun groepen en contactkaarten, de wijzigings"
        "geschiedenis en alle geüploade bestanden, elk met een controlegetal. Terugzetten: "
        "manage.py restore BESTAND."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help="Het zip-bestand om te schrijven.")

    def handle(self, *args, file, **options):
        try:
            report = backup_write(file)
        except BackupError as exc:
            raise CommandError(exc.message("Er is geen back-up gemaakt.")) from exc
        self.stdout.write(f"Back-up geschreven naar {file}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
