"""GitHub Actions mode: report files, the step summary, step outputs, a shields.io badge JSON and annotations.

Conventions (GitHub docs, "Workflow commands for GitHub Actions"): outputs are appended to the file named by
GITHUB_OUTPUT (multi-line values between a random delimiter), Markdown to GITHUB_STEP_SUMMARY (at most 1 MiB
per step), and annotations are `::warning title=...::message` lines on stdout, at most 10 warnings per step
shown. Report text from repositories is untrusted, so it never reaches stdout unescaped: the log copy of the
text report sits between `::stop-commands::TOKEN` and `::TOKEN::`.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from readiness.errors import InputError
from readiness.models import Report
from readiness.report.common import report_name
from readiness.report.formats import render
from readiness.sanitize import sanitize

ANNOTATION_LIMIT = 10
"""GitHub shows at most 10 warning annotations per step (actions/toolkit PR #734)."""
TOP_GAPS = 5
ALWAYS = ("markdown", "json")
"""Formats always written in Actions mode: the summary and the machine-readable report."""


def escape_data(text: str) -> str:
    """Escape a workflow-command message (actions/toolkit command.ts)."""
    return sanitize(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (adds ':' and ',')."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, title: str | None = None) -> str:
    """One workflow-command annotation line."""
    props = f" title={escape_property(title)}" if title else ""
    return f"::{level}{props}::{escape_data(message)}"


def output_block(name: str, value: str) -> str:
    """NAME=VALUE for GITHUB_OUTPUT, or a heredoc with a random delimiter when VALUE has line breaks."""
    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
    while delimiter in value:
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def _score(value: float | None) -> str:
    """A score as an output value ('' when not scored)."""
    return "" if value is None else f"{value:.1f}"


def _target(report: Report):
    """The target role's score record, if any."""
    return next((r for r in report.roles if r.target), None)


def badge(report: Report) -> dict[str, Any]:
    """A shields.io endpoint badge: the target role's score when there is one, else the overall score."""
    target = _target(report)
    score = target.score if target is not None else report.overall
    label = f"{target.label} readiness" if target is not None else "ML readiness"
    if score is None:
        return {"schemaVersion": 1, "label": label, "message": "not scored", "color": "lightgrey"}
    color = "brightgreen" if score >= 80 else "green" if score >= 65 else "yellow" if score >= 50 else "orange" if score >= 35 else "red"
    return {"schemaVersion": 1, "label": label, "message": f"{score:.0f}/100", "color": color}


def top_gaps(report: Report, limit: int = TOP_GAPS) -> list[dict[str, Any]]:
    """The first ranked gaps as plain data for the `top-gaps` output."""
    return [
        {"rank": g.rank, "check_id": g.check_id, "slug": g.slug, "title": g.title, "repos": list(g.repos),
         "gain": g.gain, "effort": g.effort.value}
        for g in report.gaps[:limit]
    ]


def gate_score(report: Report) -> float:
    """What --fail-under is compared with: the target role's readiness, 0 when there is none (as the CLI's exit code)."""
    target = _target(report)
    return target.score if target is not None and target.score is not None else 0.0


def gate(report: Report, fail_under: float | None) -> str:
    """'pass', 'fail' or 'off' for the --fail-under threshold (the CLI's exit code says the same)."""
    if fail_under is None:
        return "off"
    return "pass" if gate_score(report) >= fail_under else "fail"


def outputs(report: Report, paths: Mapping[str, Path], badge_path: Path, fail_under: float | None) -> dict[str, str]:
    """Every step output, as strings."""
    target = _target(report)
    out = {
        "score": _score(report.overall),
        "role": target.role if target is not None else (report.target_role or ""),
        "role-score": _score(target.score) if target is not None else "",
        "top-gaps": json.dumps(top_gaps(report), ensure_ascii=False),
        "gate": gate(report, fail_under),
        "report-dir": str(badge_path.parent),
        "badge-path": str(badge_path),
    }
    for fmt, path in paths.items():
        out[f"{fmt}-path"] = str(path)
    return out


def annotation_lines(report: Report, fail_under: float | None) -> list[str]:
    """A notice with the score, a warning per top gap (at most ANNOTATION_LIMIT), an error when the gate fails."""
    lines = [annotation("notice", f"overall {_score(report.overall) or 'not scored'}/100 over {len(report.repos)} repositories", "readiness")]
    for g in report.gaps[:ANNOTATION_LIMIT]:
        where = ", ".join(g.repos) or "portfolio"
        lines.append(annotation("warning", f"{where}: {g.advice} (+{g.gain:.1f} points, {g.effort.value} effort)", f"{g.check_id} {g.title}"))
    if gate(report, fail_under) == "fail":
        target = _target(report)
        label = target.label if target is not None else "target role"
        lines.append(annotation("error", f"{label} readiness {gate_score(report):.1f} is below fail-under {fail_under:g}", "readiness gate"))
    return lines


def append_file(path_text: str | None, text: str, what: str) -> None:
    """Append TEXT to the file named by an Actions variable (skipped when the variable is unset)."""
    if not path_text:
        return
    try:
        with open(path_text, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"{what} {path_text}: cannot write ({exc.strerror})") from exc


def default_dir(env: Mapping[str, str]) -> Path:
    """Where reports go in Actions mode without --output-dir: RUNNER_TEMP/readiness, else ./readiness-report."""
    temp = env.get("RUNNER_TEMP")
    return Path(temp) / "readiness" if temp else Path("readiness-report")


def write_reports(report: Report, formats: tuple[str, ...], directory: Path) -> dict[str, Path]:
    """Render each format (plus markdown and json) into DIRECTORY; return the paths by format."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        paths = {}
        for fmt in dict.fromkeys(formats + ALWAYS):
            path = directory / report_name(fmt)
            path.write_text(render(report, fmt), encoding="utf-8")
            paths[fmt] = path.resolve()
        return paths
    except OSError as exc:
        raise InputError(f"{directory}: cannot write the reports ({exc.strerror})") from exc


def run(report: Report, formats: tuple[str, ...], output_dir: Path | None, fail_under: float | None, env: Mapping[str, str], stream: TextIO | None = None) -> dict[str, str]:
    """Actions mode: write the reports and the badge, the summary and the outputs, print the annotations."""
    stream = stream or sys.stdout
    paths = write_reports(report, formats, output_dir or default_dir(env))
    badge_path = paths["json"].parent / "readiness-badge.json"
    try:
        badge_path.write_text(json.dumps(badge(report)) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{badge_path}: cannot write ({exc.strerror})") from exc
    append_file(env.get("GITHUB_STEP_SUMMARY"), paths["markdown"].read_text(encoding="utf-8"), "GITHUB_STEP_SUMMARY")
    values = outputs(report, paths, badge_path, fail_under)
    append_file(env.get("GITHUB_OUTPUT"), "".join(output_block(k, v) for k, v in values.items()), "GITHUB_OUTPUT")
    token = secrets.token_hex(16)
    stream.write(f"::stop-commands::{token}\n{render(report, 'text', details=True)}::{token}::\n")
    for line in annotation_lines(report, fail_under):
        stream.write(line + "\n")
    stream.flush()
    return values
