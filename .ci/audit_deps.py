"""Check the production lock file against a vulnerability database (make audit-deps).

Runs pip-audit on requirements/production.txt (hashes required, pip not used: the lock file is
audited as written) against OSV, then PyPI's JSON API if OSV cannot be reached. It says plainly
what it could establish, and never claims "no known vulnerabilities" for a package it could not
look up:

* a known vulnerability in any locked package: each is listed; exit status 1;
* no database reachable, or packages the database could not look up: "vulnerability check could
  not be run: <reason>" (or "incomplete" when only some could be checked); exit status 0, so that
  CI without internet access is not blocked, but the line is in its log;
* every package looked up and none vulnerable: "no known vulnerabilities in N locked packages
  (database: …)"; exit status 0.

Run:  .venv/bin/python .ci/audit_deps.py [requirements/production.txt]
The pip-audit executable is $PIP_AUDIT, else the one beside this Python.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("osv", "pypi")
TIMEOUT_SECONDS = 15  # per request to the database
RUN_TIMEOUT_SECONDS = 600


@dataclass
class Outcome:
    service: str
    error: str = ""  # pip-audit could not run against this service at all
    checked: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # package -> reason
    vulnerable: list[str] = field(default_factory=list)  # one line per vulnerability


def pip_audit() -> str:
    return os.environ.get("PIP_AUDIT") or str(Path(sys.executable).with_name("pip-audit"))


def run_service(service: str, lock_file: Path) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            pip_audit(),
            "--requirement",
            str(lock_file),
            "--require-hashes",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--timeout",
            str(TIMEOUT_SECONDS),
            "--format",
            "json",
            "--output",
            str(report),
            "--progress-spinner",
            "off",
        ]
        try:
            done = subprocess.run(  # noqa: S603 (a fixed command: pip-audit on the lock file)
                command, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return Outcome(service, error=f"pip-audit did not run ({error})")
        if not report.exists() or not report.read_text().strip():
            return Outcome(service, error=last_error_line(done.stderr) or f"exit {done.returncode}")
        return interpret(service, json.loads(report.read_text()))


def last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def interpret(service: str, report: dict) -> Outcome:
    """pip-audit's JSON report: each dependency has either ``vulns`` or a ``skip_reason``."""
    outcome = Outcome(service)
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            outcome.skipped[name] = dependency["skip_reason"]
            continue
        outcome.checked.append(name)
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version"
            outcome.vulnerable.append(f"{name}: {vuln['id']} (fixed in: {fixed})")
    return outcome


def summarise(outcomes: list[Outcome]) -> tuple[int, list[str]]:
    """The exit status and the lines to print, from the services tried in order."""
    usable = [o for o in outcomes if not o.error and o.checked]
    if not usable:
        reasons = []
        for o in outcomes:
            if o.error:
                reasons.append(f"{o.service}: {o.error}")
            elif o.skipped:
                first = next(iter(o.skipped.values()))
                reasons.append(
                    f"{o.service}: {len(o.skipped)} of {len(o.skipped)} packages could not be "
                    f"looked up ({first})"
                )
            else:
                reasons.append(f"{o.service}: the lock file listed no packages")
        return 0, ["vulnerability check could not be run: " + "; ".join(reasons)]
    best = usable[0]
    lines = [f"!! known vulnerability: {line}" for line in best.vulnerable]
    total = len(best.checked) + len(best.skipped)
    if best.skipped:
        lines.append(
            f"vulnerability check incomplete: {len(best.skipped)} of {total} packages could not "
            f"be looked up in {best.service} ({', '.join(sorted(best.skipped))})"
        )
    if best.vulnerable:
        lines.append(
            f"{len(best.vulnerable)} known vulnerabilit{'y' if len(best.vulnerable) == 1 else 'ies'}"
            f" in the locked packages (database: {best.service})"
        )
        return 1, lines
    if not best.skipped:
        lines.append(
            f"no known vulnerabilities in {len(best.checked)} locked packages "
            f"(database: {best.service})"
        )
    return 0, lines


def main(argv: list[str]) -> int:
    lock_file = Path(argv[0]) if argv else REPO / "requirements" / "production.txt"
    outcomes = []
    for service in SERVICES:
        outcome = run_service(service, lock_file)
        outcomes.append(outcome)
        if not outcome.error and outcome.checked and not outcome.skipped:
            break  # a complete answer: no need to ask the next database
    status, lines = summarise(outcomes)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
