"""Read the triggers and the commands of a parsed CI configuration (GitHub Actions, GitLab, CircleCI, Azure...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from readiness.facts.model import Workflow

COMMAND_KEYS = frozenset({"run", "script", "before_script", "after_script", "command", "bash", "pwsh", "powershell", "sh", "install"})
FAILURE_ALLOWED = ("continue-on-error", "allow_failure", "continueOnError", "ignore_failure")
GITLAB_RESERVED = frozenset({"stages", "variables", "default", "include", "workflow", "image", "services", "cache", "before_script", "after_script", "pages"})
JENKINS_SH = re.compile(r"""\b(?:sh|bat)\s*\(?\s*(?:script\s*:\s*)?(['"]{1,3})(.+?)\1""", re.S)


@dataclass(frozen=True, slots=True)
class Step:
    """One command (or action use) in a CI job, with why it cannot fail the build, if so."""

    command: str
    job: str
    line: int | None = None
    uses: str | None = None
    with_: tuple[tuple[str, str], ...] = ()
    disabled: str | None = None
    name: str | None = None
    cwd: str = ""
    """The step's working directory relative to the repository root ('' for the root)."""
    env: tuple[tuple[str, str], ...] = ()
    """The environment the step gets from its workflow's, job's and own `env:` (GitHub Actions), later ones winning."""
    shell: str = ""
    """The step's `shell:` (GitHub Actions: `python` runs the command as a Python script), '' for the default."""


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A CI configuration read for what it runs and when."""

    path: str
    system: str
    triggers: tuple[str, ...]
    steps: tuple[Step, ...]
    inert: str | None = None
    """Why nothing in this file runs (commented out, invalid YAML, empty, no triggers), or None."""


def _line_of(text: str, snippet: str) -> int | None:
    """The first line of TEXT holding the first non-blank line of SNIPPET."""
    first = next((ln.strip() for ln in snippet.splitlines() if ln.strip()), "")
    if not first:
        return None
    index = text.find(first[:80])
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _commented_out(text: str) -> bool:
    """Whether every non-blank line is a comment (a workflow switched off by commenting it out)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return bool(lines) and all(ln.startswith("#") for ln in lines)


def _false(value: Any) -> bool:
    """Whether an `if:` condition is the constant false."""
    return value is False or (isinstance(value, str) and value.replace(" ", "").lower() in ("false", "${{false}}", "0"))


def _github_triggers(on: Any) -> tuple[str, ...]:
    """Trigger names of a GitHub Actions `on:` value; a push filtered to tags only is 'push-tags'."""
    if isinstance(on, str):
        return (on,)
    if isinstance(on, list):
        return tuple(str(item) for item in on)
    if isinstance(on, dict):
        out = []
        for name, spec in on.items():
            if name == "push" and isinstance(spec, dict) and ("tags" in spec or "tags-ignore" in spec) and "branches" not in spec and "paths" not in spec:
                out.append("push-tags")
            else:
                out.append(str(name))
        return tuple(out)
    return ()


def _working_directory(*specs: Any) -> str:
    """The first working-directory among a step and its job's and workflow's `defaults.run`, relative to the root."""
    for spec in specs:
        if isinstance(spec, dict):
            value = spec.get("working-directory")
            if value is None and isinstance(spec.get("defaults"), dict) and isinstance(spec["defaults"].get("run"), dict):
                value = spec["defaults"]["run"].get("working-directory")
            if isinstance(value, str) and value.strip():
                return re.sub(r"^(\$\{\{\s*github\.workspace\s*\}\}/?|\./)", "", value.strip()).strip("/")
    return ""


def _env(*specs: Any) -> tuple[tuple[str, str], ...]:
    """The `env:` mappings of a workflow, a job and a step merged, later ones winning (values as text)."""
    merged: dict[str, str] = {}
    for spec in specs:
        if isinstance(spec, dict) and isinstance(spec.get("env"), dict):
            merged.update((str(k), str(v)) for k, v in spec["env"].items())
    return tuple(merged.items())


def _github_steps(data: dict, text: str) -> Iterator[Step]:
    """Steps of every job of a GitHub Actions workflow."""
    jobs = data.get("jobs") if isinstance(data.get("jobs"), dict) else {}
    for job_name, job in jobs.items():
        if not isinstance(job, dict):
            continue
        job_off = "job condition is always false" if _false(job.get("if")) else ("job has continue-on-error" if job.get("continue-on-error") is True else None)
        if isinstance(job.get("uses"), str):
            yield Step(f"uses: {job['uses']}", str(job_name), _line_of(text, job["uses"]), job["uses"], (), job_off)
        for step in job.get("steps") or []:
            if not isinstance(step, dict):
                continue
            off = job_off or ("step condition is always false" if _false(step.get("if")) else None)
            off = off or ("step has continue-on-error" if step.get("continue-on-error") is True else None)
            with_ = tuple((str(k), str(v)) for k, v in step["with"].items()) if isinstance(step.get("with"), dict) else ()
            name = str(step["name"]) if step.get("name") is not None else None
            if isinstance(step.get("run"), str):
                cwd = _working_directory(step, job, data)
                yield Step(step["run"], str(job_name), _line_of(text, step["run"]), None, with_, off, name, cwd, _env(data, job, step), str(step.get("shell") or ""))
            if isinstance(step.get("uses"), str):
                yield Step(f"uses: {step['uses']}", str(job_name), _line_of(text, step["uses"]), step["uses"], with_, off, name)


def _walk(node: Any, job: str, text: str, off: str | None, depth: int = 0) -> Iterator[Step]:
    """Commands under command-like keys anywhere in a CI document (GitLab, CircleCI, Azure, Travis, Bitbucket)."""
    if depth > 12:
        return
    if isinstance(node, dict):
        if any(node.get(key) is True for key in FAILURE_ALLOWED):
            off = off or "failures are allowed"
        for key, value in node.items():
            name = job if depth > 0 else str(key)
            if key in COMMAND_KEYS:
                commands = value if isinstance(value, list) else [value]
                for command in commands:
                    if isinstance(command, str):
                        yield Step(command, name, _line_of(text, command), None, (), off)
                    else:
                        yield from _walk(command, name, text, off, depth + 1)
            else:
                yield from _walk(value, name, text, off, depth + 1)
    elif isinstance(node, list):
        for item in node[:500]:
            yield from _walk(item, job, text, off, depth + 1)


def _other_triggers(system: str, data: Any) -> tuple[str, ...]:
    """Triggers of non-GitHub systems: they run on push unless switched off (Azure `trigger: none`)."""
    if system == "azure-pipelines" and isinstance(data, dict):
        out = []
        if str(data.get("trigger", "")).lower() != "none":
            out.append("push")
        if str(data.get("pr", "")).lower() != "none":
            out.append("pull_request")
        return tuple(out)
    return ("push",)


def read_pipeline(workflow: Workflow) -> Pipeline:
    """Triggers and steps of one CI file, or why it runs nothing."""
    text, data = workflow.text, workflow.data
    if workflow.system == "jenkins":
        steps = tuple(Step(m.group(2), "pipeline", text.count("\n", 0, m.start()) + 1) for m in JENKINS_SH.finditer(text))
        return Pipeline(workflow.path, workflow.system, ("push",), steps, None if steps or not _commented_out(text) else "entirely commented out")
    if workflow.error:
        return Pipeline(workflow.path, workflow.system, (), (), workflow.error)
    if data is None:
        return Pipeline(workflow.path, workflow.system, (), (), "entirely commented out" if _commented_out(text) else "empty")
    if not isinstance(data, dict):
        return Pipeline(workflow.path, workflow.system, (), (), "not a mapping")
    if workflow.system == "github-actions":
        triggers = _github_triggers(data.get("on"))
        steps = tuple(_github_steps(data, text))
        return Pipeline(workflow.path, workflow.system, triggers, steps, None if triggers else "no triggers (`on:` missing)")
    body = {k: v for k, v in data.items() if k not in GITLAB_RESERVED} if workflow.system == "gitlab" else data
    steps = tuple(_walk(body, "", text, None))
    return Pipeline(workflow.path, workflow.system, _other_triggers(workflow.system, data), steps, None)


def logical_lines(text: str, limit: int = 5000) -> list[tuple[int, str]]:
    """The lines of a shell-like TEXT with backslash continuations joined, each with its first line number (1-based)."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines()[:limit], start=1):
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending.append(raw.rstrip()[:-1])
            continue
        pending.append(raw)
        out.append((start, " ".join(p.strip() if i else p.rstrip() for i, p in enumerate(pending))))
        pending = []
    if pending:
        out.append((start, " ".join(p.strip() for p in pending)))
    return out


def command_lines(step: Step) -> Iterator[tuple[str, int | None]]:
    """The non-comment lines of a step's command (backslash continuations joined), each with its first line in the file when known."""
    for number, raw in logical_lines(step.command):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield line, (step.line + number - 1) if step.line and not step.uses else step.line
