"""Reminder e-mails to the users of locations that have not submitted: never two per day.

A reminder is about one location to one user; the (location, user, day) triple is unique in the
database, so a second run on the same day sends nothing for the pairs already reminded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from tekort.accounts.models import Role
from tekort.submissions.models import Reminder, Round
from tekort.submissions.response import missing


@dataclass
class Sent:
    emails: int = 0
    reminders: int = 0
    skipped_today: int = 0


def send(round_: Round, locations=None, *, site_url: str = "") -> Sent:
    """Remind the school and board users of every location in scope that has not submitted."""
    result = Sent()
    if not round_.is_open():
        return result
    today = timezone.localdate()
    absent = {loc.code: loc for loc in missing(round_, locations)}
    if not absent:
        return result
    boards = {loc.board_id for loc in absent.values()}
    roles = Role.objects.filter(
        Q(kind=Role.Kind.SCHOOL, location_id__in=list(absent))
        | Q(kind=Role.Kind.BOARD, board_id__in=list(boards)),
        user__is_active=True,
    ).select_related("user")
    already = set(
        Reminder.objects.filter(sent_on=today, location_id__in=list(absent)).values_list(
            "location_id", "user_id"
        )
    )
    per_user: dict = defaultdict(list)
    users = {}
    for role in roles:
        if not role.user.email:
            continue
        codes = (
            [role.location_id]
            if role.kind == Role.Kind.SCHOOL
            else [code for code, loc in absent.items() if loc.board_id == role.board_id]
        )
        for code in codes:
            if (code, role.user_id) in already:
                result.skipped_today += 1
                continue
            already.add((code, role.user_id))
            per_user[role.user_id].append(absent[code])
            users[role.user_id] = role.user
    for user_id, locs in per_user.items():
        user = users[user_id]
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(
                    [Reminder(round=round_, location=loc, user=user, sent_on=today) for loc in locs]
                )
        except IntegrityError:  # another run reminded this user today meanwhile
            result.skipped_today += len(locs)
            continue
        context = {"user": user, "round": round_, "locations": locs, "site_url": site_url}
        send_mail(
            subject=render_to_string("submissions/reminder_subject.txt", context).strip(),
            message=render_to_string("submissions/reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        result.emails += 1
        result.reminders += len(locs)
    return result
