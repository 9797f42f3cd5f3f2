"""Audit the pinned dependencies for known vulnerabilities (pip-audit).

    .venv/bin/python scripts/audit.py                       # requirements.lock, PyPI's data
    .venv/bin/python scripts/audit.py -r other.txt --osv-url http://127.0.0.1:8080/v1/query

Exits 1 when any pinned version has a known vulnerability (listing each with its fixed
versions), 0 when none has. pip-audit asks PyPI's vulnerability data per pinned version
(or an OSV-compatible service with --osv-url). A package the service cannot answer for
is not silently counted as safe: the script names every such package and exits 2,
unless --allow-unanswered is given (CI passes it where the service is not reachable;
the output then says "NOT AUDITED" for those packages).
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def audit(requirements, osv_url=None):
    """pip-audit's JSON report of `requirements` (pinned, hashed or not; never installed)."""
    command = [
        str(PIP_AUDIT),
        "--requirement",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    if osv_url:
        command += ["--vulnerability-service", "osv", "--osv-url", osv_url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"pip-audit failed (exit {result.returncode}):\n{result.stderr}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-r", "--requirements", default=BASE_DIR / "requirements.lock")
    parser.add_argument("--osv-url", help="an OSV-compatible service instead of PyPI's data")
    parser.add_argument("--allow-unanswered", action="store_true")
    options = parser.parse_args(argv)

    report = audit(options.requirements, options.osv_url)
    dependencies = report["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unanswered = [d for d in dependencies if d.get("skip_reason")]

    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dependency['name']}=={dependency['version']}: {vuln['id']} ")
            print(f"    fixed in: {fixed}")
    for dependency in unanswered:
        print(f"NOT AUDITED {dependency['name']}: {dependency['skip_reason']}")
    audited = len(dependencies) - len(unanswered)
    print(
        f"{len(dependencies)} pinned packages: {audited} audited, "
        f"{len(vulnerable)} with known vulnerabilities, {len(unanswered)} not answered"
    )
    if vulnerable:
        return 1
    if unanswered and not options.allow_unanswered:
        print("The vulnerability service did not answer for every package (see above).")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
