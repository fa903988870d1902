"""The upload page holds up: a file with a very large number of errors shows them a page at a
time (fouten.csv has all of them), and a second "bevestigen" (a double click) imports once and
says that the upload is already being processed, never "mislukt"."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tekort.submissions.models import Registration, RegistrationVersion, Upload
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import UploadFactory
from tekort.submissions.tests.test_upload import GOOD_ROW, upload_filled_template

pytestmark = pytest.mark.django_db

ERRORS = 200_000


def rejected_upload(round_, board, user, count):
    errors = [
        {"sheet": "Registratie", "row": i + 2, "column": "C", "reason": f"fout nummer {i + 1}"}
        for i in range(count)
    ]
    return UploadFactory(
        round=round_,
        board=board,
        user=user,
        file_name="veel-fouten.xlsx",
        status=Upload.Status.REJECTED,
        errors=errors,
    )


def test_a_file_with_many_errors_shows_them_a_page_at_a_time(
    client, open_round, board_with_locations, board_user
):
    upload = rejected_upload(open_round, board_with_locations, board_user, ERRORS)
    sign_in(client, board_user)
    url = reverse("submissions:upload", args=[upload.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<td>fout nummer ") == 100
    assert "<td>fout nummer 1</td>" in html and "<td>fout nummer 100</td>" in html
    assert "<td>fout nummer 101</td>" not in html
    assert "Fouten 1 tot en met 100 van 200000; het CSV-bestand bevat ze allemaal." in html
    assert 'href="?pagina=2" rel="next"' in html

    second = client.get(url, {"pagina": "2"}).content.decode()
    assert "<td>fout nummer 101</td>" in second and "<td>fout nummer 200</td>" in second
    assert "<td>fout nummer 100</td>" not in second and 'href="?pagina=1" rel="prev"' in second
    last = client.get(url, {"pagina": "999999"}).content.decode()  # beyond the end: the last
    assert "<td>fout nummer 200000</td>" in last
    assert client.get(url, {"pagina": "abc"}).status_code == 200  # nonsense: the first page

    csv = client.get(reverse("submissions:upload-errors", args=[upload.pk]))
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == ERRORS + 1  # the header and every error
    assert lines[-1] == "Registratie;200001;C;fout nummer 200000"


def test_a_file_with_a_few_errors_has_no_page_links(
    client, open_round, board_with_locations, board_user
):
    upload = rejected_upload(open_round, board_with_locations, board_user, 3)
    sign_in(client, board_user)
    html = client.get(reverse("submissions:upload", args=[upload.pk])).content.decode()
    assert html.count("<td>fout nummer ") == 3
    assert "Het bestand bevat 3 fouten. Er is niets geïmporteerd." in html
    assert "pagina=" not in html


def test_a_second_confirmation_imports_once_and_says_it_is_being_processed(
    client, open_round, board_with_locations, board_user
):
    upload = upload_filled_template(
        client, open_round, board_with_locations, board_user, {0: GOOD_ROW, 1: GOOD_ROW}
    )
    url = reverse("submissions:upload-confirm", args=[upload.pk])
    first = client.post(url, {"confirm_warnings": "on"})
    second = client.post(url, {"confirm_warnings": "on"}, follow=True)
    assert first.status_code == 302
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE and upload.result["created"] == 2
    assert "Deze upload wordt al verwerkt" in second.content.decode()
    assert "mislukt" not in second.content.decode()
    assert Registration.objects.filter(round=open_round).count() == 2
    assert RegistrationVersion.objects.filter(upload=upload).count() == 2


@override_settings(
    TASKS={
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "mail"],
        }
    }
)
def test_a_double_click_queues_one_import_and_a_repeated_task_changes_nothing(
    client, open_round, board_with_locations, board_user
):
    """With a real queue both clicks arrive before the worker starts: the first claims the
    upload (importing), the second is told it is already being processed."""
    from django_tasks import default_task_backend

    from tekort.submissions.upload import jobs

    upload = upload_filled_template(
        client, open_round, board_with_locations, board_user, {0: GOOD_ROW}
    )
    jobs.validate(upload)  # the dummy backend ran nothing: check the file as the worker would
    assert upload.status == Upload.Status.PREVIEW
    default_task_backend.clear()
    url = reverse("submissions:upload-confirm", args=[upload.pk])
    client.post(url, {"confirm_warnings": "on"})
    second = client.post(url, {"confirm_warnings": "on"}, follow=True)
    assert "Deze upload wordt al verwerkt" in second.content.decode()
    (queued,) = default_task_backend.results  # one import queued, not two
    upload.refresh_from_db()
    assert upload.status == Upload.Status.COMMITTING
    assert queued.task.call(*queued.args) == Upload.Status.DONE
    assert queued.task.call(*queued.args) == Upload.Status.DONE  # delivered twice: no "mislukt"
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE and upload.result["created"] == 1
    assert Registration.objects.filter(round=open_round).count() == 1
