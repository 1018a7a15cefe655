"""--compare: loading an earlier report, the pure comparison, and the CLI's handling of bad files."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.errors import InputError
from readiness.models import Report, Status
from readiness.report.compare import compare, load_previous
from readiness.report.formats import render


def _flip(data: dict, repo: str, status_from: str, status_to: str, points: float) -> str:
    """Change the first finding of REPO with STATUS_FROM to STATUS_TO; return its check id."""
    for r in data["repos"]:
        if r["name"] == repo:
            for f in r["findings"]:
                if f["status"] == status_from:
                    f["status"], f["points"] = status_to, points
                    return f["check_id"]
    raise AssertionError(f"no {status_from} finding in {repo}")


def previous_of(report: Report) -> tuple[dict, str, str]:
    """An earlier version of REPORT: one failing check passed then, one passing check failed then; a repo renamed."""
    data = json.loads(render(report, "json"))
    improved = _flip(data, "titanic-notebooks", "fail", "pass", 10.0)  # now fails: regressed
    regressed = _flip(data, "churn-model", "pass", "fail", 0.0)  # now passes: improved
    data["overall"] = (report.overall or 0) - 5
    data["repos"][-1]["name"] = "old-project"
    data["generated_at"] = "2026-01-01T00:00:00Z"
    return data, regressed, improved


def compared(report: Report) -> Report:
    """REPORT with a comparison against a made-up earlier version of itself."""
    data, _, _ = previous_of(report)
    return dataclasses.replace(report, comparison=compare(data, report))


def test_compare_lists_improvements_and_regressions(sample_report) -> None:
    data, now_passing, now_failing = previous_of(sample_report)
    c = compare(data, sample_report)
    assert [(ch.repo, ch.check_id, ch.before, ch.after) for ch in c.improved] == [("churn-model", now_passing, "fail", "pass")]
    assert [(ch.repo, ch.check_id, ch.before, ch.after) for ch in c.regressed] == [("titanic-notebooks", now_failing, "pass", "fail")]
    assert c.overall.delta == pytest.approx(5.0)
    last = sample_report.repos[-1].name
    assert c.repos_added == (last,) and c.repos_removed == ("old-project",)
    assert c.previous_generated_at == "2026-01-01T00:00:00Z"
    assert {d.key for d in c.dimensions} == {d.dimension.value for d in sample_report.portfolio}


def test_no_change_compares_clean(sample_report) -> None:
    c = compare(json.loads(render(sample_report, "json")), sample_report)
    assert c.improved == () and c.regressed == () and c.overall.delta == 0 and c.repos_added == c.repos_removed == ()


def test_unscored_outcomes_are_neither_better_nor_worse(sample_report) -> None:
    data = json.loads(render(sample_report, "json"))
    _flip(data, "churn-model", "pass", Status.UNKNOWN.value, None)  # type: ignore[arg-type]
    assert compare(data, sample_report).improved == ()


def test_load_previous_accepts_a_report_and_fills_later_fields(tmp_path: Path, sample_report) -> None:
    data = json.loads(render(sample_report, "json"))
    del data["comparison"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    assert load_previous(path)["comparison"] is None


@pytest.mark.parametrize(
    ("content", "needle"),
    [("{not json", "not a JSON report"), ("[1, 2]", "expected an object"), ('{"schema_version": "1.0"}', "not a readiness 1.0 JSON report")],
)
def test_bad_previous_reports(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=needle):
        load_previous(path)


def test_cli_compare_and_bad_file(tmp_path: Path, sample_report) -> None:
    data, _, _ = previous_of(sample_report)
    good = tmp_path / "previous.json"
    good.write_text(json.dumps(data))
    ok = subprocess.run([sys.executable, "-m", "readiness", "assess", "--sample", "--compare", str(good), "--format", "json"], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["comparison"]["repos_removed"] == ["old-project"]
    text = subprocess.run([sys.executable, "-m", "readiness", "assess", "--sample", "--compare", str(good)], capture_output=True, text=True, timeout=300)
    assert "Since the previous report (2026-01-01T00:00:00Z)" in text.stdout and "regressed (1)" in text.stdout
    broken = copy.deepcopy(data)
    broken["repos"][0]["findings"][0]["status"] = "maybe"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    result = subprocess.run([sys.executable, "-m", "readiness", "assess", "--sample", "--compare", str(bad)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.json: not a readiness 1.0 JSON report" in result.stderr and "Traceback" not in result.stderr
    missing = subprocess.run([sys.executable, "-m", "readiness", "assess", "--sample", "--compare", str(tmp_path / "nope.json")], capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "cannot read the previous report" in missing.stderr
