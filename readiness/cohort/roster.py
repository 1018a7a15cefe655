"""The roster: one candidate per CSV row or TOML [[candidate]] table; bad rows are reported with their number and skipped."""

from __future__ import annotations

import csv
import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness import __version__
from readiness.advice.inputs import BACKGROUND_RULES, DEGREE_RULES
from readiness.errors import InputError, ReadinessError
from readiness.report.cohort_model import RowProblem
from readiness.sources.account import portfolio_target
from readiness.sources.local import LOGIN, local_source

ADVICE_KEYS = ("role", "stem_degree", "years_experience", "current_role", "current_salary", "budget", "modality", "pace",
               "credential_required", "loan_rate", "relocate", "institution")
"""The advice options `readiness assess` takes as flags, as roster columns."""
COLUMNS = ("login", "portfolio", "paths", "authors") + ADVICE_KEYS
"""Every column a roster may have; only login is required."""
LIST_SEPARATOR = ";"
TRUE, FALSE = frozenset({"true", "yes", "y", "1"}), frozenset({"false", "no", "n", "0"})
BOOLEAN_KEYS = frozenset({"stem_degree", "credential_required", "relocate"})
TEXT_KEYS = frozenset({"role", "current_role", "modality", "pace", "institution"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One roster row: who, what to assess (their account, a portfolio repository or local paths) and the advice options."""

    row: int
    login: str
    portfolio: str | None = None
    paths: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    flags: tuple[tuple[str, Any], ...] = ()
    """The role, background and degree-plan options given in the row (the flags of `readiness assess`)."""

    @property
    def on_github(self) -> bool:
        """Whether assessing this candidate reads GitHub (an account or a portfolio repository on GitHub)."""
        return not self.paths

    @property
    def source(self) -> str:
        """What is assessed, in words."""
        if self.paths:
            return ", ".join(self.paths)
        return f"portfolio {self.portfolio}" if self.portfolio else f"GitHub account {self.login}"

    def command(self) -> list[str]:
        """The `readiness assess` arguments that assess this candidate alone (the cohort gives the same report)."""
        args = list(self.paths) if self.paths else (["--portfolio", self.portfolio] if self.portfolio else [self.login])
        for author in self.authors:
            args += ["--author", author]
        for key, value in self.flags:
            option = f"--{key.replace('_', '-')}"
            args += [option if value else f"--no-{option[2:]}"] if isinstance(value, bool) else [option, str(value)]
        return args

    def key(self, settings: str) -> str:
        """A digest of everything that shapes this candidate's result: the row, the run's SETTINGS and the tool version."""
        text = repr((__version__, self.login.lower(), self.portfolio, self.paths, self.authors, self.flags, settings))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Roster:
    """The usable candidates in roster order and what was wrong with the rest."""

    path: str
    candidates: tuple[Candidate, ...]
    problems: tuple[RowProblem, ...]


def load_roster(path: Path) -> Roster:
    """Read a CSV or TOML roster; a file that cannot be read or holds no usable row is one InputError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: roster not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: roster cannot be read ({exc})") from exc
    rows, problems = _toml_rows(text, path) if path.suffix.lower() == ".toml" else _csv_rows(text, path)
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        try:
            candidate = parse_row(number, row)
        except ReadinessError as exc:
            message = str(exc)
            problems.append(RowProblem(number, message if message.endswith("skipped") else f"{message}; skipped"))
            continue
        identity = [candidate.login.lower(), candidate.source]
        earlier = next((seen[i] for i in identity if i in seen), None)
        if earlier is not None:
            problems.append(RowProblem(number, f"duplicate candidate {candidate.login} (same as row {earlier}); skipped"))
            continue
        seen.update({i: number for i in identity})
        candidates.append(candidate)
    if not candidates:
        detail = "; ".join(f"row {p.row}: {p.message}" for p in problems[:3])
        raise InputError(f"{path}: no usable candidate in the roster" + (f" ({detail})" if detail else ""))
    return Roster(str(path), tuple(candidates), tuple(sorted(problems, key=lambda p: p.row)))


def _csv_rows(text: str, path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[RowProblem]]:
    """(line number, {column: value}) per data row of a CSV roster with a header line; unknown columns are ignored."""
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower().replace("-", "_").replace(" ", "_") for h in next(reader, [])]
    if "login" not in header:
        raise InputError(f"{path}: the first line must name the columns, including login (known: {', '.join(COLUMNS)})")
    problems = [RowProblem(1, f"unknown column {name!r} ignored (known: {', '.join(COLUMNS)})")
                for name in header if name and name not in COLUMNS]
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            problems.append(RowProblem(number, f"{len(values)} values for {len(header)} columns; skipped"))
            continue
        rows.append((number, {k: v.strip() for k, v in zip(header, values) if k in COLUMNS and v.strip()}))
    return rows, problems


def _toml_rows(text: str, path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """(table number, table) per [[candidate]] of a TOML roster; a table with unknown keys is a bad row."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML: {exc}") from exc
    tables = data.get("candidate")
    if set(data) - {"candidate"} or not isinstance(tables, list):
        raise InputError(f"{path}: a TOML roster is a list of [[candidate]] tables and nothing else")
    rows, problems = [], []
    for number, table in enumerate(tables, start=1):
        unknown = sorted(set(table) - set(COLUMNS)) if isinstance(table, dict) else ["(not a table)"]
        if unknown:
            problems.append(RowProblem(number, f"unknown key(s) {', '.join(unknown)} (known: {', '.join(COLUMNS)}); skipped"))
            continue
        rows.append((number, table))
    return rows, problems


def parse_row(number: int, row: dict[str, Any]) -> Candidate:
    """A Candidate from one row's values (strings from a CSV, typed from TOML), or an InputError saying what is wrong."""
    login = str(row.get("login") or "").strip()
    if not login:
        raise InputError("empty login; skipped")
    if not LOGIN.match(login):
        raise InputError(f"{login!r} is not a GitHub login (letters, digits and single hyphens); skipped")
    portfolio = str(row["portfolio"]).strip() if row.get("portfolio") else None
    paths = _list(row.get("paths"))
    if portfolio and paths:
        raise InputError("give a portfolio or paths, not both; skipped")
    for raw in paths:
        local_source(raw)  # an InputError names the path and what is wrong with it
    if len(set(paths)) != len(paths):
        raise InputError("the same path twice; skipped")
    if portfolio:
        owner, _, _ = portfolio_target(portfolio)
        if owner is not None and owner.lower() != login.lower():
            raise InputError(f"portfolio {portfolio} belongs to {owner}, not {login}; skipped")
    flags = tuple((key, _advice_value(key, row[key])) for key in ADVICE_KEYS if row.get(key) not in (None, ""))
    authors = _list(row.get("authors"))
    if authors and not paths:
        raise InputError("authors apply to local paths only (a GitHub account names its own); skipped")
    return Candidate(number, login, portfolio, paths, authors or ((login,) if paths else ()), flags)


def _list(value: Any) -> tuple[str, ...]:
    """A TOML list or a ';'-separated CSV cell as a tuple of non-empty strings."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
    return tuple(s for s in (str(i).strip() for i in items) if s)


def _advice_value(key: str, value: Any) -> Any:
    """A role, background or degree value: CSV text turned into its type, then validated like the configuration."""
    if isinstance(value, str) and key not in TEXT_KEYS:
        word = value.strip().lower()
        if key in BOOLEAN_KEYS:
            if word not in TRUE | FALSE:
                raise InputError(f"{key} must be yes or no, not {value!r}; skipped")
            value = word in TRUE
        else:
            try:
                value = float(word)
            except ValueError:
                raise InputError(f"{key} must be a number, not {value!r}; skipped") from None
    if key == "role":
        from readiness.scoring.roles import load_roles

        roles = load_roles().ids
        if value not in roles:
            raise InputError(f"role {value!r} is not a role (known: {', '.join(roles)}); skipped")
        return value
    rules = BACKGROUND_RULES if key in BACKGROUND_RULES else DEGREE_RULES
    try:
        return rules[key]("roster", key, value)
    except ReadinessError as exc:
        raise InputError(f"{str(exc).removeprefix('roster: ')}; skipped") from None
