"""An editor's local-history snapshots (.history/, VS Code) are copies, not the project's code or tests."""

from __future__ import annotations

from pathlib import Path

from checks import find_check
from readiness.facts import build_facts
from readiness.pipeline.engine import run_check
from tests.factories import make_repo

TEST = "from churn.clean import drop_empty\n\n\ndef test_drop_empty():\n    assert drop_empty([1, None]) == [1]\n"


def test_history_snapshots_are_not_counted_as_tests(tmp_path: Path) -> None:
    """Forty timestamped copies of a test file under .history/ leave the count at the one real test, with no vendored note."""
    files = {"churn/__init__.py": "", "churn/clean.py": "def drop_empty(xs):\n    return [x for x in xs if x is not None]\n", "tests/test_clean.py": TEST}
    files |= {f".history/tests/test_clean_202601{day:02d}0403{day:02d}.py": TEST for day in range(1, 41)}
    facts = build_facts(make_repo(tmp_path / "churn", files), "churn")
    assert (".history/", 40) in facts.skipped
    assert not any(f.path.startswith(".history/") for f in facts.files)
    verdict = run_check(find_check("TST001"), facts, "churn")  # type: ignore[arg-type]
    assert dict(verdict.values)["tests"] == "1"
    assert not any(".history" in (e.path or "") for e in verdict.evidence)
