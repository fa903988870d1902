"""The tests' starting database (``tekort.tests.database_cache``): its fingerprint changes with
every input of the build and with nothing else, and a worker's copy holds what the build made."""

import os

import pytest

from tekort.tests.database_cache import fingerprint


@pytest.fixture
def checkout(tmp_path):
    """A small checkout: source, a test module, a template, the lock file and reference data."""
    files = {
        "src/tekort/registry/importers/duo.py": "ROWS = 1\n",
        "src/tekort/registry/migrations/0001_initial.py": "operations = []\n",
        "src/tekort/registry/tests/test_duo.py": "def test_it(): pass\n",
        "src/tekort/registry/tests/factories.py": "SIZE = 3\n",
        "src/tekort/templates/base.html": "<html></html>\n",
        "requirements/test.txt": "django==5.2\n",
        "data/duo/locations.csv": "brin;naam\n00AA;School\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def key(checkout):
    return fingerprint(checkout / "data", root=checkout)


@pytest.mark.parametrize(
    "changed",
    [
        "src/tekort/registry/importers/duo.py",
        "src/tekort/registry/migrations/0001_initial.py",
        "src/tekort/registry/tests/factories.py",  # a test helper may build data
        "requirements/test.txt",
        "data/duo/locations.csv",
    ],
)
def test_every_input_changes_the_fingerprint(checkout, changed):
    before = key(checkout)
    (checkout / changed).write_text((checkout / changed).read_text() + "# changed\n")
    assert key(checkout) != before


def test_a_new_source_file_or_reference_file_changes_the_fingerprint(checkout):
    before = key(checkout)
    (checkout / "src/tekort/registry/importers/cbs.py").write_text("X = 1\n")
    assert key(checkout) != before
    before = key(checkout)
    (checkout / "data/duo/pupils.csv").write_text("brin;leerlingen\n")
    assert key(checkout) != before


def test_a_touched_reference_file_changes_the_fingerprint(checkout):
    before = key(checkout)
    path = checkout / "data/duo/locations.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert key(checkout) != before


def test_test_modules_and_templates_do_not_change_the_fingerprint(checkout):
    before = key(checkout)
    (checkout / "src/tekort/registry/tests/test_duo.py").write_text("def test_other(): pass\n")
    (checkout / "src/tekort/templates/base.html").write_text("<html lang=nl></html>\n")
    assert key(checkout) == before


@pytest.mark.django_db
def test_a_workers_database_holds_the_register_and_the_migrations_data(import_reports):
    """The copy has what the build made: the whole register and its import reports, the
    onderwijsregio's, and the rows the migrations write themselves (the vo subjects)."""
    from tekort.registry.models import Location, Onderwijsregio, VoSubject

    assert Location.objects.count() > 8000  # every location of the country
    assert import_reports["02.-alle-schoolvestigingen-basisonderwijs.csv"].rows > 6000
    assert Onderwijsregio.objects.exists()
    assert VoSubject.objects.exists()


def test_the_url_of_a_copy_keeps_a_password_with_url_characters():
    """The builder and the topology tests reach their copies by URL: a password with @, / or :
    must come back whole (dj-database-url reads it as the settings do)."""
    import dj_database_url

    from tekort.tests.topology import database_url

    params = {"user": "tek@ort", "password": "p@ss/w:rd%", "host": "127.0.0.1", "port": 5433}
    parsed = dj_database_url.parse(database_url(params, "tekort_copy"))
    assert (parsed["USER"], parsed["PASSWORD"]) == ("tek@ort", "p@ss/w:rd%")
    assert (parsed["HOST"], parsed["PORT"], parsed["NAME"]) == ("127.0.0.1", 5433, "tekort_copy")
