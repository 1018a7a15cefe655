"""Generated copies of the candidate's files are left out of the facts, and counted."""

from __future__ import annotations

from readiness.facts import build_facts
from tests.factories import make_repo


def test_editor_history_copies_are_not_the_project(tmp_path) -> None:
    """The VS Code Local History extension keeps a timestamped copy of every save under .history/."""
    test = "def test_add():\n    assert 1 + 1 == 2\n"
    root = make_repo(tmp_path / "repo", {
        "tests/test_add.py": test,
        ".history/tests/test_add_20260110183105.py": test,
        ".history/tests/test_add_20260111090000.py": test,
    })
    facts = build_facts(root)
    assert [m.path for m in facts.modules] == ["tests/test_add.py"]
    assert (".history/", 2) in facts.skipped
