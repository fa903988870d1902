"""Shapes drawn ahead (issue 16, part 6): the first view of each map level draws nothing.

``maps.warm`` (``manage.py warm_map_shapes``, run by ``make setup`` through
``prepare_demo_site``) draws every level once, into the shared cache and into
``TEKORT_MAP_SHAPES_DIR``; a process whose cache is empty (a restart, another machine with its
own memory cache) reads the file. The figure (``-s``): the first view of each level with
nothing drawn, and after ``warm`` with the cache cleared (only the file left).
"""

import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tekort.publications import maps
from tekort.publications.publishing import publish


@pytest.fixture
def released(estimate_runs):
    cache.clear()
    publish(estimate_runs[1], note="Kaart")
    yield
    cache.clear()


def _first_views(client) -> dict[str, float]:
    seconds = {}
    for level in maps.LEVELS:
        started = time.perf_counter()
        response = client.get(f"/kaart/?level={level}")
        seconds[level] = time.perf_counter() - started
        assert response.status_code == 200
        assert response.content.count(b"<path") > 10
    return seconds


def test_after_warming_the_first_view_draws_nothing(
    released, settings, tmp_path, monkeypatch, capsys
):
    settings.TEKORT_MAP_SHAPES_DIR = tmp_path
    cold = _first_views(Client())
    drawn = {level: maps.areas(level) for level in maps.LEVELS}

    cache.clear()
    call_command("warm_map_shapes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert files == sorted(f"{level}-{maps._signature()}.json" for level in maps.LEVELS)

    cache.clear()  # a process with an empty cache: only the files are left

    def no_drawing():
        raise AssertionError("the shapes were drawn again")

    monkeypatch.setattr(maps, "_municipality_paths", no_drawing)
    warm = _first_views(Client())
    assert {level: maps.areas(level) for level in maps.LEVELS} == drawn
    with capsys.disabled():
        print(
            "\nfirst view of the map, s: "
            + ", ".join(f"{lv} {cold[lv]:.2f} → {warm[lv]:.2f}" for lv in maps.LEVELS)
        )


def test_shapes_of_an_older_register_are_replaced(released, settings, tmp_path):
    settings.TEKORT_MAP_SHAPES_DIR = tmp_path
    (tmp_path / "onderwijsregio-0000000000000000.json").write_text("{}")
    maps.warm()
    names = sorted(p.name for p in tmp_path.glob("onderwijsregio-*.json"))
    assert names == [f"onderwijsregio-{maps._signature()}.json"]


def test_an_unreadable_file_is_drawn_again(released, settings, tmp_path):
    settings.TEKORT_MAP_SHAPES_DIR = tmp_path
    (tmp_path / f"municipality_code-{maps._signature()}.json").write_text("not json")
    shapes, height = maps.areas("municipality_code")
    assert len(shapes) > 300 and height > 0
