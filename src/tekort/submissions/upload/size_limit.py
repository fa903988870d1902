"""The one size limit of a board file (``TEKORT_UPLOAD_MAX_MB``), for the upload page and the
upload API alike: checked before the file is read."""

from django.conf import settings
from django.utils.translation import gettext as _

# Room for the multipart envelope and the form's other fields around the file.
ENVELOPE_BYTES = 64 * 1024


def max_bytes() -> int:
    return settings.TEKORT_UPLOAD_MAX_BYTES


def megabytes() -> str:
    return f"{max_bytes() / (1024 * 1024):g}"


def declared_too_large(request) -> bool:
    """The request announces (Content-Length) a body larger than any allowed file: refuse it
    before Django reads the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > max_bytes() + ENVELOPE_BYTES


def too_large(size: int) -> bool:
    return size > max_bytes()


def message() -> str:
    return _("The file is larger than %(mb)s MB, the most a board file may be.") % {
        "mb": megabytes()
    }


def help_text() -> str:
    return _("At most %(mb)s MB. Use the template of this round.") % {"mb": megabytes()}
