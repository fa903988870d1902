"""The board file's figures per subject (issue 20): the sheet Vakken and the column per_vak, every
bad row with its sheet and line, old files that keep what a location registered, and the API."""

import io

import pytest
from django.db.models import Count, Q
from django.urls import reverse
from openpyxl import load_workbook

from tekort.registry.models import Location
from tekort.submissions import tokens
from tekort.submissions.models import Registration, Upload
from tekort.submissions.tests.factories import register_with_subjects
from tekort.submissions.upload import jobs, template

pytestmark = pytest.mark.django_db

# 20 FTE, 1.5 regular open, 0.5 regular hidden (unqualified), 0.4 substitution open.
TOTALS = {
    "formatie": 20,
    "langdurig_verlof": 1,
    "regulier_openstaand": 1.5,
    "regulier_verborgen": 0.5,
    "vervanging_openstaand": 0.4,
    "vervanging_verborgen": 0,
    "regulier_ONBEVOEGD": 0.5,
}
# Split over Dutch, mathematics and the rest so that every sum holds.
SUBJECTS = {
    "NE": {"formatie": 4, "regulier_openstaand": 1, "vervanging_openstaand": 0.4},
    "WI": {"formatie": 3, "regulier_openstaand": 0.5, "regulier_verborgen": 0.5},
    "OV": {"formatie": 13},
}


@pytest.fixture
def vo_board(db):
    """A real board with at least two vo locations and at least one location of another sector."""
    board_id = (
        Location.objects.values("board")
        .annotate(
            vo=Count("code", filter=Q(sector="vo")), other=Count("code", filter=~Q(sector="vo"))
        )
        .filter(vo__gte=2, other__gte=1)
        .order_by("vo", "board")
        .values_list("board", flat=True)
        .first()
    )
    return Location.objects.filter(board_id=board_id).first().board


@pytest.fixture
def vo_pair(vo_board):
    return list(Location.objects.filter(board=vo_board, sector="vo").order_by("code")[:2])


@pytest.fixture
def non_vo(vo_board, open_round):
    return (
        Location.objects.filter(board=vo_board, sector__in=open_round.sectors)
        .exclude(sector="vo")
        .order_by("code")
        .first()
    )


@pytest.fixture
def board_user(vo_board):
    from tekort.accounts.models import Role
    from tekort.submissions.tests.factories import RoleFactory

    return RoleFactory(kind=Role.Kind.BOARD, board=vo_board, user__username="hr-vo").user


def build(
    round_,
    board,
    main: dict,
    subjects: dict | None = None,
    extra: list[dict] = (),
    *,
    old_format: bool = False,
) -> bytes:
    """The board's template with rows of the main sheet filled in by location code, rows of the
    sheet Vakken by (location, subject), ``extra`` rows appended to Vakken; ``old_format``: the
    template as it was before issue 20 (no sheet Vakken, no column per_vak)."""
    workbook = load_workbook(io.BytesIO(template.build(round_, board)))
    sheet = workbook["Registratie"]
    headers = [c.value for c in sheet[1]]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for code, values in main.items():
        for header, value in values.items():
            sheet.cell(row=rows[code], column=headers.index(header) + 1, value=value)
    vakken = workbook["Vakken"]
    vheaders = [c.value for c in vakken[1]]
    vrows = {
        (vakken.cell(row=r, column=1).value, vakken.cell(row=r, column=2).value): r
        for r in range(2, vakken.max_row + 1)
    }
    for (code, subject), values in (subjects or {}).items():
        for header, value in values.items():
            vakken.cell(row=vrows[(code, subject)], column=vheaders.index(header) + 1, value=value)
    for values in extra:
        vakken.append([values.get(h) for h in vheaders])
    if old_format:
        del workbook["Vakken"]
        sheet.delete_cols(headers.index("per_vak") + 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def subjects_of(code: str) -> dict:
    return {(code, subject): values for subject, values in SUBJECTS.items()}


def check(round_, board, user, content, name="bestuur.xlsx") -> Upload:
    upload = Upload.objects.create(
        round=round_, board=board, user=user, channel="upload", file_name=name, content=content
    )
    return jobs.validate(upload)


def errors_at(upload, sheet: str) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["reason"]) for e in upload.errors if e["sheet"] == sheet]


def row_of(round_, board, code, sheet="Registratie", subject=None) -> int:
    workbook = load_workbook(io.BytesIO(template.build(round_, board)))
    for number, row in enumerate(workbook[sheet].iter_rows(min_row=2, values_only=True), start=2):
        if row[0] == code and (subject is None or row[1] == subject):
            return number
    raise AssertionError(code)


def test_template_has_the_sheet_vakken_and_the_column_per_vak(open_round, vo_board, vo_pair):
    workbook = load_workbook(io.BytesIO(template.build(open_round, vo_board)))
    assert "per_vak" in [c.value for c in workbook["Registratie"][1]]
    vakken = workbook["Vakken"]
    assert [c.value for c in vakken[1]][:3] == ["vestiging", "vak", "vaknaam"]
    rows = list(vakken.iter_rows(min_row=2, values_only=True))
    vo_codes = set(
        Location.objects.filter(board=vo_board, sector="vo").values_list("code", flat=True)
    )
    assert {r[0] for r in rows} == vo_codes  # vo locations only
    assert len(rows) == 22 * len(vo_codes)
    assert (vo_pair[0].code, "NE", "Nederlands") in {r[:3] for r in rows}
    notes = " ".join(
        str(c) for row in workbook["Toelichting"].iter_rows(values_only=True) for c in row
    )
    assert "Blad Vakken" in notes and "per_vak" in notes


def test_subjects_are_joined_previewed_and_imported(open_round, vo_board, vo_pair, board_user):
    code = vo_pair[0].code
    content = build(open_round, vo_board, {code: TOTALS}, subjects_of(code))
    upload = check(open_round, vo_board, board_user, content)
    assert upload.status == Upload.Status.PREVIEW, upload.errors
    (row,) = upload.preview
    assert row["values"]["subject_answer"] == "per_vak"  # an empty per_vak with subjects is "ja"
    assert row["values"]["subjects"]["NE"]["vervanging_openstaand"] == "0.40"
    jobs.commit(upload, overwrite_conflicts=False)
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.subject_answer == "per_vak"
    assert set(registration.subjects) == {"NE", "WI", "OV"}
    version = registration.versions.get()
    assert version.new_values["subjects"]["WI"]["regulier_verborgen"] == "0.50"


def test_every_bad_subject_row_is_reported_with_its_sheet_and_line(
    open_round, vo_board, vo_pair, non_vo, board_user
):
    first, second = (loc.code for loc in vo_pair)
    other_board = Location.objects.filter(sector="vo").exclude(board=vo_board).first().code
    subjects = {
        **subjects_of(first),
        (first, "DU"): {"formatie": "veel"},  # not a number
        (first, "EN"): {"vak": "ZZ", "formatie": 1},  # unknown subject
        (second, "NE"): {"formatie": 2},  # location without a filled-in row
    }
    extra = [
        {"vestiging": "XX99", "vak": "NE", "formatie": 1},  # unknown location
        {"vestiging": other_board, "vak": "NE", "formatie": 1},  # another board's
        {"vestiging": non_vo.code, "vak": "NE", "formatie": 1},  # not vo
        {"vestiging": first, "vak": "NE", "formatie": 4},  # duplicate
        {"vestiging": first, "formatie": 1},  # no subject
    ]
    content = build(open_round, vo_board, {first: TOTALS}, subjects, extra)
    upload = check(open_round, vo_board, board_user, content)
    assert upload.status == Upload.Status.REJECTED
    vakken = errors_at(upload, "Vakken")
    last = row_of(open_round, vo_board, second, "Vakken", "OV")  # the template's last vo row
    assert last < max(r for r, _, _ in vakken)
    expected = {
        row_of(open_round, vo_board, first, "Vakken", "DU"): "formatie",
        row_of(open_round, vo_board, first, "Vakken", "EN"): "vak",
        row_of(open_round, vo_board, second, "Vakken", "NE"): "vestiging",
        last + 1: "vestiging",
        last + 2: "vestiging",
        last + 3: "vestiging",
        last + 4: "vak",
        last + 5: "vak",
    }
    found = {row: column.split(" (")[1].rstrip(")") for row, column, _ in vakken}
    assert found == expected, vakken
    reasons = {row: reason for row, _, reason in vakken}
    assert "ZZ" in reasons[row_of(open_round, vo_board, first, "Vakken", "EN")]
    assert "XX99" in reasons[last + 1]
    assert other_board in reasons[last + 2]
    assert str(row_of(open_round, vo_board, first, "Vakken", "NE")) in reasons[last + 4]
    assert second in reasons[row_of(open_round, vo_board, second, "Vakken", "NE")]
    assert not Registration.objects.filter(round=open_round).exists()


def test_subjects_that_do_not_add_up_point_at_the_main_sheets_column(
    open_round, vo_board, vo_pair, board_user
):
    code = vo_pair[0].code
    subjects = {**subjects_of(code), (code, "OV"): {"formatie": 12}}
    content = build(open_round, vo_board, {code: TOTALS}, subjects)
    upload = check(open_round, vo_board, board_user, content)
    main = errors_at(upload, "Registratie")
    assert [(r, c.split(" (")[1]) for r, c, _ in main] == [
        (row_of(open_round, vo_board, code), "formatie)")
    ]
    assert "19.00" in main[0][2] and "20.00" in main[0][2]


def test_a_subject_beyond_its_formatie_points_at_its_row(open_round, vo_board, vo_pair, board_user):
    code = vo_pair[0].code
    subjects = {
        **subjects_of(code),
        (code, "NE"): {"formatie": 0.5, "regulier_openstaand": 1, "vervanging_openstaand": 0.4},
        (code, "WI"): {"formatie": 6.5, "regulier_openstaand": 0.5, "regulier_verborgen": 0.5},
    }
    upload = check(
        open_round, vo_board, board_user, build(open_round, vo_board, {code: TOTALS}, subjects)
    )
    assert [r for r, _, _ in errors_at(upload, "Vakken")] == [
        row_of(open_round, vo_board, code, "Vakken", "NE")
    ]


@pytest.mark.parametrize(
    ("per_vak", "with_subjects", "words"),
    [
        ("nee", True, "total"),  # total only with subjects: choose one
        ("misschien", False, "ja"),  # not an answer
        ("ja", False, "subject"),  # per subject without subjects
    ],
)
def test_per_vak_refusals(open_round, vo_board, vo_pair, board_user, per_vak, with_subjects, words):
    code = vo_pair[0].code
    subjects = subjects_of(code) if with_subjects else None
    content = build(open_round, vo_board, {code: {**TOTALS, "per_vak": per_vak}}, subjects)
    upload = check(open_round, vo_board, board_user, content)
    main = errors_at(upload, "Registratie")
    assert len(main) == 1 and main[0][0] == row_of(open_round, vo_board, code)
    assert "per_vak" in main[0][1]
    assert not Registration.objects.filter(round=open_round).exists()


def test_per_vak_on_a_non_vo_row_is_refused(open_round, vo_board, non_vo, board_user):
    row = {**TOTALS, "regulier_ONBEVOEGD": 0.5, "per_vak": "nee"}
    upload = check(
        open_round, vo_board, board_user, build(open_round, vo_board, {non_vo.code: row})
    )
    main = errors_at(upload, "Registratie")
    assert [(r, "per_vak" in c) for r, c, _ in main] == [
        (row_of(open_round, vo_board, non_vo.code), True)
    ]


def test_per_vak_without_figures_is_not_skipped_silently(open_round, vo_board, vo_pair, board_user):
    code = vo_pair[0].code
    upload = check(
        open_round, vo_board, board_user, build(open_round, vo_board, {code: {"per_vak": "nee"}})
    )
    assert upload.status == Upload.Status.REJECTED
    assert [r for r, _, _ in errors_at(upload, "Registratie")] == [
        row_of(open_round, vo_board, code)
    ]


def test_total_only_is_imported(open_round, vo_board, vo_pair, board_user):
    code = vo_pair[0].code
    content = build(open_round, vo_board, {code: {**TOTALS, "per_vak": "Nee"}})
    upload = check(open_round, vo_board, board_user, content)
    assert upload.status == Upload.Status.PREVIEW, upload.errors
    jobs.commit(upload, overwrite_conflicts=False)
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.subject_answer == "totaal" and registration.subjects == {}


def test_an_old_file_keeps_the_registered_subjects(open_round, vo_board, vo_pair, board_user):
    code = vo_pair[0].code
    register_with_subjects(open_round, Location.objects.get(code=code), board_user, "upload")
    # The same totals with a new remark, in a template of before issue 20.
    content = build(
        open_round, vo_board, {code: {**TOTALS, "toelichting": "Nieuw"}}, old_format=True
    )
    upload = check(open_round, vo_board, board_user, content)
    assert upload.status == Upload.Status.PREVIEW, upload.errors
    (row,) = upload.preview
    changed = {change[0] for change in row["changes"]}  # the template's DUO pupils may differ
    assert "remark" in changed and not changed & {"subjects", "subject_answer"}
    jobs.commit(upload, overwrite_conflicts=False)
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.version == 2 and registration.remark == "Nieuw"
    assert registration.subject_answer == "per_vak" and set(registration.subjects) == {
        "NE",
        "WI",
        "OV",
    }


def test_an_old_file_whose_totals_no_longer_fit_the_subjects_is_refused_clearly(
    open_round, vo_board, vo_pair, board_user
):
    code = vo_pair[0].code
    register_with_subjects(open_round, Location.objects.get(code=code), board_user, "upload")
    content = build(open_round, vo_board, {code: {**TOTALS, "formatie": 22}}, old_format=True)
    upload = check(open_round, vo_board, board_user, content)
    assert upload.status == Upload.Status.REJECTED
    ((row, column, reason),) = errors_at(upload, "Registratie")
    assert row == row_of(open_round, vo_board, code) and column == "per_vak"
    assert "Vakken" in reason and "per_vak" in reason and "22.00" in reason
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.version == 1  # nothing written


def test_new_subjects_in_a_file_replace_the_registered_ones_in_the_trail(
    open_round, vo_board, vo_pair, board_user
):
    code = vo_pair[0].code
    register_with_subjects(open_round, Location.objects.get(code=code), board_user, "upload")
    subjects = {
        (code, "NE"): {"formatie": 7, "regulier_openstaand": 1.5, "regulier_verborgen": 0.5},
        (code, "OV"): {"formatie": 13, "vervanging_openstaand": 0.4},
    }
    upload = check(
        open_round, vo_board, board_user, build(open_round, vo_board, {code: TOTALS}, subjects)
    )
    assert upload.status == Upload.Status.PREVIEW, upload.errors
    (row,) = upload.preview
    assert {change[0] for change in row["changes"]} - {"pupils"} == {"subjects"}
    jobs.commit(upload, overwrite_conflicts=False)
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert set(registration.subjects) == {"NE", "OV"}
    second = registration.versions.get(number=2)
    assert set(second.changed_fields) - {"pupils"} == {"subjects"}
    assert "WI" in second.old_values["subjects"] and "WI" not in second.new_values["subjects"]


def test_the_api_takes_the_sheet_vakken(client, open_round, vo_board, vo_pair, board_user):
    key = tokens.create(board_user, "HR")
    url = reverse("submissions:api-upload", args=[vo_board.number])
    code = vo_pair[0].code

    def post(content):
        file = io.BytesIO(content)
        file.name = "hr.xlsx"
        return client.post(
            f"{url}?confirm=true&confirm_warnings=true",
            {"file": file},
            HTTP_AUTHORIZATION=f"Token {key}",
        )

    bad = {**subjects_of(code), (code, "OV"): {"vak": "ZZ", "formatie": 13}}
    refused = post(build(open_round, vo_board, {code: TOTALS}, bad))
    assert refused.status_code == 422
    assert {(e["sheet"], e["column"].split(" ")[0]) for e in refused.json()["errors"]} >= {
        ("Vakken", "B")
    }
    assert not Registration.objects.filter(round=open_round).exists()
    answer = post(build(open_round, vo_board, {code: TOTALS}, subjects_of(code)))
    assert answer.status_code == 200, answer.content
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.channel == "api" and registration.subjects["OV"]["formatie"] == "13.00"


def test_the_board_page_explains_the_sheet_vakken_when_vo_is_asked(
    client, open_round, vo_board, board_user
):
    from tekort.submissions.tests.conftest import sign_in
    from tekort.submissions.tests.factories import RoundFactory

    sign_in(client, board_user)
    page = client.get(reverse("submissions:board", args=[open_round.pk, vo_board.number]))
    assert "Vakken" in page.content.decode() and "per_vak" in page.content.decode()
    without_vo = RoundFactory(sectors=["bao", "sbo"])
    page = client.get(reverse("submissions:board", args=[without_vo.pk, vo_board.number]))
    assert page.status_code == 200 and "per_vak" not in page.content.decode()


def test_a_preview_made_before_issue_20_keeps_the_registered_subjects(
    open_round, vo_board, vo_pair, board_user
):
    code = vo_pair[0].code
    register_with_subjects(open_round, Location.objects.get(code=code), board_user, "upload")
    content = build(open_round, vo_board, {code: {**TOTALS, "toelichting": "Oud"}}, old_format=True)
    upload = check(open_round, vo_board, board_user, content)
    for row in upload.preview:  # as a preview stored before the subjects were in it
        del row["values"]["subject_answer"], row["values"]["subjects"]
    upload.save(update_fields=["preview"])
    jobs.commit(upload, overwrite_conflicts=False)
    registration = Registration.objects.get(round=open_round, location_id=code)
    assert registration.remark == "Oud" and registration.version == 2
    assert registration.subject_answer == "per_vak" and set(registration.subjects) == {
        "NE",
        "WI",
        "OV",
    }
