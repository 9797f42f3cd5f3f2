from django.core.management.base import BaseCommand, CommandError

from manifestos.transfer.demo import DemoContentError, demo_content_load


class Command(BaseCommand):
    help = (
        "Laadt de demo-inhoud: de echte verkiezingsmanifesten van Koninklijke Metaalunie "
        "(GR2026, TK2025, PS2023, GR2022, TK2021) met contactpersonen en regiocijfers. "
        "Wat er al is, blijft ongemoeid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Vervang bestaande demo-campagnes door de inhoud van de bestanden.",
        )

    def handle(self, *args, replace=False, **options):
        try:
            report = demo_content_load(replace=replace)
        except DemoContentError as exc:
            raise CommandError(str(exc)) from exc
        for item in report.created:
            self.stdout.write(f"Geladen: {item}")
        if report.skipped:
            self.stdout.write(f"Al aanwezig, ongewijzigd: {len(report.skipped)} onderdelen.")
