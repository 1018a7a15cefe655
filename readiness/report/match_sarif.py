"""The posting match as SARIF 2.1.0: one rule per requirement, one result per requirement not (fully) met, located
at the posting's line (of its text after HTML was reduced)."""

from __future__ import annotations

from typing import Any

from readiness.matching import RequirementMatch
from readiness.models import Report
from readiness.report.layered_json import dumps
from readiness.report.sarif import SARIF_SCHEMA

LEVEL = {("must", "missing"): "error", ("must", "partly-met"): "warning", ("nice", "missing"): "note", ("nice", "partly-met"): "note"}


def _rule(m: RequirementMatch) -> dict[str, Any]:
    """A requirement as a SARIF rule."""
    req = m.requirement
    return {"id": f"posting/{req.id}", "name": req.label, "shortDescription": {"text": f"{req.label} ({req.importance})"},
            "properties": {"importance": req.importance, "kind": req.kind, "alternatives": list(req.alternatives)}}


def _result(m: RequirementMatch, index: int, posting: str, gaps: dict[str, Any]) -> dict[str, Any]:
    """A requirement not (fully) met as a SARIF result at its posting line."""
    req = m.requirement
    gap = gaps.get(req.id)
    text = f"{req.label} ({req.importance}): {m.verdict} — {m.reason}"
    if gap is not None:
        text += f". Build next: {'extend ' + gap.extend + ': ' if gap.extend else ''}{gap.suggestion} (effort {gap.effort})"
    text += "".join(f"\n- {ev.where}: {ev.detail}" for ev in m.evidence[:5])
    return {
        "ruleId": f"posting/{req.id}", "ruleIndex": index, "level": LEVEL[(req.importance, m.verdict)], "kind": "fail",
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": posting}, "region": {"startLine": max(1, req.line)}}}],
        "properties": {"verdict": m.verdict, "importance": req.importance},
    }


def render_match_sarif(report: Report) -> str:
    """The posting match of REPORT as SARIF JSON."""
    match = report.match
    assert match is not None, "render_match_sarif needs a report with a posting match"
    gaps = {g.requirement: g for g in match.gaps}
    results = [_result(m, i, match.posting, gaps) for i, m in enumerate(match.requirements) if m.verdict in ("missing", "partly-met")]
    run = {
        "tool": {"driver": {"name": "readiness-match", "version": report.tool_version, "rules": [_rule(m) for m in match.requirements]}},
        "automationDetails": {"id": "readiness-match/"},
        "results": results,
        "properties": {"posting": match.posting, "title": match.title, "role": match.role,
                       "mustHaveCoverage": match.must_have.percent, "niceToHaveCoverage": match.nice_to_have.percent},
    }
    return dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, 4) + "\n"
