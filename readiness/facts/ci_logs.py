"""GitHub Actions steps that print a secret into the workflow's log, which is public for a public repository.

A step prints a secret when a command that writes to standard output (echo, printf, print(...), Write-Host...) names
`${{ secrets.X }}` or an environment variable set from one, and its output is neither redirected to a file nor piped
into a program that consumes it (`| docker login --password-stdin`); piping it through a text filter (sed, rev, fold,
base64...) still prints it, and defeats the log's masking.
"""

from __future__ import annotations

import ast
import re

from readiness.facts.ci_steps import Step, command_lines, read_pipeline
from readiness.facts.credentials import PRINTED
from readiness.facts.model import CredentialHit, Workflow

SECRET_EXPRESSION = re.compile(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
PRINTER = re.compile(r"(?:^|[\s;(&|{])(?:echo|printf|printenv|print\(|console\.log\(|Write-Host|Write-Output|puts|pprint\()")
FILTERS = frozenset({
    "sed", "tr", "rev", "fold", "base64", "xxd", "od", "hexdump", "cut", "awk", "cat", "tee", "grep", "head", "tail", "sort", "uniq",
    "fmt", "column", "paste", "nl",
})
"""Programs that print what they are given, transformed: a secret piped through them reaches the log."""
REDIRECT = re.compile(r"(?<![<&0-9>])>>?\s*(?!&)")
WORKFLOW_COMMAND = re.compile(r"::(add-mask|set-output|save-state|stop-commands)")
SEGMENTS = re.compile(r"&&|\|\||;|\bthen\b|\bdo\b")
HEREDOC = re.compile(r"\bpython3?\s+(?:-\s+)?<<-?\s*['\"]?(\w+)['\"]?[^\n]*\n(.*?)\n\s*\1\s*$", re.S | re.M)
MAX_STEPS = 2000


def _reference(stage: str, names: set[str]) -> re.Match[str] | None:
    """The first reference in STAGE to a secret: `${{ secrets.X }}` or an environment variable set from one."""
    direct = SECRET_EXPRESSION.search(stage)
    if not names:
        return direct
    alternatives = "|".join(re.escape(n) for n in sorted(names))
    via_env = re.search(
        rf"\$\{{?(?:{alternatives})\b|\$env:(?:{alternatives})\b|%(?:{alternatives})%|(?:environ|getenv|env)\W{{1,3}}(?:{alternatives})\b",
        stage,
    )
    if direct and via_env:
        return direct if direct.start() < via_env.start() else via_env
    return direct or via_env


def _prints(segment: str, names: set[str]) -> str | None:
    """The secret or variable a shell command segment prints into the log, or None."""
    stages = segment.split("|")
    for index, stage in enumerate(stages):
        reference = _reference(stage, names)
        if reference is None:
            continue
        printer = PRINTER.search(stage)
        if printer is None or printer.start() > reference.start() or WORKFLOW_COMMAND.search(stage):
            return None
        if REDIRECT.search(stage, reference.end()):
            return None
        later = [s.strip() for s in stages[index + 1:]]
        if any(REDIRECT.search(s) for s in later):
            return None
        if later and (later[-1].split() or [""])[0].rsplit("/", 1)[-1] not in FILTERS:
            return None
        found = SECRET_EXPRESSION.search(reference.group(0))
        return found.group(1) if found else next(n for n in sorted(names, key=len, reverse=True) if n in reference.group(0))
    return None


HARMLESS = frozenset({"len", "bool", "type", "isinstance", "hasattr", "hash", "id"})
"""Calls whose result says nothing of the secret's characters (print(len(key)) does not leak it)."""


def _nodes(node: ast.AST):
    """NODE and the nodes below it, except under a call of a HARMLESS function."""
    stack = [node]
    while stack:
        sub = stack.pop()
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in HARMLESS:
            continue
        yield sub
        stack.extend(ast.iter_child_nodes(sub))


def _reads_secret(node: ast.AST, names: set[str], tainted: set[str]) -> bool:
    """Whether NODE reads a secret variable: os.environ["X"], os.getenv("X"), environ.get("X"), or a name holding one."""
    for sub in _nodes(node):
        if isinstance(sub, ast.Name) and sub.id in tainted:
            return True
        if isinstance(sub, ast.Subscript) and isinstance(sub.slice, ast.Constant) and sub.slice.value in names:
            return True
        if isinstance(sub, ast.Call) and sub.args and isinstance(sub.args[0], ast.Constant) and sub.args[0].value in names:
            func = sub.func
            if isinstance(func, ast.Attribute) and func.attr in ("getenv", "get") or isinstance(func, ast.Name) and func.id == "getenv":
                return True
    return False


def python_prints(script: str, names: set[str]) -> tuple[int, str] | None:
    """(line, variable) of the first print() in a Python SCRIPT of a secret variable, or of a name holding it or a
    part of it (a loop over its characters), or None; a script that does not parse prints nothing we can tell."""
    try:
        tree = ast.parse(script[:100_000])
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    tainted: set[str] = set()
    for _ in range(3):  # names that hold the secret, then names built from those
        for node in ast.walk(tree):
            value, targets = (node.value, node.targets) if isinstance(node, ast.Assign) else (node.iter, [node.target]) if isinstance(node, (ast.For, ast.comprehension)) else (None, [])
            if value is not None and _reads_secret(value, names, tainted):
                tainted.update(t.id for t in targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "pprint"):
            if not any(k.arg == "file" for k in node.keywords) and any(_reads_secret(a, names, tainted) for a in node.args):
                return node.lineno, "/".join(sorted(names))
    return None


def _python_hits(workflow: Workflow, step: Step, names: set[str]) -> list[CredentialHit]:
    """Secrets printed by the Python a step runs: the whole command under `shell: python`, or a `python <<EOF` block."""
    scripts = [(step.command, 0)] if step.shell.split(" ", 1)[0] in ("python", "python3") else [
        (m.group(2), step.command.count("\n", 0, m.start(2))) for m in HEREDOC.finditer(step.command)
    ]
    hits = []
    for script, offset in scripts:
        found = python_prints(script, names)
        if found:
            line = step.line + offset + found[0] - 1 if step.line else None
            hits.append(CredentialHit(workflow.path, line, PRINTED, found[1]))
    return hits


def _secret_variables(step: Step) -> set[str]:
    """Names of the environment variables the step sets from a secret."""
    return {name for name, value in step.env if SECRET_EXPRESSION.search(value)}


def printed_secrets(workflow: Workflow) -> list[CredentialHit]:
    """Each line of a GitHub Actions workflow whose command prints a secret into the log."""
    if workflow.system != "github-actions" or workflow.data is None or "secrets." not in workflow.text:
        return []
    hits: list[CredentialHit] = []
    for step in read_pipeline(workflow).steps[:MAX_STEPS]:
        if step.uses:
            continue
        names = _secret_variables(step)
        if not names and "secrets." not in step.command:
            continue
        if names and "print" in step.command:
            found = _python_hits(workflow, step, names)
            if found:
                hits += found
                continue
        for line, number in command_lines(step):
            for segment in SEGMENTS.split(line):
                name = _prints(segment, names)
                if name:
                    hits.append(CredentialHit(workflow.path, number, PRINTED, name))
                    break
    return hits
