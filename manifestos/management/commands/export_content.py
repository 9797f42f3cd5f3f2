from django.core.management.base import BaseCommand, CommandError

from manifestos.transfer.export import content_export_text


class Command(BaseCommand):
    help = (
        "Schrijft alle inhoud (register, contactpersonen, regiocijfers, campagnes, edities, "
        "thema's en aanbevelingen) als JSON, voor een back-up of om naar een andere omgeving "
        "over te zetten. Het formaat staat in docs/content-format.md. Foto's en flyers gaan "
        "alleen bij naam mee."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="BESTAND",
            help="Schrijf naar dit bestand in plaats van naar de standaarduitvoer.",
        )

    def handle(self, *args, output=None, **options):
        text = content_export_text()
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}.") from exc
        self.stderr.write(f"Inhoud geschreven naar {output}.")
