"""The objects permissions are asked about, from the URL (for tekort.accounts.access.requires)."""

from django.shortcuts import get_object_or_404

from tekort.registry.models import Board, Onderwijsregio


def get_board(request, board, **kwargs) -> Board:
    return get_object_or_404(Board, number=board)


def get_region(request, onderwijsregio, **kwargs) -> Onderwijsregio:
    return get_object_or_404(Onderwijsregio, pk=onderwijsregio)
