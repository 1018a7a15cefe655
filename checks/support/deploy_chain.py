"""Deploys and releases in CI: steps that deploy to a catalogue platform, directly or through the repository's own scripts and modules, and steps that publish (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.support.ci_chain import NOT_RUNNING, Context, Target, Trace, built_images, follow, follow_uses
from checks.support.code_graph import memo, pipelines, reachable
from checks.support.platforms import Hit, action_hit, auth_action, code_hits, command_hit
from readiness.facts.ci_steps import Pipeline, Step, command_lines
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

MANUAL_TRIGGERS = frozenset({"workflow_dispatch", "workflow_call"})
PUBLISH_COMMAND = re.compile(r"\b(twine\s+upload|poetry\s+publish|uv\s+publish|hatch\s+publish|flit\s+publish|pdm\s+publish|npm\s+publish)\b")
PUBLISH_ACTIONS = ("pypa/gh-action-pypi-publish",)
WOULD_SHIP = re.compile(r"(?i)deploy|docker\s+push|heroku|publish|twine|release")
LAUNCHERS = ("subprocess.", "os.system", "os.popen")
PREFERENCE = {"model": 0, "app": 1, "infra": 2, "image": 3}


@dataclass(frozen=True, slots=True)
class CiFinding:
    """A CI step that deploys or publishes (with the platform a deploy goes to), or a CI file that would but does not run by itself."""

    kind: str
    evidence: Evidence
    hit: Hit | None = None


@dataclass(frozen=True, slots=True)
class CiShipping:
    """What the repository's CI ships: deploys that run by themselves, releases, deploy files that run nothing, deploys run only by hand."""

    deploys: tuple[CiFinding, ...] = ()
    publishes: tuple[CiFinding, ...] = ()
    inert: tuple[CiFinding, ...] = ()
    manual: tuple[CiFinding, ...] = ()


def _deploy_command(command: str) -> Trace | None:
    """A simple command that deploys to a catalogue platform."""
    found = command_hit(command)
    return Trace(found=Hit(found[0], Evidence(f"`{found[1]}`"))) if found else None


def _deploy_module(facts: RepoFacts, path: str, unit: CodeFacts) -> Trace | None:
    """A Python module of the repository that deploys through a platform SDK (itself or a module it imports), or starts a deploy command."""
    hits = []
    for module in reachable(unit, facts.modules):
        hits += [(hit, module) for hit in code_hits(module)]
    if hits:
        hit, module = min(hits, key=lambda pair: PREFERENCE[pair[0].platform.serves])
        hop = f"{module.path}:{hit.evidence.line} {hit.evidence.detail}"
        return Trace((hop,) if module is unit else (f"{path} imports {module.path}", hop), found=hit)
    if any(call.name.startswith(LAUNCHERS) or ".Popen" in call.name for call in unit.calls):
        for literal in unit.strings:
            if found := command_hit(literal.value):
                return Trace((f"{path}:{literal.line} starts `{literal.value[:60]}`",), found=Hit(found[0], Evidence(f"`{found[1]}`", path, literal.line)))
    return None


def _quoted(line: str) -> Trace | None:
    """A deploy whose command is quoted inside the line (`ssh host "cd app && docker compose up -d"`), which the walk splits apart."""
    return _deploy_command(line) if not NOT_RUNNING.match(line.strip()) else None


DEPLOYS = Target(_deploy_command, _deploy_module, first=True)
"""The walk that finds deploys: a catalogue command, or a module calling a platform SDK."""


def _shown(line: str, trace: Trace) -> str:
    """A command and the chain that leads from it to the deploy."""
    return f"`{line[:80]}`" + "".join(f" → {hop}" for hop in trace.hops)


def _pipeline(ctx: Context, path: str, pipeline: Pipeline, on: str) -> tuple[list[CiFinding], list[CiFinding]]:
    """(deploys, publishes) of one CI file that runs (ON: when), each deploy with the chain that reaches it and the cloud it authenticated to."""
    deploys, publishes = [], []
    signed: dict[str, str] = {}
    for step in pipeline.steps:
        if step.disabled:
            continue
        after = f"; after authenticating to {signed[step.job]}" if step.job in signed else ""
        if step.uses:
            action = step.uses.split("@", 1)[0].lower()
            if cloud := auth_action(step.uses):
                signed.setdefault(step.job, f"{cloud} ({action})")
            elif action in PUBLISH_ACTIONS:
                publishes.append(CiFinding("publish", Evidence(f"publishes a package with {step.uses} ({on})", path, step.line)))
            elif platform := action_hit(step.uses, step.with_):
                hit = Hit(platform, Evidence(f"uses {step.uses}", path, step.line))
                deploys.append(CiFinding("deploy", Evidence(f"deploys to {platform.label} with {step.uses} ({on}){after}", path, step.line), hit))
            elif (trace := follow_uses(ctx, step.uses, step.with_)) is not None and trace.found is not None:
                deploys.append(_finding(path, step, f"uses: {step.uses}", trace, on, after))
            continue
        for line, number in command_lines(step):
            if match := PUBLISH_COMMAND.search(line):
                publishes.append(CiFinding("publish", Evidence(f"publishes: `{match.group(0)}` ({on})", path, number)))
            elif (trace := follow(ctx, line, step.cwd) or _quoted(line)) is not None and trace.found is not None:
                deploys.append(_finding(path, step, line, trace, on, after, number))
    return deploys, publishes


def _finding(path: str, step: Step, line: str, trace: Trace, on: str, after: str, number: int | None = None) -> CiFinding:
    """One deploy reached from a CI step, said with its chain, its trigger and the prediction sent to it."""
    hit: Hit = trace.found
    named = f"step '{step.name}' " if step.name else ""
    said = f"deploys to {hit.platform.label}: {named}runs {_shown(line, trace)} ({on}){after}"
    if hit.predicts is not None:
        said += f"; then {hit.predicts.detail} ({hit.predicts.path}:{hit.predicts.line})"
    return CiFinding("deploy", Evidence(said, path, number if number is not None else step.line), hit)


def _shipping(facts: RepoFacts) -> CiShipping:
    """Compute what CI ships (see `ci_shipping`)."""
    deploys, publishes, inert, manual = [], [], [], []
    for workflow, pipeline in pipelines(facts):
        if pipeline.inert:
            if WOULD_SHIP.search(workflow.text):
                inert.append(CiFinding("inert", Evidence(f"would deploy or publish, but is {pipeline.inert}", workflow.path)))
            continue
        ctx = Context(facts, target=DEPLOYS)
        built_images(ctx, [(line, step.cwd) for step in pipeline.steps for line, _ in command_lines(step)])
        automatic = bool(set(pipeline.triggers) - MANUAL_TRIGGERS)
        on = f"on {', '.join(pipeline.triggers)}" if automatic else f"only when started by hand: {', '.join(pipeline.triggers)}"
        found, released = _pipeline(ctx, workflow.path, pipeline, on)
        publishes += released
        if automatic:
            deploys += found
        else:
            manual += [CiFinding("manual", f.evidence, f.hit) for f in found]
    first = lambda f: PREFERENCE[f.hit.platform.serves] if f.hit else len(PREFERENCE)  # noqa: E731  (a model or app deployed before an image pushed)
    return CiShipping(tuple(sorted(deploys, key=first)), tuple(publishes), tuple(inert), tuple(sorted(manual, key=first)))


def ci_shipping(facts: RepoFacts) -> CiShipping:
    """CI steps that deploy (directly or through the repository's scripts) or publish, and deploy workflows that do not run by themselves."""
    return memo(facts, "ci-shipping", _shipping)
