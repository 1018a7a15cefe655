"""Notebook cells as people count them: from 1 in text, Markdown, HTML and SARIF; from 0 in the JSON's `cell` field."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from readiness.models import Evidence, cell_label
from readiness.pipeline.assess import assess
from readiness.pipeline.config import Config
from readiness.report.formats import render
from readiness.report.schema import build_schema
from readiness.sources.local import local_source
from tests.factories import make_repo, notebook

# Jupyter shows these as the 1st, 2nd and 3rd cell; the third ran first (execution count 1).
CELLS = [
    {"cell_type": "markdown", "source": "# Exploring the data"},
    {"cell_type": "code", "source": "a = 1", "execution_count": 2},
    {"cell_type": "code", "source": "b = a + 1", "execution_count": 1},
]
SHOWN = "eda.ipynb [cell 3]: ran as [1] but sits below cell 2 [2]: out of order"


def test_labels_count_from_one() -> None:
    assert cell_label(0) == "cell 1" and cell_label(55) == "cell 56"
    assert Evidence("x", "a.ipynb", cell=0).where == "a.ipynb [cell 1]"
    assert Evidence("x", "a.py", 7).where == "a.py:7" and Evidence("x").where == ""


def test_every_format_shows_the_cell_jupyter_shows(tmp_path: Path) -> None:
    """One out-of-order notebook through the whole pipeline: each format points at the same cell."""
    repo = make_repo(tmp_path / "nbrepo", {"eda.ipynb": notebook(CELLS), "README.md": "# nbrepo\n"})
    report = assess([local_source(str(repo))], Config(), "local")
    data = json.loads(render(report, "json"))
    finding = next(f for f in data["repos"][0]["findings"] if f["check_id"] == "NBK002")
    assert finding["status"] == "fail"
    out_of_order = [(e["path"], e["cell"]) for e in finding["evidence"] if "out of order" in e["detail"]]
    assert out_of_order == [("eda.ipynb", 2)]  # 0-based: the third cell
    text = render(report, "text", details=True)
    assert SHOWN in text and "eda.ipynb [cell 2]: first execution count is [2]" in text
    assert SHOWN.replace("[", "\\[").replace("]", "\\]") in render(report, "markdown")
    assert SHOWN in html.unescape(re.sub(r"<[^>]+>", "", render(report, "html")))
    sarif = json.loads(render(report, "sarif"))
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "NBK002"]
    assert len(messages) == 1 and f"- {SHOWN}" in messages[0].splitlines()


def test_the_json_field_says_it_counts_from_zero() -> None:
    cell = build_schema()["$defs"]["Evidence"]["properties"]["cell"]
    assert "counted from 0" in cell["description"] and "counted from 1" in cell["description"]
