"""Role data (roles.toml, sources.toml), role scores, bands, must-haves and the role/background configuration."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from checks import all_checks
from readiness.errors import ConfigError
from readiness.models import Dimension, DimensionScore, Status
from readiness.pipeline.config import Config, apply_flags, load_config, parse
from readiness.scoring.data import ROLES_FILE, load_sources, source_ids
from readiness.scoring.roles import band, load_roles, missing_must_haves, parse_roles, role_points, role_scores
from tests.guidance_helpers import make_finding, make_report

SEED_ROLES = {"ml-engineer", "data-scientist", "data-engineer", "software-engineer", "research"}


def _data() -> dict:
    return tomllib.loads(ROLES_FILE.read_text(encoding="utf-8"))


def _parse(data: dict):
    return parse_roles(data, (s.id for s in all_checks()), source_ids())


def test_bundled_roles_cover_seed_001_and_every_dimension() -> None:
    book = load_roles()
    assert set(book.ids) == SEED_ROLES and book.default == "ml-engineer"
    for role in book.roles:
        assert [w.dimension for w in role.weights] == list(Dimension)
        assert all(w.weight > 0 and w.reason and w.source in source_ids() for w in role.weights)
        assert role.must_haves, role.id


def test_sources_include_both_seeds_with_their_figures() -> None:
    sources = {s.id: s for s in load_sources()}
    assert {"seed-000", "seed-001"} <= set(sources)
    for figure in ("$12,171", "$27,776", "$52,000", "$120,883", "$139,202", "$112,896", "$122,400", "$58,260", "2018", "2021"):
        assert figure in sources["seed-001"].detail


def _drop_dimension(d: dict) -> None:
    del d["roles"]["ml-engineer"]["weights"]["testing"]


def _zero_weight(d: dict) -> None:
    d["roles"]["ml-engineer"]["weights"]["testing"]["weight"] = 0


def _no_reason(d: dict) -> None:
    d["roles"]["ml-engineer"]["weights"]["testing"]["reason"] = " "


def _unknown_source(d: dict) -> None:
    d["roles"]["ml-engineer"]["weights"]["testing"]["source"] = "a-blog"


def _unknown_check(d: dict) -> None:
    d["roles"]["ml-engineer"]["must_have"][0]["check"] = "ZZZ999"


def _bad_rule(d: dict) -> None:
    d["roles"]["ml-engineer"]["must_have"][0]["rule"] = "sometimes"


def _bad_bands(d: dict) -> None:
    d["bands"] = {"not-yet": 10, "strong": 5}


def _unknown_default(d: dict) -> None:
    d["default"] = "astronaut"


def _extra_dimension(d: dict) -> None:
    d["roles"]["ml-engineer"]["weights"]["charisma"] = {"weight": 1, "reason": "x", "source": "seed-000"}


@pytest.mark.parametrize("breakage", [_drop_dimension, _zero_weight, _no_reason, _unknown_source, _unknown_check, _bad_rule, _bad_bands, _unknown_default, _extra_dimension])
def test_role_data_is_validated_strictly(breakage) -> None:
    data = copy.deepcopy(_data())
    breakage(data)
    with pytest.raises(ConfigError):
        _parse(data)


def _portfolio(**scores: float) -> tuple[DimensionScore, ...]:
    return tuple(DimensionScore(d, scores.get(d.value), 1 if d.value in scores else 0, 0) for d in Dimension)


@pytest.mark.parametrize(
    ("role", "scores", "expected"),
    [
        ("ml-engineer", {"documentation": 10, "deployment": 0}, 40.0),  # (10*2 + 0*3) / 5
        ("data-scientist", {"documentation": 10, "deployment": 0}, 66.7),  # (10*2 + 0*1) / 3
        ("data-engineer", {"documentation": 10, "deployment": 0}, 50.0),  # (10*2 + 0*2) / 4
        ("software-engineer", {"documentation": 10, "deployment": 0}, 40.0),  # (10*2 + 0*3) / 5
        ("research", {"documentation": 10, "deployment": 0}, 85.7),  # (10*3 + 0*0.5) / 3.5
        ("ml-engineer", {"documentation": 8}, 80.0),  # the only scored dimension: the others are left out, not zero
        ("ml-engineer", {}, None),
    ],
)
def test_role_points_renormalise_over_scored_dimensions(role: str, scores: dict, expected: float | None) -> None:
    assert role_points(load_roles().get(role), _portfolio(**scores)) == expected


@pytest.mark.parametrize(
    ("score", "missing", "expected"),
    [(0, (), "not yet"), (39.9, (), "not yet"), (40, (), "emerging"), (59.9, (), "emerging"), (60, (), "competitive"),
     (80, (), "strong"), (100, (), "strong"), (96.6, ("DOC012",), "emerging"), (20, ("DOC012",), "not yet"), (None, (), "no evidence")],
)
def test_bands_and_the_must_have_cap(score, missing, expected) -> None:
    assert band(score, missing, load_roles()) == expected


def test_must_have_rules() -> None:
    role = load_roles().get("ml-engineer")
    leaked = [make_finding("a", "DOC012", Status.PASS), make_finding("b", "DOC012", Status.FAIL), make_finding("a", "DOC001", Status.PASS)]
    assert missing_must_haves(role, leaked) == ("DOC012",)
    no_readme = [make_finding("a", "DOC001", Status.FAIL), make_finding("b", "DOC001", Status.NOT_APPLICABLE)]
    assert missing_must_haves(role, no_readme) == ("DOC001",)
    unobserved = [make_finding("a", "DOC001", Status.UNKNOWN)]
    assert missing_must_haves(role, unobserved) == ()


def test_role_scores_put_the_target_first_and_ignore_forks() -> None:
    report = make_report(
        {"own": [make_finding("own", "DOC001"), make_finding("own", "DOC012"), make_finding("own", "TST001")],
         "forked": [make_finding("forked", "DOC012", Status.FAIL)]},
        forks=("forked",),
    )
    scores = role_scores(report, "data-engineer")
    assert [s.role for s in scores][0] == "data-engineer" and scores[0].target and not any(s.target for s in scores[1:])
    assert {s.role for s in scores} == SEED_ROLES
    assert all(s.score == 100.0 and s.band == "strong" and not s.missing_must_haves for s in scores)


def test_sample_report_has_roles_with_the_default_target(sample_report) -> None:
    assert sample_report.target_role == "ml-engineer"
    assert sample_report.roles[0].role == "ml-engineer" and sample_report.roles[0].target
    assert "DOC012" in sample_report.roles[0].missing_must_haves  # rag-chat commits an OpenAI key in .env


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"role": "astronaut"}, "not a role"),
        ({"background": {"stem_degree": "yes"}}, "stem_degree must be true or false"),
        ({"background": {"years_experience": -1}}, "years_experience"),
        ({"background": {"shoe_size": 42}}, "unknown setting"),
        ({"degree": {"modality": "by post"}}, "modality must be one of"),
        ({"degree": {"pace": "leisurely"}}, "pace must be one of"),
        ({"degree": {"loan_rate": 6.5}}, "loan_rate"),
        ({"degree": {"budget": True}}, "budget"),
        ({"degree": {"loan_years": 2.5}}, "whole number"),
        ({"degree": "online"}, "must be a table"),
    ],
)
def test_config_rejects_bad_role_and_background_settings(table: dict, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        parse(table, ".readiness.toml")


def test_config_reads_role_background_and_degree_and_flags_override(tmp_path: Path) -> None:
    path = tmp_path / ".readiness.toml"
    path.write_text(
        'role = "data-scientist"\n[background]\nstem_degree = true\nyears_experience = 3\ncurrent_role = "analyst"\n'
        '[degree]\nbudget = 30000\nmodality = "online"\ncredential_required = false\npace = "part-time"\nloan_rate = 0.065\nrelocate = false\n',
        encoding="utf-8",
    )
    config = load_config(path, tmp_path)
    assert config.role == "data-scientist" and config.background.years_experience == 3 and config.degree.loan_rate == 0.065
    flagged = apply_flags(config, {"role": "research", "stem_degree": False, "pace": None, "budget": 5000.0})
    assert flagged.role == "research" and flagged.background.stem_degree is False
    assert flagged.degree.pace == "part-time" and flagged.degree.budget == 5000.0
    with pytest.raises(ConfigError, match="not a role"):
        apply_flags(Config(), {"role": "astronaut"})
