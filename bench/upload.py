"""Bench: a board uploads 10,000 rows (XLSX): read + validation + preview, then the atomic commit.

The real register has about 8,700 locations, so the bench database gets one synthetic board with
10,000 generated locations (and a previous round, so that every row is checked against last
round's figures). Timed, end to end through the same code the browser uses
(tekort.submissions.upload.jobs): reading the XLSX, parsing and validating every row, the preview,
the commit through the intake with a RegistrationVersion per row; then a second upload of the same
file with every row changed (bulk update + versions).

Run:  .venv/bin/python bench/upload.py                       (SQLite, a temporary file)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/tekort_bench .venv/bin/python bench/upload.py
Target: <= 5 s for each of the two uploads; the last line is the figure; exit 1 if missed.
"""

from __future__ import annotations

import io
import sys
import time
from datetime import timedelta

from scratch_database import migrate_from_scratch, use_scratch_database

ROWS = 10_000
TARGET_SECONDS = 5.0
use_scratch_database()


def setup_database():
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    migrate_from_scratch()


def _brin(index: int) -> str:
    """A four-character BRIN that no real institution has: Z plus three base-36 digits."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "Z" + "".join(digits[(index // 36**k) % 36] for k in (2, 1, 0))


def synthetic_register():
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tekort.accounts.models import Role
    from tekort.registry.models import Board, Institution, Location, Municipality, Province
    from tekort.submissions.models import Registration, Round

    province = Province.objects.create(code="PV99", name="Benchland")
    municipality = Municipality.objects.create(code="GM9999", name="Benchstad", province=province)
    board = Board.objects.create(number="99999", name="Bench bestuur")
    institutions = [
        Institution(brin=_brin(i), name=f"Bench {i}", board=board, sector="bao")
        for i in range(ROWS // 99 + 1)
    ]
    Institution.objects.bulk_create(institutions)
    locations = [
        Location(
            code=f"{_brin(i // 99)}{i % 99:02d}",
            institution_id=_brin(i // 99),
            board=board,
            name=f"Benchschool {i}",
            sector="bao",
            municipality=municipality,
            source="bench",
        )
        for i in range(ROWS)
    ]
    Location.objects.bulk_create(locations, batch_size=2000)
    user = get_user_model().objects.create_user("bench-hr", email="hr@bench.example")
    Role.objects.create(user=user, kind=Role.Kind.BOARD, board=board)
    today = timezone.localdate()
    previous = Round.objects.create(
        peildatum=today - timedelta(days=365),
        opens_on=today - timedelta(days=365),
        closes_on=today - timedelta(days=330),
        sectors=["bao"],
    )
    Registration.objects.bulk_create(
        [
            Registration(
                round=previous,
                location=loc,
                formatie=Decimal("12.00"),
                channel="demo",
                submitted_at=timezone.now(),
            )
            for loc in locations
        ],
        batch_size=2000,
    )
    current = Round.objects.create(
        peildatum=today - timedelta(days=1),
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
        sectors=["bao"],
    )
    return board, current, user


def filled_template(round_, board, bump: float) -> bytes:
    from openpyxl import load_workbook

    from tekort.submissions.upload import template

    workbook = load_workbook(io.BytesIO(template.build(round_, board)))
    sheet = workbook["Registratie"]
    headers = [c.value for c in sheet[1]]
    col = {h: headers.index(h) + 1 for h in headers}
    for row in range(2, ROWS + 2):
        values = {
            "formatie": 12.0 + bump,
            "langdurig_verlof": 1.0,
            "regulier_openstaand": 0.5,
            "regulier_verborgen": 0.6 + bump / 10,
            "vervanging_openstaand": 0.2,
            "vervanging_verborgen": 0.3,
            "regulier_OOP_VOOR_KLAS": 0.4,
            "regulier_ONBEVOEGD": 0.2 + bump / 10,
            "vervanging_SAMENVOEGEN": 0.3,
        }
        for header, value in values.items():
            sheet.cell(row=row, column=col[header], value=round(value, 2))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed_upload(round_, board, user, content: bytes) -> tuple[float, dict]:
    from tekort.submissions.models import Upload
    from tekort.submissions.upload import jobs

    start = time.perf_counter()
    upload = Upload.objects.create(
        round=round_, board=board, user=user, channel="upload", file_name="b.xlsx", content=content
    )
    jobs.validate(upload)
    if upload.status != Upload.Status.PREVIEW:
        raise SystemExit(f"upload rejected: {upload.errors[:5]}")
    jobs.commit(upload, overwrite_conflicts=False)
    elapsed = time.perf_counter() - start
    if upload.status != Upload.Status.DONE:
        raise SystemExit(f"upload not imported: {upload.status} {upload.result}")
    return elapsed, upload.result


def main() -> int:
    setup_database()
    from django.db import connection

    from tekort.submissions.models import RegistrationVersion

    board, round_, user = synthetic_register()
    first_file = filled_template(round_, board, 0.0)
    second_file = filled_template(round_, board, 1.0)
    first, result1 = timed_upload(round_, board, user, first_file)
    second, result2 = timed_upload(round_, board, user, second_file)
    assert result1["created"] == ROWS and result2["updated"] == ROWS, (result1, result2)
    assert RegistrationVersion.objects.count() == 2 * ROWS
    print(f"database: {connection.vendor}")
    print(f"upload 1 ({ROWS} new rows): {first:.2f} s")
    print(f"upload 2 ({ROWS} changed rows): {second:.2f} s")
    worst = max(first, second)
    ok = worst <= TARGET_SECONDS
    print(
        f"{ROWS} rows upload (XLSX read + validation + commit) on {connection.vendor}: "
        f"{worst:.2f} s (target <= {TARGET_SECONDS:.0f} s) {'OK' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
