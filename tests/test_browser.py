"""The HTML report in Debian's chromium, headless: rendered text, a screenshot, and hostile content that never runs."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from readiness.report.formats import render
from tests.report_fixtures import HOSTILE, fill, tiny_report
from tests.test_render_html import assert_inert, parse

LOCK = Path(tempfile.gettempdir()) / "readiness-chromium-install.lock"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def _install() -> str | None:
    """Install Debian's chromium when missing and we are root (one installer at a time); return why not, or None."""
    if shutil.which("chromium"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "chromium is not installed and cannot be (needs root and apt-get: apt-get install chromium)"
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if shutil.which("chromium"):
            return None
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]):
            result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            if result.returncode != 0:
                return f"installing chromium failed: {' '.join(cmd)}: {result.stderr.strip()[-300:]}"
    return None if shutil.which("chromium") else "chromium still missing after apt-get install"


@pytest.fixture(scope="session")
def chromium() -> str:
    """The chromium executable, installed by the test setup when possible."""
    reason = _install()
    if reason:
        pytest.skip(reason)
    return shutil.which("chromium")  # type: ignore[return-value]


def browse(chromium: str, page: Path, *extra: str) -> subprocess.CompletedProcess:
    """Load PAGE from a file in headless chromium with a fresh profile."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                              capture_output=True, text=True, timeout=120)


def dump_dom(chromium: str, page: Path) -> str:
    """The DOM after loading (and running anything that would run)."""
    result = browse(chromium, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_sample_report_renders_in_chromium(chromium: str, sample_report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(fill(sample_report), "html"), encoding="utf-8")
    dom = dump_dom(chromium, page)
    text = " ".join(parse(dom).text)
    assert "ML portfolio readiness" in text and "Readiness by role" in text and "Advice: Build the portfolio first" in text
    for repo in sample_report.repos:
        assert repo.name in text
    assert dom.count("<svg") >= 2
    shot = tmp_path / "report.png"
    result = browse(chromium, page, f"--screenshot={shot}", "--window-size=1280,1600")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1600)


def test_hostile_content_never_executes(chromium: str, tmp_path: Path) -> None:
    report = tiny_report(HOSTILE, HOSTILE + " README text and notebook cell")
    page = tmp_path / "hostile.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    dom = dump_dom(chromium, page)
    assert_inert(dom)
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("ML portfolio readiness — portfolio of &lt;script&gt;") and "PWNED" in title  # the text, escaped
    assert "<title>PWNED</title>" not in dom


def test_the_harness_would_see_script_run(chromium: str, tmp_path: Path) -> None:
    """Control: the same payload in an unescaped page does change the title, so the test above can fail."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>safe</title></head><body>{HOSTILE}</body></html>")
    assert "<title>PWNED</title>" in dump_dom(chromium, page)


def test_report_prints(chromium: str, sample_report, tmp_path: Path) -> None:
    """Readable in print: chromium prints it to a PDF of several pages (one repository per page)."""
    page = tmp_path / "report.html"
    page.write_text(render(fill(sample_report), "html"), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    result = browse(chromium, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert data.startswith(b"%PDF") and pages > len(sample_report.repos)
