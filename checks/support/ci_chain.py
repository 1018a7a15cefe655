"""Follow a CI command into the repository's own files (Makefile, tox, nox, scripts, runner modules, containers, job scripts) to the test command it runs (pure)."""

from __future__ import annotations

import posixpath
import re


from checks.support import runner_configs as cfg
from checks.support.ci_containers import built_images, docker
from checks.support.ci_shell import Context, Target, Trace, join, resolve, segments, strip, words as split_words
from readiness.facts.bounded import ParseError, load_yaml
from readiness.facts.ci_steps import logical_lines
from readiness.facts.model import CodeFacts, RepoFacts

__all__ = ["Context", "TESTS", "Target", "Trace", "built_images", "follow", "follow_uses", "segments"]

MAX_DEPTH = 4
TEST_RUN = re.compile(
    r"(?<![\w.-])(pytest|py\.test|nosetests|nose2)(?![\w-])(?!\.\w)|\s-m\s+(pytest|unittest|nose2?)\b|\bmanage\.py\s+test\b|\bsetup\.py\s+test\b|\bhatch\s+test\b"
)
NEUTRALISED = re.compile(r"\|\|\s*(true|:|exit\s+0|echo\b)|;\s*true\s*$|--collect-only|--co\b|--version\b|--help\b")
NOT_RUNNING = re.compile(r"^(sudo\s+)?(pip3?|python3?\s+-m\s+pip|uv\s+(pip|add|sync|venv|lock)|conda|mamba|poetry\s+(add|install|lock)|apt(-get)?|pipx|echo|printf|cat|export|brew|npm|yarn)\b")
SCRIPT_HEADS = frozenset({"bash", "sh", "zsh", "dash", "source", "."})
JOB_HEADS = frozenset({"sbatch", "qsub", "bsub"})
PY_RUNNER_CALLS = ("pytest.main", "unittest.main", "unittest.TextTestRunner", "unittest.TestLoader", "unittest.defaultTestLoader", "nose.run", "nose2.main")
LAUNCHERS = ("subprocess.", "os.system", "os.popen", "os.exec", "Popen", "sh.")
TEST_LITERAL = re.compile(r"^\s*(\S*python[\d.]*\s+-m\s+)?(pytest|py\.test|unittest|nose2?)(\s|$)")


def follow(ctx: Context, command: str, cwd: str = "", depth: int = 0, seen: frozenset[str] = frozenset()) -> Trace | None:
    """How one shell line reaches a test run, or None (the first trace that can fail the build wins)."""
    if depth > MAX_DEPTH:
        return None
    neutral_line = "`|| true` or similar hides failures" if NEUTRALISED.search(command) else None
    found: Trace | None = None
    for part in segments(command):
        words = strip(split_words(part))
        if not words:
            continue
        if words[0] == "cd" and len(words) > 1:
            cwd = join(cwd, words[1])
            continue
        trace = _follow_words(ctx, words, cwd, depth, seen)
        if trace is None:
            continue
        trace = trace.via(neutral=neutral_line)
        if trace.neutral is None:
            return trace
        found = found or trace
    return found


def _follow_words(ctx: Context, words: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """Dispatch one simple command on its program."""
    text = " ".join(words)
    head = words[0].rsplit("/", 1)[-1]
    target = ctx.target or TESTS
    if NOT_RUNNING.match(text):
        return None
    if target.first and (hit := target.line(text)) is not None:
        return hit
    if head in ("make", "gmake") or words[0] in ("$(MAKE)", "${MAKE}"):
        return _make(ctx, words[1:], cwd, depth, seen)
    if head == "tox":
        return _tox(ctx, words[1:], cwd, depth, seen)
    if head == "nox":
        return _nox(ctx, words[1:], cwd, depth, seen)
    if head in ("docker", "docker-compose", "podman", "podman-compose"):
        return docker(follow, ctx, words, cwd, depth, seen)
    if head in ("hatch", "pdm", "poe", "task") and not (head == "hatch" and words[1:2] == ["test"]):
        return _pyproject(ctx, head, words[1:], cwd, depth, seen)
    if not target.first and (hit := target.line(text)) is not None:
        return hit
    if head in JOB_HEADS:
        args = [w for w in words[1:] if not w.startswith("-") and w != "<"]
        return _script(ctx, args[-1], cwd, depth, seen) if args else None
    if head in SCRIPT_HEADS and len(words) > 1:
        args = [w for w in words[1:] if not w.startswith("-")]
        return _script(ctx, args[0], cwd, depth, seen) if args else None
    if re.match(r"python[\d.]*$", head) and len(words) > 1:
        return _python(ctx, words[1:], cwd, depth, seen)
    if words[0].endswith(".sh") or words[0].startswith(("./", "scripts/", "bin/", "ci/")):
        return _script(ctx, words[0], cwd, depth, seen)
    return None


def _script(ctx: Context, name: str, cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """A shell script of the repository, read line by line (cd followed)."""
    path = resolve(ctx, name, cwd)
    if path is None or path in seen:
        return None
    if path.endswith(".py"):
        unit = _module_at(ctx, path)
        return (ctx.target or TESTS).module(ctx.facts, path, unit) if unit else None
    text = ctx.facts.text(path)
    if text is None:
        return None
    here = posixpath.dirname(path)
    found: Trace | None = None
    for number, line in logical_lines(text):
        line = re.sub(r"^\s*(if|then|do|else|elif|while|until|!)\s+", "", line.strip())
        if not line or line.startswith("#"):
            continue
        if line.startswith("cd "):
            target = split_words(line)[1:2]
            cwd = here if "dirname" in line else join(cwd, target[0]) if target else cwd
            continue
        trace = follow(ctx, line, cwd, depth + 1, seen | {path})
        if trace is not None:
            trace = trace.via(f"{path}:{number} `{line[:60]}`")
            if trace.neutral is None:
                return trace
            found = found or trace
    return found


def _make(ctx: Context, args: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """`make [-C dir] [-f file] [target...]`: the targets' prerequisites and recipes, in the repository's Makefile."""
    directory, file, targets, rest = cwd, None, [], list(args)
    while rest:
        word = rest.pop(0)
        if word in ("-C", "--directory") and rest:
            directory = posixpath.normpath(posixpath.join(cwd, rest.pop(0)))
        elif word in ("-f", "--file", "--makefile") and rest:
            file = rest.pop(0)
        elif not word.startswith("-") and "=" not in word:
            targets.append(word)
    directory = "" if directory in (".", "") else directory
    names = [file] if file else ["GNUmakefile", "makefile", "Makefile"]
    path = next((p for p in (resolve(ctx, n, directory) for n in names) if p), None)
    text = ctx.facts.text(path) if path else None
    if path is None or text is None:
        return None
    makefile = cfg.parse_makefile(text)
    targets = targets or ([makefile.default] if makefile.default else [])
    for target in targets:
        trace = _target(ctx, path, makefile, target, directory, depth, seen)
        if trace is not None:
            return trace
    return None


def _target(ctx: Context, path: str, makefile: cfg.Makefile, target: str, cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """One Makefile target: its prerequisites first, then its recipe lines."""
    key = f"{path}#{target}"
    rule = makefile.rules.get(target)
    if rule is None or key in seen or depth > MAX_DEPTH:
        return None
    seen = seen | {key}
    found: Trace | None = None
    for prerequisite in rule.prerequisites:
        trace = _target(ctx, path, makefile, prerequisite, cwd, depth + 1, seen)
        if trace is not None:
            trace = trace.via(f"{path}:{rule.line} {target} needs {prerequisite}")
            if trace.neutral is None:
                return trace
            found = found or trace
    for number, raw in rule.recipe:
        ignored = "-" in raw[: len(raw) - len(raw.lstrip("@-+"))]
        command = makefile.expand(raw.lstrip("@-+ "))
        trace = follow(ctx, command, cwd, depth + 1, seen)
        if trace is not None:
            neutral = trace.neutral or ("the recipe line starts with `-`: make ignores its failure" if ignored else None)
            trace = trace.via(f"{path}:{number} `{command[:60]}`", neutral=neutral)
            if neutral is None:
                return trace
            found = found or trace
    return found


def _tox(ctx: Context, args: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """`tox [-e envs]`: the commands of the environments run, from tox.ini, setup.cfg or pyproject.toml."""
    files = {n: t for n in ("tox.ini", "setup.cfg", "pyproject.toml") if (p := resolve(ctx, n, cwd)) and (t := ctx.facts.text(p)) is not None}
    config = cfg.tox_envs(files)
    if config is None:
        return None
    path, envs = config
    chosen: list[str] = []
    for i, word in enumerate(args):
        if word in ("-e", "--env") and i + 1 < len(args):
            chosen += args[i + 1].split(",")
        elif word.startswith("-e") and len(word) > 2:
            chosen += word[2:].lstrip("=").split(",")
    chosen = chosen or list(envs.get("envlist", ("", ()))[1]) or [n for n in envs if n != "envlist"]
    for env in chosen:
        section, commands = envs.get(env) or envs.get("") or ("", ())
        for command in commands:
            trace = follow(ctx, command.lstrip("- "), cwd, depth + 1, seen)
            if trace is not None:
                neutral = trace.neutral or ("the tox command starts with `-`: its failure is ignored" if command.startswith("-") else None)
                return trace.via(f"{path} [{section}] `{command[:60]}`", neutral=neutral)
    return None


def _nox(ctx: Context, args: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """`nox [-s sessions]`: the session.run commands of the sessions run, from noxfile.py."""
    path = resolve(ctx, "noxfile.py", cwd)
    unit = _module_at(ctx, path) if path else None
    if unit is None:
        return None
    sessions = cfg.nox_sessions(unit)
    chosen = [a for i, a in enumerate(args) if i and args[i - 1] in ("-s", "--session", "--sessions", "-e")] or list(sessions)
    for name in chosen:
        for line, command in sessions.get(name, []):
            trace = follow(ctx, command, cwd, depth + 1, seen)
            if trace is not None:
                return trace.via(f"{path}:{line} session {name} `{command[:60]}`")
    return None


def _pyproject(ctx: Context, runner: str, args: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """`hatch run x` / `pdm run x` / `poe x` / `task x`: the script pyproject.toml declares for x."""
    args = args[1:] if runner in ("hatch", "pdm") and args[:1] == ["run"] else args
    path = resolve(ctx, "pyproject.toml", cwd)
    text = ctx.facts.text(path) if path else None
    if not args or text is None or f"{path}#{args[0]}" in seen:
        return None
    command = cfg.pyproject_script(text, runner, args[0])
    if command is None:
        return follow(ctx, " ".join(args), cwd, depth + 1, seen) if runner in ("hatch", "pdm") else None
    trace = follow(ctx, command, cwd, depth + 1, seen | {f"{path}#{args[0]}"})
    return trace.via(f"{path} script {args[0]} `{command[:60]}`") if trace else None


def _module_at(ctx: Context, path: str | None) -> CodeFacts | None:
    """The parsed Python module at PATH, if any."""
    return next((u for u in ctx.facts.modules if u.path == path), None)


def _python(ctx: Context, args: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """`python -m pkg.mod` or `python file.py`: a runner module of the repository that starts the tests."""
    args = [a for a in args if a not in ("-u", "-B", "-O", "-W", "-X")]
    if args[:1] == ["-m"] and len(args) > 1:
        base = args[1].replace(".", "/")
        for candidate in (f"{base}.py", f"{base}/__main__.py", f"src/{base}.py", f"src/{base}/__main__.py"):
            path = resolve(ctx, candidate, cwd)
            if path and path not in seen:
                unit = _module_at(ctx, path)
                return (ctx.target or TESTS).module(ctx.facts, path, unit) if unit else None
        return None
    if args and args[0].endswith(".py"):
        path = resolve(ctx, args[0], cwd)
        unit = _module_at(ctx, path) if path and path not in seen else None
        return (ctx.target or TESTS).module(ctx.facts, path, unit) if path and unit else None
    return None


def _runner(facts: RepoFacts, path: str, unit: CodeFacts) -> Trace | None:
    """A Python module that runs tests: pytest.main/unittest.main/a test runner, or a subprocess it starts with a test command."""
    for call in unit.calls:
        if call.name.startswith(PY_RUNNER_CALLS) or call.name.endswith((".TextTestRunner", "unittest.main")):
            return Trace((f"{path}:{call.line} calls {call.name}",))
    if any(call.name.startswith(LAUNCHERS) or ".Popen" in call.name for call in unit.calls):
        literal = next((s for s in unit.strings if TEST_LITERAL.match(s.value)), None)
        if literal:
            return Trace((f"{path}:{literal.line} starts `{literal.value[:60]}`",))
    return None


def _test_line(command: str) -> Trace | None:
    """A simple command that runs tests (pytest, python -m unittest, manage.py test...)."""
    return Trace() if TEST_RUN.search(" " + command) else None


TESTS = Target(_test_line, _runner)
"""The walk that finds test runs (the default)."""


def _run_strings(node: object, depth: int = 0) -> list[str]:
    """Every `run:` string of the steps in a parsed action or workflow (bounded)."""
    if depth > 8:
        return []
    if isinstance(node, dict):
        own = [node["run"]] if isinstance(node.get("run"), str) else []
        return own + [s for key, value in node.items() if key != "run" for s in _run_strings(value, depth + 1)]
    if isinstance(node, list):
        return [s for item in node[:200] for s in _run_strings(item, depth + 1)]
    return []


def follow_uses(ctx: Context, uses: str, with_: tuple[tuple[str, str], ...] = (), depth: int = 0) -> Trace | None:
    """A step's `uses:`: a local composite action or reusable workflow (its run steps), or docker/build-push-action (the RUN steps it builds)."""
    options = dict(with_)
    if uses.startswith("docker/build-push-action"):
        command = ["docker", "build", *(["--target", options["target"]] if options.get("target") else []), *(["-f", options["file"]] if options.get("file") else []), options.get("context", ".")]
        return follow(ctx, " ".join(command), "", depth)
    if not uses.startswith("./"):
        return None
    base = uses[2:].split("@", 1)[0].rstrip("/")
    for path in [base] if base.endswith((".yml", ".yaml")) else [f"{base}/action.yml", f"{base}/action.yaml"]:
        text = ctx.facts.text(path)
        if text is None:
            continue
        try:
            data = load_yaml(text)
        except ParseError:
            return None
        for run in _run_strings(data):
            for line in run.splitlines():
                if line.strip() and not line.strip().startswith("#") and (trace := follow(ctx, line.strip(), "", depth + 1)):
                    return trace.via(f"{path} `{line.strip()[:60]}`")
    return None
