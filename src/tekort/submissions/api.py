"""The upload API for a board's HR system: POST /uitvraag/api/boards/<number>/upload.

Authentication: ``Authorization: Token <key>`` (a key made with ``manage.py create_upload_token``)
or a signed-in, two-factor-verified browser session with its CSRF token. The permission is the
same as the browser's (submissions.upload_for_board), and so are the validation and the audit:
the file goes through the same checking and the same intake.
"""

from functools import wraps

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tekort.submissions import rounds, tokens
from tekort.submissions.models import Registration, Round, Upload
from tekort.submissions.upload import jobs, size_limit


def token_or_session(view):
    """Authenticate by API token if one is sent; otherwise the session, with CSRF enforced."""

    @wraps(view)
    def authenticated(request, *args, **kwargs):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Token "):
            user = tokens.authenticate(header.removeprefix("Token ").strip())
            if user is None:
                return JsonResponse({"detail": "invalid token"}, status=401)
            # The token was issued to this user by an administrator; it stands in for the
            # interactive second factor, which a machine cannot give.
            user.is_verified = lambda: True
            request.user = user
        else:
            if not request.user.is_authenticated:
                return JsonResponse({"detail": "authentication required"}, status=401)
            if size_limit.declared_too_large(request):  # before the CSRF check reads the body
                return _too_large()
            refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return csrf_exempt(authenticated)


def _too_large() -> JsonResponse:
    return JsonResponse({"detail": size_limit.message()}, status=413)


class BadPeildatum(ValueError):
    pass


def _round(request, board) -> Round | None:
    text = request.GET.get("peildatum", "")
    if text:
        try:
            peildatum = parse_date(text)
        except ValueError as exc:  # well formed, but no date: 2025-13-45
            raise BadPeildatum from exc
        if peildatum is None:
            raise BadPeildatum
        return Round.objects.filter(peildatum=peildatum).first()
    current = rounds.current_rounds()
    return current[0] if current else None


def board_upload(request, number):
    if request.method != "POST":
        return JsonResponse({"detail": "POST a file (multipart 'file', CSV or XLSX)"}, status=405)
    if size_limit.declared_too_large(request):
        return _too_large()
    board = request.permission_object
    try:
        round_ = _round(request, board)
    except BadPeildatum:
        message = _("The peildatum is not a date: use YYYY-MM-DD, for example 2025-10-01.")
        return JsonResponse({"detail": message}, status=400)
    if round_ is None:
        return JsonResponse({"detail": "no such round, or no round open"}, status=404)
    if not round_.is_open():
        return JsonResponse({"detail": "the round is closed: its figures are frozen"}, status=409)
    file = request.FILES.get("file")
    if file is None:
        return JsonResponse({"detail": "send the file as multipart field 'file'"}, status=400)
    if size_limit.too_large(file.size):
        return _too_large()
    upload = Upload.objects.create(
        round=round_,
        board=board,
        user=request.user,
        channel=Registration.Channel.API,
        file_name=file.name[:255],
        content=file.read(),
    )
    jobs.validate(upload)
    body = {
        "upload": str(upload.pk),
        "peildatum": round_.peildatum.isoformat(),
        "status": upload.status,
        "errors": upload.errors,
        "counts": upload.result.get("counts", {}),
        "preview": upload.preview if upload.status == Upload.Status.PREVIEW else [],
    }
    if upload.status == Upload.Status.REJECTED:
        return JsonResponse(body, status=422)
    if request.GET.get("confirm") == "true":
        if body["counts"].get("warnings") and request.GET.get("confirm_warnings") != "true":
            body["detail"] = "rows have warnings: check them and add confirm_warnings=true"
            return JsonResponse(body, status=409)
        jobs.commit(upload, overwrite_conflicts=request.GET.get("overwrite_conflicts") == "true")
        body.update(status=upload.status, result=upload.result, preview=[])
        if upload.status == Upload.Status.CONFLICT:
            return JsonResponse(body, status=409)
    return JsonResponse(body)
