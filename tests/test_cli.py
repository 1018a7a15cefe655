"""The command line: formats, exit codes, configuration, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from readiness.cli.main import cli, main
from tests.factories import make_repo


def run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed entry point for real, as a user would."""
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_sample_text_report_is_readable() -> None:
    result = run(["assess", "--sample"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert len(out.splitlines()) <= 60  # one screen: the verdict first, details on request
    assert out.splitlines()[1].startswith("Overall: ") and "Target role — ML engineer: 59.9/100 (emerging)" in out
    assert "Top gaps:" in out and "churn-model" in out and "titanic-notebooks" in out
    assert "DOC012 no-secrets-committed" in out and "Degree or portfolio? portfolio-first" in out
    assert "Traceback" not in result.stderr
    details = run(["assess", "--sample", "--details"]).stdout
    assert details.splitlines()[1:12] == out.splitlines()[1:12] and "Portfolio by dimension" in details
    assert "titanic_eda.ipynb [cell 2]: ran as [1]" in details and len(details.splitlines()) > 1000
    assert run(["assess", "--sample", "-v"]).stdout.count("Portfolio by dimension") == 1


def test_sample_json_report() -> None:
    result = run(["assess", "--sample", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.0"
    assert len(data["repos"]) >= 7
    assert {f["status"] for r in data["repos"] for f in r["findings"]} <= {"pass", "fail", "not-applicable", "unknown", "error"}


def test_fail_under_exit_codes(tmp_path: Path) -> None:
    assert run(["assess", "--sample", "--fail-under", "0", "-q"]).returncode == 0
    below = run(["assess", "--sample", "--fail-under", "100", "-o", str(tmp_path / "r.txt")])
    assert below.returncode == 1
    assert "below --fail-under" in below.stderr
    assert (tmp_path / "r.txt").read_text().startswith("readiness")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["assess", "/no/such/path"], "no such file or directory"),
        (["assess", "--format", "pdf", "--sample"], "Invalid value for '--format'"),
        (["assess", "--sample", "--fail-under", "200"], "--fail-under"),
        (["explain", "NOPE123"], "no such check"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], needle: str) -> None:
    result = run(args)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = run(["assess", str(tmp_path / "plain")])
    assert result.returncode == 2
    assert "not a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_subdirectory_of_a_repository_is_refused(tmp_path: Path) -> None:
    make_repo(tmp_path / "r", {"src/a.py": "x = 1\n"})
    result = run(["assess", str(tmp_path / "r" / "src")])
    assert result.returncode == 2 and "pass the repository's root" in result.stderr


def test_local_repository_is_assessed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "my project é", {"README.md": "# hi\n", "main.py": "import requests\n"})
    result = run(["assess", str(repo), "--format", "json"])
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["repos"][0]["name"] == "my project é"
    failing = {f["check_id"] for f in data["repos"][0]["findings"] if f["status"] == "fail"}
    assert "DOC006" in failing  # requests imported, nothing declared


def test_checks_and_explain() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["checks"])
    assert listing.exit_code == 0 and "DOC001" in listing.output and "readme-substantive" in listing.output
    rows = json.loads(runner.invoke(cli, ["checks", "--format", "json"]).output)
    assert {"id", "slug", "dimension", "title"} <= set(rows[0])
    explained = runner.invoke(cli, ["explain", "no-secrets-committed"])
    assert explained.exit_code == 0 and "DOC012" in explained.output and "Remediation:" in explained.output


def test_version() -> None:
    result = run(["--version"])
    assert result.returncode == 0 and "readiness, version 0.1.0" in result.stdout


def test_config_skip_is_shown_not_hidden(tmp_path: Path) -> None:
    (tmp_path / ".readiness.toml").write_text('[skip]\nlicense-present = "coursework; the university owns the licence"\n')
    result = run(["assess", "--sample", "--format", "json"], cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["skipped_checks"] == [{"check_id": "DOC005", "slug": "license-present", "reason": "coursework; the university owns the licence"}]
    assert all(f["check_id"] != "DOC005" for r in data["repos"] for f in r["findings"])
    text = run(["assess", "--sample"], cwd=tmp_path).stdout
    assert "coursework; the university owns the licence" in text


def test_config_exclude_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.readiness]\nexclude = ["ml-project-*"]\n')
    data = json.loads(run(["assess", "--sample", "--format", "json"], cwd=tmp_path).stdout)
    assert "ml-project-template" not in {r["name"] for r in data["repos"]}
    assert data["excluded_repos"] == ["ml-project-template"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('[skip]\nDOC005 = ""\n', "needs a reason"),
        ('[skip]\nNOPE001 = "x"\n', "not a check"),
        ('colour = "blue"\n', "unknown setting"),
        ("[skip\n", "invalid TOML"),
    ],
)
def test_bad_config_exits_2(tmp_path: Path, content: str, needle: str) -> None:
    (tmp_path / ".readiness.toml").write_text(content)
    result = run(["assess", "--sample"], cwd=tmp_path)
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr


def test_internal_errors_do_not_look_like_threshold_failures(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """An unexpected exception exits 4 with one line, never 1."""
    import readiness.pipeline.assess

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(readiness.pipeline.assess, "assess", boom)
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", "--sample", "--no-cache"])  # a kept report would answer without assessing
    assert exit_info.value.code == 4
    assert "internal error: RuntimeError: kaboom" in capsys.readouterr().err


def test_the_command_ends_without_collecting_what_it_made(monkeypatch) -> None:
    """The console script and `python -m readiness` run `main` and then freeze the collector, so the interpreter's
    collections at exit do not walk every object of the run (the process is ending); `main` itself, called in
    process (as here), leaves the collector alone."""
    import gc
    import tomllib

    import readiness.__main__  # noqa: F401 - `python -m readiness` runs the same function
    from readiness.cli import main as main_module

    frozen: list[int] = []
    thresholds: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    monkeypatch.setattr(gc, "set_threshold", lambda *values: thresholds.append(values))
    monkeypatch.setattr(sys, "argv", ["readiness", "--version"])
    with pytest.raises(SystemExit) as exited:
        main_module.main()
    assert exited.value.code == 0 and frozen == [] and thresholds == []
    with pytest.raises(SystemExit) as exited:
        main_module.run()
    assert exited.value.code == 0 and frozen == [1] and thresholds == [(50_000, 10, 10)]
    scripts = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["readiness"] == "readiness.cli.main:run" and readiness.__main__.run is main_module.run
