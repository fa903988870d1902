"""Import a board's file (XLSX or CSV) without a browser: same checks, same intake, same audit."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from tekort.registry.models import Board
from tekort.submissions import rounds
from tekort.submissions.models import Registration, Round, Upload
from tekort.submissions.upload import jobs


class Command(BaseCommand):
    help = "Checks a board file and, with --confirm, imports it (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--board", required=True, help="DUO number of the board")
        parser.add_argument("--user", required=True, help="user name the import is recorded for")
        parser.add_argument("--peildatum", help="round (YYYY-MM-DD); default: the open round")
        parser.add_argument("--confirm", action="store_true", help="import after a clean check")
        parser.add_argument("--confirm-warnings", action="store_true")
        parser.add_argument("--overwrite-conflicts", action="store_true")

    def handle(self, *args, file, board, user, peildatum, confirm, **options):
        board_obj = Board.objects.filter(number=board).first()
        user_obj = get_user_model().objects.filter(username=user, is_active=True).first()
        if board_obj is None or user_obj is None:
            raise CommandError("onbekend bestuur of onbekende gebruiker")
        if not user_obj.has_perm("submissions.upload_for_board", board_obj):
            raise CommandError(f"{user} mag niet uploaden voor bestuur {board}")
        if peildatum:
            round_ = Round.objects.filter(peildatum=parse_date(peildatum)).first()
        else:
            current = rounds.current_rounds()
            round_ = current[0] if current else None
        if round_ is None:
            raise CommandError("geen ronde gevonden (of geen ronde open)")
        upload = Upload.objects.create(
            round=round_,
            board=board_obj,
            user=user_obj,
            channel=Registration.Channel.COMMAND,
            file_name=file.name,
            content=file.read_bytes(),
        )
        jobs.validate(upload, progress=self._progress("gecontroleerd"))
        if upload.status == Upload.Status.REJECTED:
            for error in upload.errors:
                self.stderr.write(
                    f"blad {error['sheet'] or '-'}, rij {error['row'] or '-'}, "
                    f"kolom {error['column'] or '-'}: {error['reason']}"
                )
            raise CommandError(f"{len(upload.errors)} fout(en); niets geïmporteerd")
        counts = upload.result["counts"]
        self.stdout.write(
            f"voorbeeld: {counts['new']} nieuw, {counts['changed']} gewijzigd, "
            f"{counts['unchanged']} ongewijzigd, {counts['conflict']} conflict, "
            f"{counts['skipped']} niet ingevuld, {counts['warnings']} met waarschuwing"
        )
        if not confirm:
            self.stdout.write("niets opgeslagen: geef --confirm om te importeren")
            return
        if counts["warnings"] and not options["confirm_warnings"]:
            raise CommandError("rijen met waarschuwingen: controleer ze en geef --confirm-warnings")
        jobs.commit(
            upload,
            overwrite_conflicts=options["overwrite_conflicts"],
            progress=self._progress("opgeslagen"),
        )
        if upload.status != Upload.Status.DONE:
            raise CommandError(f"niet geïmporteerd: {upload.get_status_display()} {upload.result}")
        result = upload.result
        self.stdout.write(
            f"geïmporteerd: {result['created']} nieuw, {result['updated']} gewijzigd, "
            f"{result['conflicts_skipped']} conflicten overgeslagen"
        )

    def _progress(self, verb):
        def show(done, total):
            self.stdout.write(f"{verb} {done}/{total}")

        return show
