import json

from django.core.management.base import BaseCommand, CommandError

from manifestos.transfer.format import ContentTransferError
from manifestos.transfer.importer import content_import


class Command(BaseCommand):
    help = (
        "Leest een inhoudsexport (van export_content) in, in één transactie: een fout in het "
        "bestand verandert niets. Een database met inhoud wordt alleen met --replace "
        "overschreven."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help="Een JSON-bestand van export_content.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Verwijder alle bestaande inhoud (ook het gemeenteregister) en zet die uit het "
                "bestand ervoor in de plaats."
            ),
        )

    def handle(self, *args, file, replace=False, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}.") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{file} is geen geldig JSON-bestand: {exc}.") from exc
        try:
            report = content_import(data=data, replace=replace)
        except ContentTransferError as exc:
            raise CommandError(
                exc.message(f"{file} is niet ingelezen; er is niets gewijzigd.")
            ) from exc
        self.stdout.write(f"Ingelezen uit {file}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
