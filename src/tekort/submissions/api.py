"""The upload API for a board's HR system: POST /uitvraag/api/boards/<number>/upload.

The body is a board file (multipart field ``file``, XLSX or CSV) or JSON (``Content-Type:
application/json``): ``{"vestigingen": [{"vestiging": ..., "formatie": ..., ..., "per_vak": "ja",
"vakken": [{"vak": "NE", "formatie": ..., ...}]}]}`` with the file's column names as keys
(``UploadBody``). A JSON body that is not of that shape is refused with 400 and its errors per
field; one of that shape is stored as the upload's content and checked like a file.

Authentication, by DRF's authentication classes: ``Authorization: Token <key>`` (a key made with
``manage.py create_upload_token``) or a signed-in, two-factor-verified browser session with its
CSRF token. The permission is the
same as the browser's (submissions.upload_for_board), and so are the validation and the audit:
the file goes through the same checking and the same intake.
"""

import json
from functools import wraps

from django.http import JsonResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from tekort.submissions import rounds, tokens
from tekort.submissions.models import Registration, Round, Upload
from tekort.submissions.upload import jobs, reading, size_limit
from tekort.submissions.upload.columns import (
    COLUMNS,
    FILLED_IN,
    PER_SUBJECT_ANSWERS,
    SUBJECT_COLUMNS,
)


class _Strict(serializers.Serializer):
    """Refuses keys it does not know: nothing sent is ignored silently."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


def _value(**kwargs) -> serializers.CharField:
    """A figure as the file has it: a number or text ("12,5"), parsed later like a file's cell."""
    return serializers.CharField(allow_blank=True, allow_null=True, max_length=300, **kwargs)


class SubjectBody(_Strict):
    """One subject of a vo location: the columns of the sheet Vakken (its location is the
    enclosing object's)."""

    def get_fields(self):
        fields = {"vak": serializers.CharField(max_length=8)}
        for column in SUBJECT_COLUMNS:
            if column.kind == "fte":
                fields[column.header] = _value(required=False)
        fields["vaknaam"] = serializers.CharField(required=False, allow_blank=True)
        return fields


class LocationBody(_Strict):
    """One location: the columns of the sheet Registratie, and its subjects (vo only)."""

    def get_fields(self):
        fields = {}
        for column in COLUMNS:
            if column.kind == "answer":
                fields[column.header] = serializers.ChoiceField(
                    choices=[a for a in PER_SUBJECT_ANSWERS if a],
                    required=False,
                    allow_blank=True,
                    help_text="vo only: ja (with vakken) or nee (the total only, not per subject)",
                )
            elif column.kind == "code":
                fields[column.header] = serializers.CharField(max_length=12)
            else:
                fields[column.header] = _value(required=False)
        fields["vakken"] = SubjectBody(many=True, required=False)
        return fields

    def validate(self, attrs):
        if not any(attrs.get(header) not in (None, "") for header in FILLED_IN):
            raise serializers.ValidationError(
                _("Give at least one shortage cell (0 where there is no shortage).")
            )
        return attrs


class UploadBody(_Strict):
    vestigingen = LocationBody(many=True, allow_empty=False, max_length=reading.MAX_DATA_ROWS)


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
    if request.content_type == "application/json":
        name, content, refused = _json_body(request)
        if refused is not None:
            return refused
    else:
        file = request.FILES.get("file")
        if file is None:
            return JsonResponse({"detail": "send the file as multipart field 'file'"}, status=400)
        if size_limit.too_large(file.size):
            return _too_large()
        name, content = file.name[:255], file.read()
    upload = Upload.objects.create(
        round=round_,
        board=board,
        user=request.user,
        channel=Registration.Channel.API,
        file_name=name,
        content=content,
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


def _json_body(request) -> tuple[str, bytes, JsonResponse | None]:
    """A JSON body as the upload's content, or the 400 that says which fields are wrong."""
    if size_limit.too_large(len(request.body)):
        return "", b"", _too_large()
    try:
        data = json.loads(request.body)
    except ValueError:
        return "", b"", JsonResponse({"detail": _("The body is not valid JSON.")}, status=400)
    body = UploadBody(data=data)
    if not body.is_valid():
        detail = _("The body does not have the fields the upload API expects.")
        return "", b"", JsonResponse({"detail": detail, "fields": body.errors}, status=400)
    return "api.json", json.dumps(body.validated_data).encode(), None
