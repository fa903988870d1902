"""The one size limit of a board file (TEKORT_UPLOAD_MAX_MB): the same on the upload page and the
API, checked before the file is read, a Dutch message, HTTP 413 from the API, nothing stored."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tekort.submissions import tokens
from tekort.submissions.models import Upload
from tekort.submissions.tests.conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_round")]
LIMIT = 100_000
MESSAGE = "Het bestand is groter dan 0.0953674 MB, het maximum voor een bestand van een bestuur."


@pytest.fixture(autouse=True)
def small_limit():
    with override_settings(TEKORT_UPLOAD_MAX_BYTES=LIMIT), translation.override("nl"):
        yield


def big_file(size: int) -> io.BytesIO:
    file = io.BytesIO(b"x" * size)
    file.name = "bestuur.csv"
    return file


@pytest.mark.parametrize("size", [LIMIT + 1, 10 * LIMIT], ids=["just-over", "announced"])
def test_api_refuses_a_file_over_the_limit_with_413(client, board_with_locations, board_user, size):
    key = tokens.create(board_user, "HR")
    url = reverse("submissions:api-upload", args=[board_with_locations.number])
    answer = client.post(url, {"file": big_file(size)}, HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 413
    assert answer.json()["detail"] == MESSAGE
    sign_in(client, board_user)
    assert client.post(url, {"file": big_file(size)}).status_code == 413
    assert not Upload.objects.exists()


def test_upload_page_refuses_a_file_over_the_limit(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    url = reverse("submissions:board", args=[open_round.pk, board_with_locations.number])
    assert "Hoogstens 0.0953674 MB" in client.get(url).content.decode()
    answer = client.post(url, {"file": big_file(LIMIT + 1)})
    assert answer.status_code == 400
    assert MESSAGE in answer.content.decode()
    assert not Upload.objects.exists()


def test_a_file_at_the_limit_is_read(client, board_with_locations, board_user):
    key = tokens.create(board_user, "HR")
    url = reverse("submissions:api-upload", args=[board_with_locations.number])
    answer = client.post(url, {"file": big_file(LIMIT)}, HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 422  # read and refused for its content, not its size
