"""Upload jobs: validate a stored file and commit a confirmed preview, with progress.

The work runs as django-tasks tasks (the backend is a setting: immediate in tests and development,
a database or other queue in production); progress is kept on the Upload row, which the browser
polls (upload page .json) and the management command prints.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.utils import timezone
from django_tasks import task

from tekort.formula_injection import neutralise_row
from tekort.submissions import intake
from tekort.submissions.models import Upload
from tekort.submissions.upload import checking, reading

Progress = Callable[[int, int], None]


def _progress_saver(upload: Upload, extra: Progress | None = None) -> Progress:
    def save(done: int, total: int) -> None:
        upload.processed, upload.total = done, total
        Upload.objects.filter(pk=upload.pk).update(processed=done, total=total)
        if extra:
            extra(done, total)

    return save


def validate(upload: Upload, progress: Progress | None = None) -> Upload:
    """Read and check the file; the upload ends REJECTED (with every error) or PREVIEW."""
    upload.status = Upload.Status.VALIDATING
    upload.save(update_fields=["status"])
    try:
        table = reading.read(bytes(upload.content), upload.file_name)
    except reading.Unreadable as exc:
        return _finish(upload, Upload.Status.REJECTED, errors=[e.as_dict() for e in exc.errors])
    upload.total = len(table.rows)
    result = checking.check(upload.round, upload.board, table, _progress_saver(upload, progress))
    if result.errors:
        return _finish(upload, Upload.Status.REJECTED, errors=[e.as_dict() for e in result.errors])
    return _finish(
        upload,
        Upload.Status.PREVIEW,
        preview=result.rows,
        counts=result.counts(),
        school_leaders=result.school_leaders,
    )


def commit(
    upload: Upload, *, overwrite_conflicts: bool, progress: Progress | None = None
) -> Upload:
    """Write the confirmed preview atomically (all rows or none) through the intake. The upload
    page moves it to COMMITTING when it queues the import (views.board._claim_and_queue_import)."""
    if upload.status not in (Upload.Status.PREVIEW, Upload.Status.COMMITTING):
        raise ValueError(f"upload {upload.pk} is {upload.status}, not ready to confirm")
    upload.status = Upload.Status.COMMITTING
    upload.processed = 0
    upload.save(update_fields=["status", "processed"])
    items = checking.items_of(
        upload.preview, overwrite_conflicts=overwrite_conflicts, round_=upload.round
    )
    try:
        applied = intake.apply_many(
            upload.round,
            items,
            user=upload.user,
            channel=upload.channel,
            upload=upload,
            progress=progress,
            school_leaders=checking.school_leader_item(
                upload.board, upload.result.get("school_leaders")
            ),
        )
    except intake.VersionConflict as exc:
        return _finish(upload, Upload.Status.CONFLICT, conflicts=exc.location_ids)
    except intake.RoundClosed:
        return _finish(upload, Upload.Status.FAILED, reason="round closed")
    upload.result = {
        **upload.result,
        "created": applied.created,
        "updated": applied.updated,
        "unchanged": applied.unchanged,
        "school_leaders_written": applied.school_leaders,
        "conflicts_skipped": sum(
            1
            for r in upload.preview
            if r["status"] == checking.CONFLICT and not overwrite_conflicts
        ),
    }
    return _finish(upload, Upload.Status.DONE)


def _finish(upload: Upload, status: str, *, errors=None, preview=None, **result) -> Upload:
    upload.status = status
    fields = ["status", "result", "processed", "total", "finished_at"]
    if errors is not None:
        upload.errors = errors
        fields.append("errors")
    if preview is not None:
        upload.preview = preview
        fields.append("preview")
    upload.result = {**upload.result, **result}
    upload.processed = upload.total
    upload.finished_at = timezone.now()
    upload.save(update_fields=fields)
    return upload


def errors_csv(upload: Upload) -> str:
    """Every error of a rejected file, as a CSV the board can open next to its file."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["blad", "rij", "kolom", "reden"])
    for error in upload.errors:  # the sheet title and column names are the uploader's text
        writer.writerow(
            neutralise_row([error["sheet"], error["row"] or "", error["column"], error["reason"]])
        )
    return out.getvalue()


@task()
def validate_task(upload_id: str) -> str:
    upload = Upload.objects.get(pk=upload_id)
    try:
        return validate(upload).status
    except Exception:
        _finish(upload, Upload.Status.FAILED, reason="unexpected error while checking")
        raise


@task()
def commit_task(upload_id: str, overwrite_conflicts: bool) -> str:
    upload = Upload.objects.get(pk=upload_id)
    if upload.status not in (Upload.Status.PREVIEW, Upload.Status.COMMITTING):
        return upload.status  # imported (or ended) already: a repeated task changes nothing
    try:
        return commit(upload, overwrite_conflicts=overwrite_conflicts).status
    except Exception:
        _finish(upload, Upload.Status.FAILED, reason="unexpected error while importing")
        raise
