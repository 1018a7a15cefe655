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


def test_a_coding_assistants_skills_are_not_the_project(tmp_path) -> None:
    """Helper scripts under .claude/ (or .cursor/) belong to a coding assistant, not to the candidate's project."""
    root = make_repo(tmp_path / "repo", {
        "train.py": "import pandas as pd\n",
        ".claude/skills/browser/scripts/page_analyzer.py": "from playwright.sync_api import sync_playwright\n",
        ".cursor/rules/helper.py": "print(1)\n",
    })
    facts = build_facts(root)
    assert [m.path for m in facts.modules] == ["train.py"]
    assert (".claude/", 1) in facts.skipped and (".cursor/", 1) in facts.skipped
