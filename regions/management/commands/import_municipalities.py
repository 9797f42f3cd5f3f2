import datetime
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.register import (
    RegisterError,
    municipalities_import,
    parse_dissolved,
    parse_register,
    shipped_register_import,
)


class Command(BaseCommand):
    help = (
        "Laadt het gemeenteregister. Zonder bestand: het register dat met het project "
        "meekomt (CBS 2026 plus de opheffingen sinds 2021). Met een CBS-bestand "
        "'Gemeenten alfabetisch': voegt toe, hernoemt en heft op wat er veranderd is."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="CBS 'Gemeenten alfabetisch' CSV.")
        parser.add_argument(
            "--per",
            type=datetime.date.fromisoformat,
            help="Datum waarop het bestand geldt (JJJJ-MM-DD); standaard 1 januari van het "
            "jaartal in de bestandsnaam.",
        )
        parser.add_argument(
            "--dissolved",
            type=Path,
            help="CSV met opgeheven gemeenten en hun opvolgers "
            "(GemeentecodeGM;Gemeentenaam;ProvinciecodePV;OpgehevenPer;OpvolgerGM).",
        )

    def handle(self, *args, path=None, per=None, dissolved=None, **options):
        try:
            if path is None:
                report = shipped_register_import()
            else:
                report = municipalities_import(
                    register=parse_register(self._read(path), name=path.name),
                    effective_date=per or self._date_from_name(path),
                    dissolved=parse_dissolved(self._read(dissolved), name=dissolved.name)
                    if dissolved
                    else (),
                )
        except RegisterError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines(details=options["verbosity"] > 1):
            self.stdout.write(line)

    def _read(self, path):
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: kan het bestand niet lezen ({exc.strerror}).") from exc

    def _date_from_name(self, path):
        match = re.search(r"(19|20)[0-9]{2}", path.name)
        if not match:
            raise CommandError(
                f"{path.name}: geef met --per aan vanaf welke datum dit bestand geldt."
            )
        return datetime.date(int(match.group()), 1, 1)
