"""make audit-deps (.ci/audit_deps.py): fails on a known vulnerability, says plainly when the
check could not be run, and never reports "no known vulnerabilities" for packages it could not
look up. pip-audit is replaced by a fake that answers as a reachable, an unreachable or a
half-reachable database would."""

import json
import os
import subprocess
import sys
import textwrap

from tekort.conf.env import REPO_ROOT

SCRIPT = REPO_ROOT / ".ci" / "audit_deps.py"

FAKE = textwrap.dedent(
    """\
    import json, sys
    args = sys.argv[1:]
    service = args[args.index("--vulnerability-service") + 1]
    answer = json.loads({answers!r})[service]
    if answer is None:
        sys.stderr.write("requests.exceptions.ConnectionError: cannot reach " + service + "\\n")
        sys.exit(1)
    with open(args[args.index("--output") + 1], "w") as out:
        json.dump({{"dependencies": answer, "fixes": []}}, out)
    sys.exit(1 if any(d.get("vulns") for d in answer) else 0)
    """
)
DJANGO_OK = {"name": "django", "version": "5.2.19", "vulns": []}
PILLOW_OK = {"name": "pillow", "version": "13.0.0", "vulns": []}
SKIPPED = [
    {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    {"name": "pillow", "skip_reason": "Dependency not found on PyPI and could not be audited"},
]


def audit(tmp_path, answers: dict) -> tuple[int, str]:
    fake = tmp_path / "pip-audit"
    fake.write_text(f"#!{sys.executable}\n" + FAKE.format(answers=json.dumps(answers)))
    fake.chmod(0o755)
    lock = tmp_path / "production.txt"
    lock.write_text("django==5.2.19 --hash=sha256:00\n")
    done = subprocess.run(  # noqa: S603 (this Python and the repository's script)
        [sys.executable, str(SCRIPT), str(lock)],
        env={**os.environ, "PIP_AUDIT": str(fake)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout.strip()


def test_a_known_vulnerability_fails(tmp_path):
    vulnerable = {
        "name": "django",
        "version": "5.2.19",
        "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"]}],
    }
    status, out = audit(tmp_path, {"osv": [vulnerable, PILLOW_OK], "pypi": None})
    assert status == 1
    assert out.splitlines() == [
        "!! known vulnerability: django 5.2.19: PYSEC-2026-1 (fixed in: 5.2.20)",
        "1 known vulnerability in the locked packages (database: osv)",
    ]


def test_no_database_reachable_is_said_plainly_and_does_not_fail(tmp_path):
    status, out = audit(tmp_path, {"osv": None, "pypi": None})
    assert status == 0
    assert out == (
        "vulnerability check could not be run: "
        "osv: requests.exceptions.ConnectionError: cannot reach osv; "
        "pypi: requests.exceptions.ConnectionError: cannot reach pypi"
    )
    assert "no known vulnerabilities" not in out


def test_a_database_that_knows_no_package_is_not_a_clean_result(tmp_path):
    """PyPI's JSON API behind a mirror answers 404 per version: pip-audit itself then prints
    "No known vulnerabilities found" and exits 0."""
    status, out = audit(tmp_path, {"osv": None, "pypi": SKIPPED})
    assert status == 0
    assert out.startswith("vulnerability check could not be run: osv: ")
    assert out.endswith(
        "pypi: 2 of 2 packages could not be looked up "
        "(Dependency not found on PyPI and could not be audited)"
    )
    assert "no known vulnerabilities" not in out


def test_a_partial_answer_says_what_was_not_checked(tmp_path):
    partial = [DJANGO_OK, SKIPPED[1]]
    status, out = audit(tmp_path, {"osv": partial, "pypi": partial})
    assert status == 0
    assert out == (
        "vulnerability check incomplete: 1 of 2 packages could not be looked up in osv (pillow)"
    )


def test_a_complete_clean_answer_from_the_fallback_database(tmp_path):
    status, out = audit(tmp_path, {"osv": None, "pypi": [DJANGO_OK, PILLOW_OK]})
    assert status == 0
    assert out == "no known vulnerabilities in 2 locked packages (database: pypi)"


def test_make_lint_runs_the_check():
    makefile = (REPO_ROOT / "Makefile").read_text()
    assert "lint: install-test check-deploy audit-deps" in makefile
    assert "$(PY) .ci/audit_deps.py requirements/production.txt" in makefile
