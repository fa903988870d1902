"""The commit step shows its progress and ends on the result by itself (issue 16, part 6):
after "Bevestigen en importeren" the page shows the import's progress, never the preview's
"nothing has been saved yet"; with JavaScript upload.js polls voortgang.json, without it the
page asks the browser to reload it (a Refresh header) until the import is done."""

from functools import partial

import pytest
from django.urls import reverse

from tekort.submissions.models import Upload
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import UploadFactory
from tekort.submissions.views.board import REFRESH_SECONDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_upload(open_round, board_with_locations, board_user):
    """Makes an upload of the board's user in the open round: its status and fields given."""
    return partial(UploadFactory, round=open_round, board=board_with_locations, user=board_user)


def test_an_import_in_progress_shows_progress_and_refreshes_itself(
    client, board_upload, board_user
):
    upload = board_upload(status=Upload.Status.COMMITTING, total=40)
    Upload.objects.filter(pk=upload.pk).update(processed=10)
    sign_in(client, board_user)
    response = client.get(reverse("submissions:upload", args=[upload.pk]))
    page = response.content.decode()
    assert response["Refresh"] == str(REFRESH_SECONDS) == "5"
    assert '<progress id="progress" max="40" value="10">' in page
    assert "10 van 40 rijen verwerkt" in page
    assert "wordt geïmporteerd" in page  # the status, in Dutch
    assert "er is nog niets opgeslagen" not in page
    progress = client.get(reverse("submissions:upload-progress", args=[upload.pk])).json()
    assert progress["busy"] is True and progress["processed"] == 10


def test_a_finished_import_is_the_result_and_stops_refreshing(client, board_upload, board_user):
    upload = board_upload(
        status=Upload.Status.DONE,
        result={"created": 3, "updated": 1, "conflicts_skipped": 0},
    )
    sign_in(client, board_user)
    response = client.get(reverse("submissions:upload", args=[upload.pk]))
    assert "Refresh" not in response
    assert "3 nieuwe en 1 gewijzigde registraties opgeslagen" in response.content.decode()
