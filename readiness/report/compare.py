"""What improved and what regressed since an earlier JSON report: load it, validate it, compare (pure)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from readiness.errors import InputError
from readiness.models import (
    Comparison,
    Finding,
    FindingChange,
    Report,
    ScoreChange,
    Status,
)
from readiness.report.schema import SCHEMA_FILE
from readiness.serialize import to_data

# An outcome's rank when the points do not say more; a move to or from an unscored outcome (1) is no change.
_STATUS_RANK = {Status.FAIL.value: 0, Status.ERROR.value: 1, Status.UNKNOWN.value: 1, Status.NOT_APPLICABLE.value: 1, Status.PASS.value: 2}


def _defaults() -> dict[str, Any]:
    """Top-level report fields added after 1.0 with a default: filled in so earlier reports still load."""
    out = {}
    for f in dataclasses.fields(Report):
        if f.default is not dataclasses.MISSING:
            out[f.name] = to_data(f.default)
        elif f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            out[f.name] = to_data(f.default_factory())  # type: ignore[misc]
    return out


def load_previous(path: Path) -> dict[str, Any]:
    """Read and validate an earlier JSON report; any problem is one InputError line (exit 2)."""
    import jsonschema

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the previous report ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a JSON report ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a readiness JSON report (expected an object)")
    data = {**_defaults(), **data}
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise InputError(f"{path}: not a readiness {data.get('schema_version', '?')} JSON report ({where}: {error.message[:200]})")
    return data


def _change(key: str, label: str, before: float | None, after: float | None) -> ScoreChange:
    """A score change, with the difference when both sides are scored."""
    delta = round(after - before, 2) if before is not None and after is not None else None
    return ScoreChange(key, label, before, after, delta)


def _finding_key(repo: str, check_id: str) -> tuple[str, str]:
    """The identity of a finding across reports."""
    return (repo, check_id)


def _previous_findings(previous: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Every finding of the earlier report, by (repo, check id)."""
    out = {}
    for repo in previous.get("repos", ()):
        for f in repo.get("findings", ()):
            out[_finding_key(repo["name"], f["check_id"])] = f
    for f in previous.get("portfolio_findings", ()):
        out[_finding_key(f["repo"], f["check_id"])] = f
    return out


def _direction(before: Mapping[str, Any], after: Finding) -> int:
    """+1 improved, -1 regressed, 0 neither: points first, then pass/fail transitions."""
    old_points, new_points = before.get("points"), after.points
    if old_points is not None and new_points is not None and old_points != new_points:
        return 1 if new_points > old_points else -1
    old_rank, new_rank = _STATUS_RANK.get(str(before.get("status")), 1), _STATUS_RANK[after.status.value]
    if old_rank == new_rank or 1 in (old_rank, new_rank):
        return 0  # e.g. pass -> unknown: not observed now, so neither better nor worse
    return 1 if new_rank > old_rank else -1


def _finding_changes(previous: Mapping[str, Any], current: Report) -> tuple[list[FindingChange], list[FindingChange]]:
    """Findings present in both reports whose outcome got better or worse."""
    before = _previous_findings(previous)
    improved: list[FindingChange] = []
    regressed: list[FindingChange] = []
    findings = [f for r in current.repos for f in r.findings] + list(current.portfolio_findings)
    for finding in findings:
        old = before.get(_finding_key(finding.repo, finding.check_id))
        if old is None:
            continue
        direction = _direction(old, finding)
        if direction == 0:
            continue
        change = FindingChange(
            finding.check_id, finding.slug, finding.title, finding.repo,
            str(old.get("status")), finding.status.value, old.get("points"), finding.points,
        )
        (improved if direction > 0 else regressed).append(change)
    return improved, regressed


def compare(previous: Mapping[str, Any], current: Report) -> Comparison:
    """The changes from PREVIOUS (a validated JSON report) to CURRENT; repositories in only one are listed apart."""
    old_dims = {d["dimension"]: d.get("score") for d in previous.get("portfolio", ())}
    old_roles = {r["role"]: r.get("score") for r in previous.get("roles", ())}
    old_repos = [r["name"] for r in previous.get("repos", ())]
    new_repos = [r.name for r in current.repos]
    improved, regressed = _finding_changes(previous, current)
    return Comparison(
        previous_generated_at=str(previous.get("generated_at", "")),
        previous_subject=str(previous.get("subject", "")),
        overall=_change("overall", "overall", previous.get("overall"), current.overall),
        dimensions=tuple(
            _change(d.dimension.value, d.dimension.label, old_dims.get(d.dimension.value), d.score) for d in current.portfolio
        ),
        roles=tuple(_change(r.role, r.label, old_roles.get(r.role), r.score) for r in current.roles),
        improved=tuple(improved),
        regressed=tuple(regressed),
        repos_added=tuple(n for n in new_repos if n not in old_repos),
        repos_removed=tuple(n for n in old_repos if n not in new_repos),
    )
