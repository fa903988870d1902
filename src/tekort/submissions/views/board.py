"""The board's bulk upload: template, upload, progress, errors, preview, confirmation, result."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tekort.page_twins import json_answer
from tekort.submissions.forms import ConfirmUploadForm, UploadForm
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration, Upload
from tekort.submissions.upload import jobs, template
from tekort.submissions.upload.checking import CONFLICT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUSY = {Upload.Status.RECEIVED, Upload.Status.VALIDATING, Upload.Status.COMMITTING}
ERRORS_PER_PAGE = 100  # on the upload page; fouten.csv has every error
REFRESH_SECONDS = 5  # how often a busy upload's page reloads itself without JavaScript


def board_page(request, round_id, number):
    board = request.permission_object
    round_ = get_object_or_404(Round, pk=round_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and round_.is_open() and form.is_valid():
        file = form.cleaned_data["file"]
        upload = Upload.objects.create(
            round=round_,
            board=board,
            user=request.user,
            channel=Registration.Channel.UPLOAD,
            file_name=file.name[:255],
            content=file.read(),
        )
        jobs.validate_task.enqueue(str(upload.pk))
        return redirect("submissions:upload", upload_id=upload.pk)
    locations = template.locations_for(round_, board)
    registrations = {
        r.location_id: r
        for r in Registration.objects.submitted().filter(round=round_, location__in=locations)
    }
    return render(
        request,
        "submissions/board.html",
        {
            "board": board,
            "round": round_,
            "form": form,
            "rows": [(loc, registrations.get(loc.code)) for loc in locations],
            "uploads": Upload.objects.filter(board=board, round=round_)[:10],
            "school_leaders": SchoolLeaderRegistration.objects.submitted()
            .filter(round=round_, board=board)
            .first(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def template_xlsx(request, round_id, number):
    board = request.permission_object
    round_ = get_object_or_404(Round, pk=round_id)
    response = HttpResponse(template.build(round_, board), content_type=XLSX)
    name = f"uitvraag-{round_.peildatum}-bestuur-{board.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _upload(upload_id) -> Upload:
    return get_object_or_404(Upload.objects.select_related("round", "board"), pk=upload_id)


def upload_detail(request, upload_id):
    upload = _upload(upload_id)
    counts = upload.result.get("counts", {})
    errors = None
    if upload.status == Upload.Status.REJECTED:  # a page of them: a file can have millions
        errors = Paginator(upload.errors, ERRORS_PER_PAGE).get_page(request.GET.get("pagina"))
    busy = upload.status in BUSY
    response = render(
        request,
        "submissions/upload.html",
        {
            "upload": upload,
            "errors": errors,
            "busy": busy,
            "counts": counts,
            "changes": [r for r in upload.preview if r["status"] != "unchanged"],
            "form": ConfirmUploadForm(),
            "has_conflicts": bool(counts.get(CONFLICT)),
        },
    )
    if busy:  # without JavaScript (upload.js polls), the browser asks again until it is done
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def upload_progress(request, upload_id):
    """How far the upload is, for upload.js to follow on the upload's page."""
    upload = _upload(upload_id)
    return json_answer(progress_data(upload))


def progress_data(upload: Upload) -> dict:
    return {
        "status": upload.status,
        "busy": upload.status in BUSY,
        "processed": upload.processed,
        "total": upload.total,
        "message": _("%(done)s of %(total)s rows processed")
        % {"done": upload.processed, "total": upload.total},
        "errors": len(upload.errors),
        "result": upload.result,
    }


def upload_errors_csv(request, upload_id):
    upload = _upload(upload_id)
    if upload.status != Upload.Status.REJECTED:
        raise Http404
    response = HttpResponse(
        "\ufeff" + jobs.errors_csv(upload), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="fouten-{upload.pk}.csv"'
    return response


def upload_confirm(request, upload_id):
    upload = _upload(upload_id)
    if request.method != "POST":
        return redirect("submissions:upload", upload_id=upload.pk)
    form = ConfirmUploadForm(request.POST)
    form.is_valid()
    warnings = upload.result.get("counts", {}).get("warnings", 0)
    if upload.status in (Upload.Status.COMMITTING, Upload.Status.DONE):
        messages.info(request, _("This upload is already being processed."))  # a second click
    elif upload.status != Upload.Status.PREVIEW:
        messages.error(request, _("This upload cannot be confirmed (any more)."))
    elif warnings and not form.cleaned_data.get("confirm_warnings"):
        messages.error(
            request, _("Confirm that you checked the rows with warnings, or correct the file.")
        )
    elif not _claim_and_queue_import(upload, bool(form.cleaned_data.get("overwrite_conflicts"))):
        messages.info(request, _("This upload is already being processed."))  # a click at once
    return redirect("submissions:upload", upload_id=upload.pk)


def _claim_and_queue_import(upload: Upload, overwrite_conflicts: bool) -> bool:
    """Move the upload from preview to importing and queue its import, at most once: of two
    confirmations at the same time (a double click) only one does. One transaction, so that no
    upload is ever "importing" without its queued task (recovery.abandoned_uploads)."""
    with transaction.atomic():
        claimed = Upload.objects.filter(pk=upload.pk, status=Upload.Status.PREVIEW).update(
            status=Upload.Status.COMMITTING, processed=0
        )
        if claimed:
            jobs.commit_task.enqueue(str(upload.pk), overwrite_conflicts)
    return bool(claimed)
