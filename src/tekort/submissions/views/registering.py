"""What the location pages and the school-leader pages share: submitting a figures form through
the intake, and what a receipt says about a submission and its versions."""

from __future__ import annotations

from dataclasses import dataclass

from tekort.submissions import intake
from tekort.submissions.forms import FiguresForm
from tekort.submissions.models import Channel, Registration, SchoolLeaderRegistration, Version
from tekort.submissions.questions import CELLS
from tekort.submissions.validation import Issue


@dataclass(frozen=True)
class Outcome:
    """A form submission: submitted, or not (the warnings to confirm, if that was why)."""

    submitted: bool
    warnings: list[Issue]


def submit_form(request, form: FiguresForm, submit, *target) -> Outcome:
    """Submit a valid form's figures for ``target`` through ``submit`` (``intake.submit`` or
    ``intake.submit_school_leaders``) as the signed-in user, by the form channel.

    The intake's hard errors go onto the form; VersionConflict and RoundClosed are the caller's.
    """
    try:
        submit(
            *target,
            form.figures,
            user=request.user,
            channel=Channel.FORM,
            expected_version=form.cleaned_data["version"],
            confirmed=form.cleaned_data["confirm_warnings"],
            request=request,
        )
    except intake.Rejected as exc:
        form.add_issues(exc.errors)
        return Outcome(submitted=False, warnings=[])
    except intake.NeedsConfirmation as exc:
        return Outcome(submitted=False, warnings=exc.warnings)
    return Outcome(submitted=True, warnings=[])


def submission_data(registration: Registration | SchoolLeaderRegistration, values: dict) -> dict:
    """A receipt's account of the submission: version, when, by whom, how, the values (as
    versions store them), the shortage and each cell as a share of the formatie, the warnings."""
    formatie = registration.formatie
    return {
        "version": registration.version,
        "submitted_at": registration.submitted_at.isoformat(),
        "submitted_by": registration.submitted_by.get_username()
        if registration.submitted_by
        else None,
        "channel": registration.channel,
        "values": values,
        "shortage_fte": f"{registration.shortage:.2f}",
        "shortage_rate": f"{registration.shortage / formatie:.4f}" if formatie else None,
        "rates": {
            cell: (f"{getattr(registration, cell) / formatie:.4f}" if formatie else None)
            for cell in CELLS
        },
        "confirmed_warnings": registration.warnings,
    }


def version_data(version: Version) -> dict:
    return {
        "number": version.number,
        "at": version.at.isoformat(),
        "user": version.username,
        "channel": version.channel,
        "old_values": version.old_values,
        "new_values": version.new_values,
    }
