"""Escape sequences planted in a README, a notebook output, a file name and a repository name never reach the
terminal: text reports, log lines and the other renderers show them inert."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.sanitize import SafeFormatter, sanitize
from tests.factories import make_repo, notebook

ROOT = Path(__file__).resolve().parents[1]
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What must never be written raw: C0 but tab and newline, DEL and C1."""
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\"
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[H\x9b31m"


@pytest.mark.parametrize("text, expected", [
    ("plain text\twith a tab\nand a newline", "plain text\twith a tab\nand a newline"),
    (HYPERLINK, "click here"),
    (f"{TITLE}title gone", "title gone"),
    (f"{CLEAR}screen kept", "screen kept"),
    ("\x1b[1;31mred\x1b[0m", "red"),
    ("over\rwrite", "over\\x0dwrite"),
    ("bell\x07 nul\x00 del\x7f c1\x85", "bell\\x07 nul\\x00 del\\x7f c1\\x85"),
    ("name\udc9b.py", "name\\x9b.py"),
    ("windows\r\nline", "windows\nline"),
    ("\x1b]0;never terminated\nthe next line stays", "0;never terminated\nthe next line stays"),
])
def test_sanitize(text: str, expected: str) -> None:
    assert sanitize(text) == expected
    assert sanitize(sanitize(text)) == sanitize(text)


def test_log_lines_are_sanitised() -> None:
    record = logging.LogRecord("readiness", logging.INFO, __file__, 1, "assessing %s", (f"repo{TITLE}{CLEAR}",), None)
    assert SafeFormatter("readiness: %(message)s").format(record) == "readiness: assessing repo"


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory) -> Path:
    """A repository whose README heading, notebook error output, notebook file name and folder name carry escapes."""
    readme = f"# Demo\n\n## Installation {HYPERLINK} {CLEAR}\n\n```bash\npip install -r requirements.txt\n```\n"
    cells = [{"cell_type": "code", "source": "import pandas as pd\nraise ValueError()", "execution_count": 1, "outputs": [
        {"output_type": "error", "ename": "ValueError", "evalue": f"boom {TITLE}\x1b[1;31mred{HYPERLINK}", "traceback": []}]}]
    files = {"README.md": readme, f"Untitled{TITLE}.ipynb": notebook(cells), "requirements.txt": "pandas==2.2.2\n"}
    return make_repo(tmp_path_factory.mktemp("hostile") / f"proj{CLEAR}{TITLE}", files)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          errors="surrogateescape")


def test_text_report_and_log_lines_show_no_control_sequences(hostile_repo: Path) -> None:
    result = _run("-v", "assess", str(hostile_repo), "--no-cache", "--jobs", "1", "--details")
    assert result.returncode == 0, result.stderr
    assert not RAW_CONTROL.findall(result.stdout), sorted(set(RAW_CONTROL.findall(result.stdout)))
    assert not RAW_CONTROL.findall(result.stderr), sorted(set(RAW_CONTROL.findall(result.stderr)))
    assert "section 'Installation click here" in result.stdout  # the README heading, its link text kept
    assert re.search(r"ValueError: boom (0;pwned)?redclick here", result.stdout)  # the notebook's error output
    assert re.search(r"Untitled(0;pwned)?\.ipynb", result.stdout)  # the file name (rich drops the BEL that ends its sequence)
    assert "assessing proj" in result.stderr  # the log line naming the repository


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "sarif"])
def test_other_formats_hold_no_raw_control_characters(hostile_repo: Path, fmt: str) -> None:
    result = _run("assess", str(hostile_repo), "--no-cache", "--jobs", "1", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert not RAW_CONTROL.findall(result.stdout), (fmt, sorted(set(RAW_CONTROL.findall(result.stdout))))
    if fmt == "json":  # the data keeps what the repository holds, escaped by JSON
        assert any("\x1b]0;pwned" in f["evidence"][0]["detail"] for r in json.loads(result.stdout)["repos"] for f in r["findings"]
                   if f["check_id"] == "NBK004")
