"""Progress on long runs: a rich bar on a terminal (count, current repository, elapsed, ETA), log lines otherwise, nothing when quiet."""

from __future__ import annotations

import io
import logging

from rich.console import Console

from readiness.cli.progress import TerminalProgress, log_progress, progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_means_no_progress() -> None:
    assert progress(1, _Tty()) is None


def test_a_terminal_gets_a_bar_and_a_pipe_gets_log_lines(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert isinstance(progress(0, _Tty()), TerminalProgress)
    assert progress(0, io.StringIO()) is log_progress


def test_the_bar_shows_count_current_repository_elapsed_and_eta() -> None:
    out = io.StringIO()
    bar = TerminalProgress(Console(file=out, force_terminal=True, width=120, color_system=None))
    bar("cloning", "churn-model", 1, 3)
    bar.bar.refresh()
    shown = out.getvalue()
    assert "cloning" in shown and "1/3" in shown and "churn-model" in shown and "0:00:00" in shown and "ETA" in shown
    bar("cloning", "geokit", 3, 3)
    assert bar.bar is None  # finished bars are cleared
    bar("assessing", "only-one", 1, 1)
    assert bar.bar is None  # a single repository needs no bar


def test_log_lines_count_repositories(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="readiness"):
        log_progress("assessing", "churn-model", 2, 18)
    assert "assessing churn-model (2/18)" in caplog.text


def test_a_multi_repository_run_reports_each_repository_once(tmp_path) -> None:
    from readiness.pipeline.assess import assess
    from readiness.pipeline.config import Config
    from readiness.sources.local import local_source
    from tests.factories import make_repo

    sources = [local_source(str(make_repo(tmp_path / n, {"README.md": f"# {n}\n", "main.py": "print(1)\n"}))) for n in ("a", "b", "c")]
    seen = []
    assess(sources, Config(), "three", progress=lambda *args: seen.append(args))
    assert sorted(seen) == [("assessing", "a", 1, 3), ("assessing", "b", 2, 3), ("assessing", "c", 3, 3)]
