"""The upload API for a board's HR system: POST /uitvraag/api/boards/<number>/upload.

Authentication, by DRF's authentication classes: ``Authorization: Token <key>`` (a key made with
``manage.py create_upload_token``) or a signed-in, two-factor-verified browser session with its
CSRF token. The permission is the
same as the browser's (submissions.upload_for_board), and so are the validation and the audit:
the file goes through the same checking and the same intake.
"""

from functools import wraps

from django.http import JsonResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from tekort.submissions import rounds, tokens
from tekort.submissions.models import Registration, Round, Upload
from tekort.submissions.upload import jobs, size_limit


class UploadTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``: the key of an upload token (only its hash is stored)."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace") != self.keyword:
            return None  # not ours: the session may still authenticate
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send one token: Authorization: Token <key>."))
        user = tokens.authenticate(parts[1].decode(errors="replace"))
        if user is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        # The token was issued to this user by an administrator; it stands in for the
        # interactive second factor, which a machine cannot give.
        user.is_verified = lambda: True
        return user, None

    def authenticate_header(self, request) -> str:
        return self.keyword


class CheckedSessionAuthentication(SessionAuthentication):
    """A signed-in browser session, with its CSRF token checked (as DRF does), after a body
    declared too large has been refused: the CSRF check reads the body."""

    def enforce_csrf(self, request):
        if size_limit.declared_too_large(request):
            raise TooLarge
        super().enforce_csrf(request)


class TooLarge(exceptions.APIException):
    status_code = 413


AUTHENTICATORS = (UploadTokenAuthentication(), CheckedSessionAuthentication())


def token_or_session(view):
    """Authenticate with DRF's authentication classes: the upload token if one is sent,
    otherwise the session with CSRF enforced. Then the URL's permission guard decides."""

    @wraps(view)
    def authenticated(request, *args, **kwargs):
        try:
            user = Request(request, authenticators=AUTHENTICATORS).user
        except TooLarge:
            return _too_large()
        except exceptions.APIException as refused:
            answer = JsonResponse({"detail": str(refused.detail)}, status=refused.status_code)
            if isinstance(refused, exceptions.AuthenticationFailed):
                answer["WWW-Authenticate"] = UploadTokenAuthentication.keyword
            return answer
        if user is None or not user.is_authenticated:
            answer = JsonResponse({"detail": _("Sign in, or send an upload token.")}, status=401)
            answer["WWW-Authenticate"] = UploadTokenAuthentication.keyword
            return answer
        request.user = user
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
