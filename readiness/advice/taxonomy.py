"""The posting taxonomy (posting_taxonomy.toml): skills, their aliases and evidence, validated strictly, compiled once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from readiness.errors import ConfigError
from readiness.models import Effort
from readiness.scoring.data import load_sources

TAXONOMY_FILE = Path(__file__).resolve().parent / "posting_taxonomy.toml"
EXTENDS = ("trains", "serves", "data", "llm", "code", "")
GROUP_KEYS = {"label", "source", "effort", "extend", "project"}
SKILL_KEYS = {"id", "label", "group", "aliases", "exact", "imports", "train", "infra", "stages", "domains", "check", "levels",
              "partly", "checkable", "effort", "extend", "project"}
LIST_KEYS = ("aliases", "exact", "imports", "infra", "stages", "domains", "partly")


@dataclass(frozen=True, slots=True)
class Group:
    """A group of skills with the source it rests on and what to build when one is missing."""

    id: str
    label: str
    source: str
    effort: Effort
    extend: str
    project: str


@dataclass(frozen=True, slots=True)
class Skill:
    """One skill or tool: the words postings use for it and the evidence in code that proves it."""

    id: str
    label: str
    group: Group
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    train: bool = False
    infra: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    check: str | None = None
    levels: tuple[str, tuple[str, ...], tuple[str, ...]] | None = None
    """(value key, values that meet, values that partly meet) of the check's finding."""
    partly: tuple[str, ...] = ()
    checkable: bool = True
    effort: Effort = Effort.MEDIUM
    extend: str = ""
    project: str = ""


WORD = re.compile(r"(?<![\w+#])[\w+#]+")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Every skill, by id, and the aliases indexed by their first word (so a text is scanned once, word by word)."""

    skills: dict[str, Skill]
    sources: dict[str, tuple[str, str]]
    index: dict[str, tuple[re.Pattern[str], tuple[str, ...]]]
    """Lower-cased first word -> (one pattern of the aliases starting with it, longest first; each group's skill id)."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, skill id) of every alias in TEXT, left to right, longest alias first, never overlapping."""
        found: list[tuple[int, int, str]] = []
        end = 0
        for word in WORD.finditer(text):
            if word.start() < end or (entry := self.index.get(word.group(0).lower())) is None:
                continue
            pattern, skills = entry
            if match := pattern.match(text, word.start()):
                found.append((match.start(), match.end(), skills[(match.lastindex or 1) - 1]))
                end = match.end()
        return found


def _alias_regex(alias: str, exact: bool) -> str:
    """A whole-word pattern for one alias; exact ones (R, Go) must not be followed by an ordinary lower-case word."""
    body = re.escape(alias).replace(r"\ ", r"[\s-]+")
    tail = r"(?!\s+(?!and\b|or\b)[a-z])(?![&'’])" if exact else ""
    return rf"(?<![\w+#&'’.-]){body}(?![\w+#]|-\w){tail}"


def _compile(skills: dict[str, Skill]) -> dict[str, tuple[re.Pattern[str], tuple[str, ...]]]:
    """For each first word of an alias, one alternation of the aliases starting with it, longest first (so
    'a/b testing' wins over 'a/b', 'pytorch lightning' over 'pytorch'), and the skill of each group."""
    parts: dict[str, list[tuple[str, str, str]]] = {}
    for skill in skills.values():
        for alias, exact in [(a, False) for a in skill.aliases] + [(a, True) for a in skill.exact]:
            first = WORD.match(alias.lower())
            if first is None:
                raise ConfigError(f"posting_taxonomy.toml skill {skill.id}: alias {alias!r} must start with a letter or digit")
            regex = _alias_regex(alias, True) if exact else "(?i:" + _alias_regex(alias, False) + ")"
            parts.setdefault(first.group(0), []).append((alias, regex, skill.id))
    index = {}
    for first, items in parts.items():
        items.sort(key=lambda p: -len(p[0]))
        index[first] = (re.compile("|".join(f"({regex})" for _, regex, _ in items)), tuple(sid for _, _, sid in items))
    return index


def _strings(value: Any, where: str) -> tuple[str, ...]:
    """A list of non-empty strings, or a ConfigError."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _effort(value: Any, where: str) -> Effort:
    """An Effort from its name."""
    try:
        return Effort(value)
    except ValueError:
        raise ConfigError(f"{where}: effort must be low, medium or high") from None


def _group(gid: str, table: Any, sources: dict[str, tuple[str, str]]) -> Group:
    """One [groups.ID] table."""
    where = f"posting_taxonomy.toml [groups.{gid}]"
    if not isinstance(table, dict) or set(table) - GROUP_KEYS or GROUP_KEYS - set(table):
        raise ConfigError(f"{where}: needs exactly {', '.join(sorted(GROUP_KEYS))}")
    if table["source"] not in sources:
        raise ConfigError(f"{where}: unknown source {table['source']!r}")
    if table["extend"] not in EXTENDS:
        raise ConfigError(f"{where}: extend must be one of {EXTENDS}")
    return Group(gid, str(table["label"]), table["source"], _effort(table["effort"], where), table["extend"], str(table["project"]))


def _skill(table: Any, groups: dict[str, Group], index: int) -> Skill:
    """One [[skills]] table."""
    where = f"posting_taxonomy.toml skill {index + 1} ({table.get('id', '?') if isinstance(table, dict) else '?'})"
    if not isinstance(table, dict) or set(table) - SKILL_KEYS or not {"id", "label", "group"} <= set(table):
        raise ConfigError(f"{where}: id, label and group are required; allowed keys: {', '.join(sorted(SKILL_KEYS))}")
    group = groups.get(table["group"])
    if group is None:
        raise ConfigError(f"{where}: unknown group {table['group']!r}")
    lists = {key: _strings(table.get(key, []), f"{where} {key}") for key in LIST_KEYS}
    levels = None
    if "levels" in table:
        lv = table["levels"]
        if not isinstance(lv, dict) or set(lv) != {"value", "met", "partly"}:
            raise ConfigError(f"{where}: levels needs value, met and partly")
        levels = (str(lv["value"]), _strings(lv["met"], where), _strings(lv["partly"], where))
    checkable = bool(table.get("checkable", True))
    evidence = lists["imports"] or lists["infra"] or lists["stages"] or lists["domains"] or lists["partly"] or table.get("check")
    if checkable and not evidence:
        raise ConfigError(f"{where}: a checkable skill needs some evidence (imports, infra, stages, domains, check or partly)")
    if not (lists["aliases"] or lists["exact"]):
        raise ConfigError(f"{where}: needs aliases")
    extend = table.get("extend", group.extend)
    if extend not in EXTENDS:
        raise ConfigError(f"{where}: extend must be one of {EXTENDS}")
    return Skill(
        table["id"], table["label"], group, lists["aliases"], lists["exact"], lists["imports"], bool(table.get("train", False)),
        lists["infra"], lists["stages"], lists["domains"], table.get("check"), levels, lists["partly"], checkable,
        _effort(table.get("effort", group.effort.value), where), extend, table.get("project", group.project),
    )


def parse_taxonomy(data: dict[str, Any]) -> Taxonomy:
    """Build and validate a Taxonomy from the TOML data (sources: the file's own and readiness/scoring/sources.toml)."""
    sources = {s.id: (s.id, s.title) for s in load_sources()}
    for sid, table in data.get("sources", {}).items():
        if not isinstance(table, dict) or not isinstance(table.get("title"), str):
            raise ConfigError(f"posting_taxonomy.toml [sources.{sid}]: needs a title")
        sources[sid] = (sid, table["title"])
    groups = {gid: _group(gid, table, sources) for gid, table in data.get("groups", {}).items()}
    skills: dict[str, Skill] = {}
    for index, table in enumerate(data.get("skills", [])):
        skill = _skill(table, groups, index)
        if skill.id in skills:
            raise ConfigError(f"posting_taxonomy.toml: skill {skill.id!r} is declared twice")
        skills[skill.id] = skill
    return Taxonomy(skills, sources, _compile(skills))


@lru_cache(maxsize=1)
def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """The bundled taxonomy, read and compiled once per process."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: {exc}") from exc
    return parse_taxonomy(data)

