"""What a built tekort package carries: the docs the site renders, the licence, the templates.

The wheel is built from a copy of the checkout (so no build/ folder is left in it), with pip as
`make install` uses it. An installed package has no docs/ beside it; the methodology and
glossary pages then read the copy inside the package (settings.TEKORT_DOCS_DIR).
"""

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

from tekort.conf.env import REPO_ROOT

SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "src", "docs"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    copy = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in SOURCES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--quiet", "-w", str(out)],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("tekort-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_carries_every_page_the_site_renders_from_docs(wheel):
    names = set(wheel.namelist())
    methodology = REPO_ROOT / "docs" / "methodology"
    rendered = ["glossary.md"] + [
        str(p.relative_to(REPO_ROOT / "docs"))
        for p in sorted([*methodology.glob("*.md"), *methodology.glob("nl/*.md")])
    ]
    assert len(rendered) >= 19
    for name in rendered:
        packaged = f"tekort/docs/{name}"
        assert packaged in names, packaged
        assert wheel.read(packaged) == (REPO_ROOT / "docs" / name).read_bytes()


def test_the_wheel_carries_the_licence_and_the_error_pages(wheel):
    names = set(wheel.namelist())
    (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert wheel.read(licence) == (REPO_ROOT / "LICENSE").read_bytes()
    for status in (400, 403, 404, 429, 500):
        assert f"tekort/templates/{status}.html" in names
    assert "tekort/locale/nl/LC_MESSAGES/django.mo" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: EUPL-1.2" in wheel.read(metadata).decode()


def test_licence_is_the_eupl_1_2_that_pyproject_declares():
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "EUPL (c) the European Union 2007, 2016" in text
    assert text.rstrip().endswith(
        "All other changes or additions to this Appendix require the "
        "production of a new\nEUPL version."
    )
    for heading in ("1. Definitions", "5. Obligations of the Licensee", "15. Applicable Law"):
        assert heading in text
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "EUPL-1.2"


def test_the_pages_read_the_configured_docs_folder(client, settings, tmp_path, db):
    (tmp_path / "methodology" / "nl").mkdir(parents=True)
    (tmp_path / "glossary.md").write_text("# Begrippen\n\nPeildatum: de dag waarop geteld wordt.\n")
    (tmp_path / "methodology" / "nl" / "only-here.md").write_text(
        "# Alleen in het pakket\n\nTekst.\n"
    )
    settings.TEKORT_DOCS_DIR = tmp_path
    assert "de dag waarop geteld wordt" in client.get("/begrippen/").content.decode()
    page = client.get("/methodologie/only-here")
    assert page.status_code == 200
    assert "Alleen in het pakket" in page.content.decode()


def test_a_checkout_reads_docs_and_an_installed_package_its_own_copy(settings, wheel, tmp_path):
    assert settings.TEKORT_DOCS_DIR == REPO_ROOT / "docs"  # this checkout has no src/tekort/docs
    assert not (REPO_ROOT / "src" / "tekort" / "docs").exists()

    installed = tmp_path / "site-packages"
    wheel.extractall(installed)  # what pip install puts in site-packages
    show = (
        "import django; django.setup(); from django.conf import settings; "
        "from tekort.publications import documents; import tekort; "
        "print(tekort.__file__); print(settings.TEKORT_DOCS_DIR); "
        "print(len(documents.methodology_pages()), documents.glossary().title)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEKORT_"))}
    env.update(
        PYTHONPATH=str(installed),
        DJANGO_SETTINGS_MODULE="tekort.conf.base",
        DJANGO_DEBUG="true",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", show], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    module, docs, rendered = result.stdout.strip().splitlines()[-3:]
    assert module == str(installed / "tekort" / "__init__.py")
    assert docs == str(installed / "tekort" / "docs")
    pages = len(list((REPO_ROOT / "docs" / "methodology" / "nl").glob("*.md")))
    assert rendered == f"{pages} " + documents_title()


def documents_title() -> str:
    from tekort.publications import documents

    return documents.glossary().title
