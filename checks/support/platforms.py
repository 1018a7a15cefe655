"""Deployment platforms and their signatures (catalogue in deploy_platforms.toml): deploy commands, actions, SDK calls and app hosts (pure)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from checks.support.code_graph import unit_memo
from checks.support.unit_text import import_heads, string_values
from checks.support.prefilter import Screen, Sieve, folded, sieve
from readiness.facts.model import CodeFacts
from readiness.models import Evidence

CATALOGUE = Path(__file__).with_name("deploy_platforms.toml")
SERVES = ("model", "app", "image", "infra")
FIELDS = frozenset({"name", "serves", "source", "modules", "calls", "methods", "literal", "predict", "commands", "actions", "action_with", "hosts"})


@dataclass(frozen=True, slots=True)
class Platform:
    """One catalogue entry: where a deploy goes, what it serves, and how a repository shows it."""

    name: str
    serves: str
    source: str
    modules: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    methods: frozenset[str] = frozenset()
    literal: str = ""
    predict: frozenset[str] = frozenset()
    commands: re.Pattern[str] | None = None
    actions: tuple[str, ...] = ()
    action_with: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hosts: re.Pattern[str] | None = None

    @property
    def label(self) -> str:
        """The platform with what it does, for evidence."""
        what = {"model": "managed model serving", "app": "app hosting", "image": "image registry", "infra": "infrastructure"}[self.serves]
        return f"{self.name} ({what})"


@dataclass(frozen=True, slots=True)
class Hit:
    """A deploy to a platform seen in code or a command, with a prediction sent to it when one is."""

    platform: Platform
    evidence: Evidence
    predicts: Evidence | None = None


def _entry(raw: dict[str, Any]) -> Platform:
    """One validated catalogue entry (a bad entry is a bug in the catalogue: it raises ValueError)."""
    unknown = set(raw) - FIELDS
    if unknown or not raw.get("name") or raw.get("serves") not in SERVES or not str(raw.get("source", "")).startswith("https://"):
        raise ValueError(f"deploy_platforms.toml: bad entry {raw.get('name')!r} (unknown fields {sorted(unknown)}; name, serves and an https source are required)")
    pattern = lambda key: re.compile(raw[key], re.I) if raw.get(key) else None  # noqa: E731
    with_ = tuple((str(k), tuple(str(v) for v in values)) for k, values in raw.get("action_with", {}).items())
    return Platform(
        raw["name"], raw["serves"], raw["source"], tuple(raw.get("modules", ())), tuple(raw.get("calls", ())),
        frozenset(raw.get("methods", ())), str(raw.get("literal", "")), frozenset(raw.get("predict", ())), pattern("commands"),
        tuple(a.lower() for a in raw.get("actions", ())), with_, pattern("hosts"),
    )


@lru_cache(maxsize=1)
def _read() -> tuple[tuple[Platform, ...], tuple[tuple[str, str], ...]]:
    """The catalogue, read once: the platforms, and the (action, cloud) pairs that authenticate a workflow."""
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    auth = []
    for raw in data.get("auth", []):
        if not (raw.get("name") and raw.get("action") and str(raw.get("source", "")).startswith("https://")):
            raise ValueError(f"deploy_platforms.toml: bad auth entry {raw!r}")
        auth.append((raw["action"].lower(), raw["name"]))
    return tuple(_entry(raw) for raw in data.get("platform", [])), tuple(auth)


def catalogue() -> tuple[Platform, ...]:
    """Every platform of the catalogue."""
    return _read()[0]


@lru_cache(maxsize=1)
def _commands_sieve() -> Sieve:
    """Which platforms' command patterns a command may match."""
    return sieve(p.commands for p in catalogue())


def may_hit(text: str) -> bool:
    """False when no line of TEXT (lines joined at backslash continuations included) can be a catalogue deploy
    command: the text holds none of the words every command pattern's match contains (words without spaces,
    so none can be made by joining lines)."""
    screen = _commands_screen()
    return screen is None or not screen.excludes(folded(text))


@lru_cache(maxsize=1)
def _commands_screen() -> Screen | None:
    """The screen of every command pattern, or None when it cannot rule a text out line by line (no words, or a word
    with a space that joined lines could make)."""
    screen = _commands_sieve().screen
    words = screen.words
    return None if words is None or any(ch.isspace() for word in words for ch in word) else screen


def command_hit(command: str) -> tuple[Platform, str] | None:
    """The platform one shell command deploys to, with the words that say so, or None."""
    platforms = catalogue()
    for index in _commands_sieve().candidates(folded(command)):  # (the platforms whose command pattern's words it holds)
        platform = platforms[index]
        if platform.commands is not None and (match := platform.commands.search(command)):
            return platform, match.group(0).strip()
    return None


def action_hit(uses: str, with_: tuple[tuple[str, str], ...] = ()) -> Platform | None:
    """The platform a GitHub Action step deploys to (its `with:` options checked where the catalogue says), or None."""
    action = uses.split("@", 1)[0].lower()
    options = dict(with_)
    for platform in catalogue():
        if action in platform.actions and all(options.get(key, "").lower() in [v.lower() for v in values] for key, values in platform.action_with):
            return platform
    return None


def auth_action(uses: str) -> str | None:
    """The cloud a GitHub Action step authenticates to, or None."""
    action = uses.split("@", 1)[0].lower()
    return next((cloud for name, cloud in _read()[1] if name == action), None)


@lru_cache(maxsize=256)
def _split(prefixes: tuple[str, ...]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """PREFIXES as a set, and each dotted prefix's parent module with the names under it (`from parent import name`)."""
    parents: dict[str, set[str]] = {}
    for p in prefixes:
        parent, _, name = p.rpartition(".")
        if parent:
            parents.setdefault(parent, set()).add(name)
    return frozenset(prefixes), {parent: frozenset(names) for parent, names in parents.items()}


def _imported(unit: CodeFacts) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Every module UNIT imports with every module it lies under (`import_heads`), and the names imported from each
    module."""
    names: dict[str, set[str]] = {}
    for imp in unit.imports:
        if not imp.level:
            names.setdefault(imp.module, set()).update(imp.names)
    return frozenset(import_heads(unit)), {module: frozenset(found) for module, found in names.items()}


def _imports_any(imported: tuple[frozenset[str], dict[str, frozenset[str]]], prefixes: tuple[str, ...]) -> bool:
    """Whether a unit whose `_imported` summary is IMPORTED imports a module under one of PREFIXES (or a module of
    PREFIXES from its parent)."""
    wanted, parents = _split(prefixes)
    heads, names = imported
    if not wanted.isdisjoint(heads):
        return True
    return any(module in names and not found.isdisjoint(names[module]) for module, found in parents.items())


def code_hits(unit: CodeFacts) -> list[Hit]:
    """Calls in one module that deploy to a platform through its SDK (an import alone never counts), found once per unit."""
    return list(unit_memo(unit, "code-hits", _code_hits))


def _code_hits(unit: CodeFacts) -> tuple[Hit, ...]:
    """Calls in one module that deploy to a platform through its SDK (an import alone never counts)."""
    out: list[Hit] = []
    literals: frozenset[str] | None = None
    imported = _imported(unit)
    for platform in catalogue():
        if not platform.modules or not _imports_any(imported, platform.modules):
            continue
        literals = string_values(unit) if literals is None else literals
        if platform.literal and platform.literal not in literals:
            continue
        predicts = next((c for c in unit.calls if "." in c.name and c.name.rsplit(".", 1)[-1] in platform.predict), None)
        said = Evidence(f"predicts with {predicts.name}()", unit.path, predicts.line, predicts.cell) if predicts else None
        for call in unit.calls:
            last = call.name.rsplit(".", 1)[-1]
            if any(call.name == c or call.name.endswith("." + c) for c in platform.calls) or ("." in call.name and last in platform.methods):
                out.append(Hit(platform, Evidence(f"calls {call.name}() ({platform.label})", unit.path, call.line, call.cell), said))
    return tuple(out)


@lru_cache(maxsize=1024)  # README and code links recur across the checks that read them
def app_host(url: str) -> Platform | None:
    """The platform whose running instances live at URL's host, or None."""
    match = re.match(r"(?i)https?://([^\s\"'<>)\]]+)", url)
    if not match:
        return None
    where = match.group(1)
    for platform in catalogue():
        if platform.hosts is not None and re.match(r"(?:[\w-]+\.)*(?:" + platform.hosts.pattern + ")", where, re.I):
            return platform
    return None
