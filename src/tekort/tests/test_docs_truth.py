"""The documentation tells the truth: README commands exist in the Makefile; every env var is listed."""

import re

from tekort.conf.env import REPO_ROOT, VARIABLES


def makefile_targets() -> set[str]:
    text = (REPO_ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z0-9-]*):", text, flags=re.MULTILINE))


def test_readme_commands_are_makefile_targets():
    readme = (REPO_ROOT / "README.md").read_text()
    commands = set(re.findall(r"^make ([a-z-]+)", readme, flags=re.MULTILINE))
    assert commands == {"run", "test"}
    assert commands <= makefile_targets()


def test_ci_calls_make_test():
    assert re.search(r"^make test$", (REPO_ROOT / ".ci/run").read_text(), flags=re.MULTILINE)


def test_configuration_doc_lists_exactly_the_environment_variables():
    documented = set(
        re.findall(
            r"^\| `([A-Z_]+)` \|",
            (REPO_ROOT / "docs/configuration.md").read_text(),
            flags=re.MULTILINE,
        )
    )
    assert documented == {v.name for v in VARIABLES}


def test_architecture_doc_names_every_app_and_core():
    text = (REPO_ROOT / "docs/architecture.md").read_text()
    src = REPO_ROOT / "src"
    apps = [p.name for p in (src / "tekort").iterdir() if (p / "apps.py").exists()]
    cores = [p.name for p in src.iterdir() if p.name.startswith("tekort_")]
    for name in apps + cores:
        assert f"{name}/" in text, f"docs/architecture.md does not mention {name}/"
