"""The candidate's background and degree plan (all optional), validated strictly from config tables or flags."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from readiness.errors import ConfigError

MODALITIES = ("online", "hybrid", "in-person")
PACES = ("part-time", "full-time")
INSTITUTIONS = ("public", "private", "elite")


@dataclass(frozen=True, slots=True)
class Background:
    """Who the candidate is today; None means not given."""

    stem_degree: bool | None = None
    years_experience: float | None = None
    current_role: str | None = None
    current_salary: float | None = None


@dataclass(frozen=True, slots=True)
class DegreePlan:
    """What a degree would look like for the candidate; None means not given (the cost model's defaults apply)."""

    budget: float | None = None
    """Cash available toward tuition and housing; the rest is borrowed when a loan rate is given."""
    modality: str | None = None
    credential_required: bool | None = None
    pace: str | None = None
    loan_rate: float | None = None
    """Yearly interest rate as a fraction (0.065 = 6.5%)."""
    relocate: bool | None = None
    institution: str | None = None
    tuition_per_year: float | None = None
    years: float | None = None
    """Full-time duration in years."""
    housing_per_month: float | None = None
    loan_years: int | None = None


def _number(where: str, key: str, value: Any, low: float, high: float, integer: bool = False) -> float | int:
    """A number within [LOW, HIGH], or a ConfigError."""
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or not low <= value <= high:
        kind = "a whole number" if integer else "a number"
        raise ConfigError(f"{where}: {key} must be {kind} from {low:g} to {high:g}, not {value!r}")
    return value


def _choice(where: str, key: str, value: Any, options: tuple[str, ...]) -> str:
    """One of OPTIONS, or a ConfigError."""
    if value not in options:
        raise ConfigError(f"{where}: {key} must be one of {', '.join(options)}, not {value!r}")
    return value


def _flag(where: str, key: str, value: Any) -> bool:
    """A boolean, or a ConfigError."""
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
    return value


def _text(where: str, key: str, value: Any) -> str:
    """A short non-empty string, or a ConfigError."""
    if not isinstance(value, str) or not value.strip() or len(value) > 80:
        raise ConfigError(f"{where}: {key} must be a short text, not {value!r}")
    return value.strip()


BACKGROUND_RULES = {
    "stem_degree": lambda w, k, v: _flag(w, k, v),
    "years_experience": lambda w, k, v: _number(w, k, v, 0, 60),
    "current_role": lambda w, k, v: _text(w, k, v),
    "current_salary": lambda w, k, v: _number(w, k, v, 0, 10_000_000),
}
DEGREE_RULES = {
    "budget": lambda w, k, v: _number(w, k, v, 0, 10_000_000),
    "modality": lambda w, k, v: _choice(w, k, v, MODALITIES),
    "credential_required": lambda w, k, v: _flag(w, k, v),
    "pace": lambda w, k, v: _choice(w, k, v, PACES),
    "loan_rate": lambda w, k, v: _number(w, k, v, 0, 0.5),
    "relocate": lambda w, k, v: _flag(w, k, v),
    "institution": lambda w, k, v: _choice(w, k, v, INSTITUTIONS),
    "tuition_per_year": lambda w, k, v: _number(w, k, v, 0, 1_000_000),
    "years": lambda w, k, v: _number(w, k, v, 0.5, 10),
    "housing_per_month": lambda w, k, v: _number(w, k, v, 0, 100_000),
    "loan_years": lambda w, k, v: _number(w, k, v, 1, 40, integer=True),
}


def _parse(table: Any, rules: dict, where: str) -> dict[str, Any]:
    """Validate a table against RULES: unknown keys and bad values are ConfigErrors."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - set(rules))
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(rules))}")
    return {key: rules[key](where, key, value) for key, value in table.items()}


def parse_background(table: Any, where: str = "[background]") -> Background:
    """Validate a [background] table."""
    return Background(**_parse(table, BACKGROUND_RULES, where))


def parse_degree(table: Any, where: str = "[degree]") -> DegreePlan:
    """Validate a [degree] table."""
    return DegreePlan(**_parse(table, DEGREE_RULES, where))


def overridden(base: Any, **flags: Any) -> Any:
    """BASE with every flag that was given (not None) replacing its value, validated like the config."""
    names = {f.name for f in fields(base)}
    given = {k: v for k, v in flags.items() if k in names and v is not None}
    rules = BACKGROUND_RULES if isinstance(base, Background) else DEGREE_RULES
    checked = {k: rules[k]("command line", f"--{k.replace('_', '-')}", v) for k, v in given.items()}
    return replace(base, **checked)
