"""The objects permissions are asked about, from the URL (for tekort.accounts.access.requires)."""

from django.shortcuts import get_object_or_404

from tekort.registry.models import Board, Location
from tekort.submissions.models import Upload


def location(request, code, **kwargs) -> Location:
    return get_object_or_404(Location.objects.select_related("board", "municipality"), code=code)


def board(request, number, **kwargs) -> Board:
    return get_object_or_404(Board, number=number)


def board_of_upload(request, upload_id, **kwargs) -> Board:
    return get_object_or_404(Upload.objects.select_related("board"), pk=upload_id).board
