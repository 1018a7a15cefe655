"""SARIF 2.1.0 for GitHub code scanning: one rule per check, one result per failing finding.

Only failing findings become results: GitHub code scanning shows every result as an alert, whatever its
`kind` (microsoft/PSRule#955), so passes would appear as problems. Errors of checks and problems go to the
invocation's notifications. Locations: one run for the whole portfolio; each path is relative to its own
repository, with `uriBaseId` naming that repository (declared in `originalUriBaseIds`), so paths stay stable
across runs. A finding without a file is anchored on its repository's README.md, line 1; portfolio-wide
findings on the README.md of the checked-out (portfolio) repository, without a base id.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from readiness.models import CheckInfo, Finding, Report, Status
from readiness.report.layered_json import dumps

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TEXT_LIMIT = 1024
"""GitHub's limit on a rule's shortDescription and fullDescription (docs: SARIF support for code scanning)."""


def _cut(text: str, limit: int = TEXT_LIMIT) -> str:
    """TEXT within LIMIT characters, never empty (GitHub refuses empty strings)."""
    text = text.strip() or "—"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rule(check: CheckInfo) -> dict[str, Any]:
    """The reporting descriptor of one check, with its documentation and remediation."""
    help_text = f"{check.summary}\n\nRemediation ({check.effort.value} effort): {check.remediation}\n\nMore: readiness explain {check.id}"
    return {
        "id": check.id,
        "name": check.slug,
        "shortDescription": {"text": _cut(check.title)},
        "fullDescription": {"text": _cut(check.summary)},
        "help": {
            "text": help_text,
            "markdown": f"**{check.title}**\n\n{check.summary}\n\n**Remediation** ({check.effort.value} effort): {check.remediation}\n\n`readiness explain {check.id}`",
        },
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["readiness", check.dimension.value], "precision": "medium", "weight": check.weight},
    }


def _base_id(repo: str) -> str:
    """The uriBaseId naming a repository."""
    return f"REPO_{repo}"


def _location(finding: Finding) -> dict[str, Any]:
    """The first evidence path of FINDING, or its repository's README.md, as a physical location."""
    ev = next((ev for ev in finding.evidence if ev.path), None)
    artifact: dict[str, Any] = {"uri": ev.path if ev else "README.md"}
    if finding.repo != "portfolio":
        artifact["uriBaseId"] = _base_id(finding.repo)
    region = {"startLine": ev.line if ev and ev.line else 1}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _message(finding: Finding) -> str:
    """The result message: repository, outcome, evidence and fix."""
    lines = [f"[{finding.repo}] {finding.title}: {finding.message}"]
    for ev in finding.evidence[:10]:
        spot = ev.where
        lines.append(f"- {spot + ': ' if spot else ''}{ev.detail}")
    if finding.searched:
        lines.append("searched: " + "; ".join(finding.searched))
    if finding.remediation:
        lines.append(f"Fix: {finding.remediation}")
    return "\n".join(lines)


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    """One failing finding as a SARIF result."""
    location = _location(finding)
    fingerprint = hashlib.sha256(f"{finding.repo}\0{finding.check_id}\0{location['physicalLocation']['artifactLocation']['uri']}".encode()).hexdigest()
    result: dict[str, Any] = {
        "ruleId": finding.check_id,
        "level": "warning",
        "kind": "fail",
        "message": {"text": _message(finding)},
        "locations": [location],
        "partialFingerprints": {"readinessFinding/v1": fingerprint},
        "properties": {"repository": finding.repo, "dimension": finding.dimension.value, "effort": finding.effort.value},
    }
    if finding.check_id in rule_index:
        result["ruleIndex"] = rule_index[finding.check_id]
    return result


def _base_uri(source: str) -> str | None:
    """A repository's origin as an absolute URI ending in '/', or None when it is not one."""
    if source.startswith("https://"):
        return source.rstrip("/") + "/"
    if source.startswith("/"):
        return Path(source).as_uri().rstrip("/") + "/"
    return None


def _notifications(report: Report) -> list[dict[str, Any]]:
    """Errors of checks and problems met while collecting, as tool notifications."""
    out = []
    for finding in [f for r in report.repos for f in r.findings] + list(report.portfolio_findings):
        if finding.status is Status.ERROR:
            out.append({"level": "error", "message": {"text": f"[{finding.repo}] {finding.check_id}: {finding.message}"},
                        "associatedRule": {"id": finding.check_id}})
    for repo in report.repos:
        out += [{"level": "warning", "message": {"text": f"[{repo.name}] {p.path + ': ' if p.path else ''}{p.message}"}} for p in repo.problems]
    out += [{"level": "warning", "message": {"text": f"{p.path + ': ' if p.path else ''}{p.message}"}} for p in report.problems]
    return out


def to_sarif(report: Report) -> dict[str, Any]:
    """The report as a SARIF log (a dict)."""
    rules = [_rule(c) for c in report.checks]
    rule_index = {c.id: i for i, c in enumerate(report.checks)}
    findings = [f for r in report.repos for f in r.findings] + list(report.portfolio_findings)
    bases = {}
    for repo in report.repos:
        uri = _base_uri(repo.source)
        bases[_base_id(repo.name)] = {"uri": uri, "description": {"text": repo.name}} if uri else {"description": {"text": f"{repo.name} ({repo.source})"}}
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "readiness", "version": report.tool_version, "semanticVersion": report.tool_version, "rules": rules}},
        "automationDetails": {"id": "readiness/"},
        "originalUriBaseIds": bases,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": _notifications(report)}],
        "results": [_result(f, rule_index) for f in findings if f.status is Status.FAIL],
        "properties": {"subject": report.subject, "overall": report.overall, "generatedAt": report.generated_at, "partial": report.partial},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    """The report as SARIF 2.1.0 JSON."""
    return dumps(to_sarif(report), 4) + "\n"  # sarif > runs > run > results: one result per line
