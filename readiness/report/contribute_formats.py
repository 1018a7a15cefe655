"""The contribution finder's renderers (text, json, markdown, html), its file names, and its GitHub Actions mode:
the reports, the top five in the step summary, the `issues` output and a notice per issue."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, TextIO

from readiness.errors import InputError
from readiness.models import Report
from readiness.report import json_format
from readiness.report.actions import annotation, append_file, default_dir, output_block
from readiness.report.common import EXTENSIONS
from readiness.report.contribute_html import render_contribute_html
from readiness.report.contribute_markdown import TOP, top_five, render_contribute_markdown
from readiness.report.contribute_text import contributions_of, issue_title, render_contribute

CONTRIBUTE_RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_contribute,
    "json": json_format.render,
    "markdown": render_contribute_markdown,
    "html": render_contribute_html,
}
"""JSON is the whole report with its `contributions` field (in the report schema). No SARIF: an issue elsewhere
has no place in the candidate's code to point to."""
ALWAYS = ("markdown", "json")


def file_name(fmt: str) -> str:
    """The file a format is written to under --output-dir."""
    return f"readiness-contribute.{EXTENSIONS[fmt]}"


def rendered_contribute(report: Report, formats: tuple[str, ...], output: Path | None, output_dir: Path | None) -> list[tuple[Path | None, str]]:
    """(destination, text) per format: OUTPUT (None: stdout) for one format, DIR/readiness-contribute.EXT each under OUTPUT_DIR."""
    if output_dir is None:
        return [(output, CONTRIBUTE_RENDERERS[formats[0]](report))]
    return [(output_dir / file_name(fmt), CONTRIBUTE_RENDERERS[fmt](report)) for fmt in formats]


def top_issues(report: Report) -> list[dict[str, object]]:
    """The five best open issues as plain data for the `issues` output."""
    return [{"rank": i.rank, "repo": i.repo, "number": i.number, "title": i.title, "url": i.url, "score": i.score}
            for i in contributions_of(report).open_issues[:TOP]]


def run_actions(report: Report, formats: tuple[str, ...], output_dir: Path | None, env: Mapping[str, str], stream: TextIO) -> dict[str, str]:
    """Actions mode: write the reports, append the top five to the step summary, set the outputs, print notices."""
    directory = output_dir or default_dir(env)
    paths: dict[str, Path] = {}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for fmt in dict.fromkeys(formats + ALWAYS):
            if fmt in CONTRIBUTE_RENDERERS:
                paths[fmt] = directory / file_name(fmt)
                paths[fmt].write_text(CONTRIBUTE_RENDERERS[fmt](report), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{directory}: cannot write the reports ({exc.strerror})") from exc
    append_file(env.get("GITHUB_STEP_SUMMARY"), top_five(report), "GITHUB_STEP_SUMMARY")
    values = {"issues": json.dumps(top_issues(report), ensure_ascii=False), **{f"contribute-{fmt}-path": str(p.resolve()) for fmt, p in paths.items()}}
    append_file(env.get("GITHUB_OUTPUT"), "".join(output_block(k, v) for k, v in values.items()), "GITHUB_OUTPUT")
    for issue in contributions_of(report).open_issues[:TOP]:
        stream.write(annotation("notice", f"{issue.url} — {issue.reasons[0]}", f"contribute #{issue.rank}: {issue_title(issue)[:120]}") + "\n")
    stream.flush()
    return values
