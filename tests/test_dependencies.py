"""The lock file and the vulnerability audit.

`requirements.lock` pins every dependency (the dev extras included) with hashes, within
the ranges of pyproject.toml. `scripts/audit.py` fails on a pinned version with a known
vulnerability: proven here against a small OSV-compatible service on 127.0.0.1 that knows
one advisory, so the failure path is tested without depending on the network.
"""

import json
import re
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parent.parent
LOCK = BASE_DIR / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")

ADVISORY = {
    "id": "PYSEC-TEST-1",
    "summary": "A made-up advisory for this test",
    "aliases": ["CVE-0000-0001"],
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "4.2"}, {"fixed": "4.2.2"}]}
            ],
            "versions": ["4.2", "4.2.0", "4.2.1"],
        }
    ],
}


def locked_pins():
    """{name: (version, number of hashes)} from requirements.lock."""
    pins, current = {}, None
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = (match[2], 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def test_every_dependency_and_dev_extra_is_pinned_within_its_range_with_hashes():
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    requirements = [
        Requirement(text)
        for text in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    ]
    pins = locked_pins()

    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (name, version)
    assert all(hashes for _, hashes in pins.values())


def test_the_lock_says_how_it_is_made():
    assert "make lock" in LOCK.read_text()


class FakeOsv(BaseHTTPRequestHandler):
    """Answers OSV queries: the advisory above for django 4.2.0, nothing for the rest."""

    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        affected = query["package"]["name"] == "django" and query["version"] == "4.2.0"
        body = json.dumps({"vulns": [ADVISORY]} if affected else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def osv_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/query"
    server.shutdown()


def run_audit(*arguments):
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "scripts/audit.py"), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_known_vulnerable_pin_fails_the_audit(osv_url, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==4.2.0\n")

    result = run_audit("-r", str(requirements), "--osv-url", osv_url)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "VULNERABLE django==4.2.0: PYSEC-TEST-1" in result.stdout
    assert "fixed in: 4.2.2" in result.stdout


def test_the_lock_passes_when_no_pinned_version_is_known_to_be_vulnerable(osv_url):
    result = run_audit("--osv-url", osv_url)

    assert result.returncode == 0, result.stdout + result.stderr
    audited = int(re.search(r"(\d+) audited", result.stdout)[1])
    # Pins behind a marker for another platform or Python (colorama on Windows…) are skipped.
    unconditional = [line for line in LOCK.read_text().splitlines() if PIN.match(line)]
    assert audited >= len([line for line in unconditional if ";" not in line])
    assert "0 with known vulnerabilities, 0 not answered" in result.stdout


def test_a_package_the_service_cannot_answer_for_is_not_counted_as_safe(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==4.2.0\n")
    unreachable = "http://127.0.0.1:9/v1/query"  # the discard port: nothing listens

    assert run_audit("-r", str(requirements), "--osv-url", unreachable).returncode != 0
