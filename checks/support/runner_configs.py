"""Read the files a CI step may hand its work to: Makefile targets, tox environments, nox sessions, pyproject scripts, compose services (pure, text only)."""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from functools import lru_cache


from readiness.facts.bounded import ParseError, load_toml, load_yaml
from readiness.facts.ci_steps import logical_lines
from readiness.facts.model import CodeFacts

VARIABLE = re.compile(r"^(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*(?:\?|::|:|\+|!)?=\s*(.*)$")
RULE = re.compile(r"^([^\s:=#][^:=#]*?)\s*::?(?!=)\s*(.*)$")
REFERENCE = re.compile(r"\$[({]([A-Za-z_][\w.-]*)[)}]")
FACTOR = re.compile(r"^[\w.,!-]+:\s+")


@dataclass(frozen=True, slots=True)
class Rule:
    """A Makefile target: its prerequisites and recipe lines (line number, command)."""

    target: str
    line: int
    prerequisites: tuple[str, ...]
    recipe: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Makefile:
    """The rules of a Makefile, its simple variables and its default goal."""

    rules: dict[str, Rule]
    variables: dict[str, str]
    default: str | None

    def expand(self, text: str) -> str:
        """TEXT with $(VAR)/${VAR} replaced by the Makefile's own values (three passes), $$ as $ and $(MAKE) as make."""
        for _ in range(3):
            text = REFERENCE.sub(lambda m: "make" if m.group(1) == "MAKE" else self.variables.get(m.group(1), m.group(0)), text)
        return text.replace("$$", "$")


@lru_cache(maxsize=32)
def parse_makefile(text: str) -> Makefile:
    """Rules, variables and default goal of a Makefile (conditionals and includes are not evaluated)."""
    rules: dict[str, Rule] = {}
    variables: dict[str, str] = {}
    current: list[str] = []
    default = None
    for number, line in logical_lines(text):
        if line.startswith("\t"):
            command = line.strip()
            if current and command and not command.startswith("#"):
                for target in current:
                    old = rules[target]
                    rules[target] = Rule(target, old.line, old.prerequisites, old.recipe + ((number, command),))
            continue
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        if match := VARIABLE.match(stripped.strip()):
            variables[match.group(1)] = match.group(2).strip()
            current = []
            continue
        match = RULE.match(stripped)
        if not match:
            current = []
            continue
        targets = match.group(1).split()
        rest, _, inline = match.group(2).partition(";")
        if "=" in rest:  # a target-specific variable, not a rule
            current = []
            continue
        prerequisites = tuple(p for p in rest.replace("|", " ").split() if p)
        current = list(targets)
        for target in targets:
            old = rules.get(target)
            recipe = old.recipe if old else ()
            if inline.strip():
                recipe += ((number, inline.strip()),)
            rules[target] = Rule(target, old.line if old else number, (old.prerequisites if old else ()) + prerequisites, recipe)
            if default is None and not target.startswith(".") and "%" not in target:
                default = target
    return Makefile(rules, variables, default)


def _ini(text: str) -> configparser.ConfigParser | None:
    """An INI document, or None when it does not parse."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def _tox_ini(text: str, prefix: str = "") -> dict[str, tuple[str, tuple[str, ...]]]:
    """tox environments of an INI text: name -> (section, commands); '' is the base testenv; 'envlist' joins the list."""
    parser = _ini(text)
    if parser is None:
        return {}
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for section in parser.sections():
        name = section.removeprefix(prefix)
        if name == "testenv" or name.startswith("testenv:"):
            lines = [FACTOR.sub("", ln.strip()) for ln in parser[section].get("commands", "").splitlines() if ln.strip()]
            out[name.partition(":")[2]] = (section, tuple(ln for ln in lines if ln and not ln.startswith("#")))
    core = parser[f"{prefix}tox"] if parser.has_section(f"{prefix}tox") else {}
    envlist = str(core.get("envlist", "") or core.get("env_list", ""))
    out["envlist"] = ("tox", tuple(e.strip() for e in re.split(r"[,\s]+", envlist) if e.strip()))
    return out


def tox_envs(files: dict[str, str]) -> tuple[str, dict[str, tuple[str, tuple[str, ...]]]] | None:
    """The tox configuration among FILES (tox.ini, setup.cfg [tox:tox], pyproject legacy_tox_ini or [tool.tox]) and its environments."""
    if "tox.ini" in files:
        return "tox.ini", _tox_ini(files["tox.ini"])
    if "[tox:tox]" in files.get("setup.cfg", ""):
        return "setup.cfg", _tox_ini(files["setup.cfg"].replace("[testenv", "[tox:testenv"), "tox:")
    try:
        tool = load_toml(files.get("pyproject.toml", "")).get("tool")
    except ParseError:
        tool = None
    tox = tool.get("tox") if isinstance(tool, dict) else None
    if not isinstance(tox, dict):
        return None
    if isinstance(tox.get("legacy_tox_ini"), str):
        return "pyproject.toml", _tox_ini(tox["legacy_tox_ini"])
    envs: dict[str, tuple[str, tuple[str, ...]]] = {}
    named = tox.get("env") if isinstance(tox.get("env"), dict) else {}
    for name, spec in [("", tox.get("env_run_base"))] + list(named.items()):
        if isinstance(spec, dict) and isinstance(spec.get("commands"), list):
            commands = tuple(" ".join(str(w) for w in c) if isinstance(c, list) else str(c) for c in spec["commands"])
            envs[name] = ("tool.tox", commands)
    env_list = tox.get("env_list")
    envs["envlist"] = ("tool.tox", tuple(str(e) for e in env_list) if isinstance(env_list, list) else ())
    return "pyproject.toml", envs


def nox_sessions(unit: CodeFacts) -> dict[str, list[tuple[int, str]]]:
    """nox sessions of a noxfile: function name -> the commands its session.run calls pass (literal arguments)."""
    names = {f.qualname for f in unit.functions if any(d.startswith("nox.session") for d in f.decorators)}
    out: dict[str, list[tuple[int, str]]] = {name: [] for name in names}
    for call in unit.calls:
        if call.function in names and call.name.rsplit(".", 1)[-1] in ("run", "run_always", "run_install") and call.args:
            out[call.function].append((call.line, " ".join(call.args)))
    return out


def pyproject_script(text: str, runner: str, name: str) -> str | None:
    """The command a pyproject script runner (hatch, pdm, poe, taskipy) runs for NAME, if declared."""
    try:
        tool = load_toml(text).get("tool", {})
    except ParseError:
        return None
    env, _, script = name.rpartition(":")
    path = {"hatch": ("hatch", "envs", env or "default", "scripts"), "pdm": ("pdm", "scripts"), "poe": ("poe", "tasks"), "task": ("taskipy", "tasks")}.get(runner, ())
    table: object = tool
    for key in path:
        table = table.get(key) if isinstance(table, dict) else None
    if path and isinstance(table, dict):
        value = table.get(script)
        if isinstance(value, dict):
            value = value.get("cmd") or value.get("shell") or value.get("cmds") or value.get("sequence")
        if isinstance(value, list):
            value = " && ".join(str(v) if not isinstance(v, dict) else str(v.get("cmd", "")) for v in value)
        if isinstance(value, str):
            return value
    return None


def compose_service(text: str, service: str) -> tuple[str | None, str | None, str | None]:
    """(command, build context, dockerfile) of SERVICE in a compose file; None for what is not declared."""
    try:
        data = load_yaml(text)
    except ParseError:
        return None, None, None
    services = data.get("services") if isinstance(data, dict) else None
    spec = services.get(service) if isinstance(services, dict) else None
    if not isinstance(spec, dict):
        return None, None, None
    parts = [spec.get("entrypoint"), spec.get("command")]
    command = " ".join(" ".join(map(str, p)) if isinstance(p, list) else str(p) for p in parts if p) or None
    build = spec.get("build")
    if isinstance(build, str):
        return command, build, None
    if isinstance(build, dict):
        return command, str(build.get("context", ".")), build.get("dockerfile")
    return command, None, None
