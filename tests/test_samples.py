"""End to end on the sample portfolio: each persona's failing checks, and deterministic materialisation."""

from __future__ import annotations

import pytest

from readiness.models import Status
from readiness.sources.gitsafe import run_git
from readiness.sources.samples import load_personas, materialize
from tests.factories import failing_ids

# The documentation checks each persona is expected to fail: one row per persona (every persona must have
# a row). Other check families keep their own table in their own test module, compared with
# `failing_ids(report, persona, PREFIX)`.
EXPECTED_FAILURES = {
    "churn-model": set(),
    "titanic-notebooks": {"DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC006", "DOC007", "DOC009", "DOC010"},
    "taxi-pipeline": set(),
    "rag-chat": {"DOC004", "DOC007", "DOC012", "DOC016"},
    "tinystats": set(),
    "ada-learner": {"DOC002", "DOC003", "DOC005", "DOC006", "DOC009"},
    "ml-project-template": {"DOC001", "DOC002", "DOC007"},
    "sentiment-course": {"DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC008", "DOC009", "DOC011"},
    "loan-api": set(),
    "notes-api": set(),
    "wordfreq": {"DOC006", "DOC010"},
    "geokit": set(),
    "digits-space": set(),
    "energy-notebooks": set(),
    "bikes-stripped-notebooks": {"DOC005"},
    "notebook-scratchpad": {"DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC006", "DOC009", "DOC012"},
    "air-quality-alerts": set(),
    "shop-sales-scripts": set(),
    "demand-vertex": set(),
    "attrition-api": set(),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED_FAILURES))
def test_persona_failures(sample_report, persona: str) -> None:
    """Each persona fails exactly the expected documentation checks, no more, no fewer."""
    assert failing_ids(sample_report, persona, "DOC") == EXPECTED_FAILURES[persona]


def test_every_persona_is_in_the_table(sample_report) -> None:
    assert {r.name for r in sample_report.repos} == set(EXPECTED_FAILURES)


def test_histories_follow_the_script(sample_report) -> None:
    """Commit counts come from personas.toml: one code dump, a multi-month history, a fork by others."""
    commits = {r.name: r.commits for r in sample_report.repos}
    assert commits["titanic-notebooks"] == 1
    assert commits["churn-model"] == 24
    assert commits["tinystats"] == 40


def test_materialisation_is_deterministic(tmp_path) -> None:
    """The same persona gives the same commit ids wherever and whenever it is built."""
    _, personas = load_personas()
    persona = next(p for p in personas if p.name == "churn-model")
    first = materialize(persona, parent=tmp_path / "a")
    second = materialize(persona, parent=tmp_path / "b")
    head = lambda path: run_git(["rev-parse", "HEAD"], path).stdout.strip()  # noqa: E731
    assert head(first) == head(second)
    assert materialize(persona, parent=tmp_path / "a") == first  # cached, not rebuilt
    log = run_git(["log", "--format=%an|%ae|%at"], first).stdout.decode().splitlines()
    assert len(log) == 24 and all(line.startswith("Ada Learner|ada.learner@example.com|") for line in log)


def test_renamed_git_files_are_restored(sample_report) -> None:
    """dot.gitignore in the sample tree is .gitignore in the materialised repository."""
    repo = next(r for r in sample_report.repos if r.name == "churn-model")
    gitignore = next(f for f in repo.findings if f.check_id == "DOC009")
    assert gitignore.status is Status.PASS


def test_byte_compiled_caches_are_not_sample_content(tmp_path) -> None:
    """pip compiles the bundled samples' .py files on install; those caches must not enter the sample repositories."""
    import shutil

    from readiness.sources.samples import samples_root

    root = tmp_path / "samples"
    shutil.copytree(samples_root(), root)
    cache = root / "ada-learner" / "__pycache__"
    cache.mkdir()
    (cache / "scrape_jobs.cpython-311.pyc").write_bytes(b"\x00compiled")
    _, personas = load_personas(root)
    persona = next(p for p in personas if p.name == "ada-learner")
    repo = materialize(persona, root=root, parent=tmp_path / "out")
    tracked = run_git(["ls-files"], repo).stdout.decode().split()
    assert tracked and not any("__pycache__" in path for path in tracked)


def test_a_persona_that_commits_a_database_password_fails_doc016(tmp_path, sample_report) -> None:
    """notes-api moved from SQLite to Postgres with the password in the connection URL: DOC016 fails through the whole
    pipeline (materialised history, facts, checks, scores), names the line, takes the red flag's points and never shows
    the password; the persona as shipped passes."""
    import shutil

    from readiness.pipeline.assess import assess
    from readiness.pipeline.config import Config
    from readiness.sources.local import RepoSource
    from readiness.sources.samples import samples_root

    root = tmp_path / "samples"
    shutil.copytree(samples_root(), root)
    app = root / "notes-api" / "notes" / "app.py"
    app.write_text(app.read_text().replace('"sqlite:///notes.db"', '"postgresql://notes:6381581291@db.internal:5432/notes"'))
    candidate, personas = load_personas(root)
    persona = next(p for p in personas if p.name == "notes-api")
    source = RepoSource("notes-api", materialize(persona, root=root, parent=tmp_path / "out"), "sample:notes-api")
    report = assess([source], Config(), "notes-api with a password", candidate=candidate.person)
    finding = next(f for f in report.repos[0].findings if f.check_id == "DOC016")
    assert finding.status is Status.FAIL
    assert [(e.path, e.line) for e in finding.evidence] == [("notes/app.py", 8)]
    assert "6381581291" not in repr(report)
    assert [(p.check_id, p.points) for p in report.penalties] == [("DOC016", 5.0)]
    shipped = next(r for r in sample_report.repos if r.name == "notes-api")
    assert next(f for f in shipped.findings if f.check_id == "DOC016").status is Status.PASS
