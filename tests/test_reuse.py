"""An unchanged rerun reuses the kept whole report, and only then: any input that shapes a report makes a new one."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import readiness.pipeline.assess as assess_module
from readiness.models import Person
from readiness.pipeline.config import Config
from readiness.pipeline.reuse import FOLDER, report_key
from readiness.pipeline.run import gather_and_assess
from readiness.report.formats import DETAILED, RENDERERS
from readiness.serialize import to_data
from readiness.sources.local import local_sources
from tests.factories import make_repo

FILES = {
    "README.md": "# demo\n\nA small project.\n",
    "train.py": "import sklearn\n\n\ndef fit(x):\n    return x\n",
    "requirements.txt": "scikit-learn==1.5.2\n",
}


def _targets(tmp_path: Path, count: int = 2) -> tuple[str, ...]:
    return tuple(str(make_repo(tmp_path / f"r{i}", dict(FILES, **{f"m{i}.py": f"X = {i}\n"}))) for i in range(count))


def _same(a, b) -> bool:
    return dataclasses.replace(a, generated_at="") == dataclasses.replace(b, generated_at="")


def _no_assessment(monkeypatch) -> list[str]:
    """Make a real assessment fail loudly: what follows must come from the kept report."""
    calls: list[str] = []

    def refuse(*args, **kwargs):
        calls.append("assess")
        raise AssertionError("assessed again although nothing changed")

    monkeypatch.setattr(assess_module, "assess", refuse)
    return calls


def test_an_unchanged_rerun_reuses_the_whole_report_and_renders_exactly_alike(tmp_path: Path, monkeypatch) -> None:
    targets = _targets(tmp_path)
    config = Config(report_cache=tmp_path / "cache")
    fresh = gather_and_assess(targets, False, config, None)
    assert len(list((tmp_path / "cache" / FOLDER).glob("*.json"))) == 1
    _no_assessment(monkeypatch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reused = gather_and_assess(targets, False, dataclasses.replace(config, jobs=2), None)  # jobs change no result
    assert reused.generated_at == "2023-11-14T22:13:20Z"  # stamped for this run
    assert _same(reused, fresh) and to_data(dataclasses.replace(reused, generated_at="")) == to_data(dataclasses.replace(fresh, generated_at=""))
    stamped = dataclasses.replace(fresh, generated_at=reused.generated_at)
    for fmt in RENDERERS:
        assert RENDERERS[fmt](reused) == RENDERERS[fmt](stamped), fmt
    for fmt in DETAILED:
        assert DETAILED[fmt](reused) == DETAILED[fmt](stamped), fmt


@pytest.mark.parametrize("change", ["tracked file", "staged file", "config", "candidate", "subject", "code"])
def test_any_input_that_shapes_a_report_makes_a_new_one(tmp_path: Path, monkeypatch, change: str) -> None:
    targets = _targets(tmp_path)
    config = Config(report_cache=tmp_path / "cache")
    sources = local_sources(list(targets))
    key = report_key(sources, config, "s", None)
    assert key is not None and key == report_key(sources, config, "s", None)
    root = Path(targets[0])
    if change == "tracked file":
        (root / "train.py").write_text("import sklearn\n\n\ndef fit(x):\n    return 2 * x\n")
        assert report_key(sources, config, "s", None) != key
    elif change == "staged file":
        (root / "new.py").write_text("Y = 1\n")
        from readiness.sources.gitsafe import run_git

        run_git(["add", "new.py"], root)
        assert report_key(sources, config, "s", None) != key
    elif change == "config":
        changed = dataclasses.replace(config, skip=(("DOC001", "documented elsewhere"),))
        assert report_key(sources, changed, "s", None) != key
        assert report_key(sources, dataclasses.replace(config, role="data-engineer"), "s", None) != key
    elif change == "candidate":
        assert report_key(sources, config, "s", Person(login="someone", emails=("a@example.com",))) != key
    elif change == "subject":
        assert report_key(sources, config, "t", None) != key
    else:
        import readiness.pipeline.reuse as reuse

        monkeypatch.setattr(reuse, "code_digest", lambda: "other code")
        assert report_key(sources, config, "s", None) != key
    assert report_key(sources, dataclasses.replace(config, report_cache=None), "s", None) is None  # no cache, no key


def test_a_changed_repository_is_assessed_again_and_a_bad_kept_report_is_never_trusted(tmp_path: Path) -> None:
    targets = _targets(tmp_path)
    config = Config(report_cache=tmp_path / "cache")
    first = gather_and_assess(targets, False, config, None)
    (Path(targets[1]) / "README.md").write_text("# demo\n\nNow described at length, with a usage section.\n")
    second = gather_and_assess(targets, False, config, None)
    assert second.repos[0] == first.repos[0]  # the unchanged repository's report, from its own cache entry
    assert len(list((tmp_path / "cache" / FOLDER).glob("*.json"))) == 2
    uncached = gather_and_assess(targets, False, Config(), None)
    assert _same(second, uncached)
    for kept in (tmp_path / "cache" / FOLDER).glob("*.json"):
        kept.write_text('{"schema_version": "1.0", "truncated')
    again = gather_and_assess(targets, False, config, None)
    assert _same(again, uncached)
    key = report_key(local_sources(list(targets)), config, again.subject, None)
    assert json.loads((tmp_path / "cache" / FOLDER / f"{key}.json").read_text())["subject"] == again.subject  # rewritten


def test_a_partial_report_is_not_kept(tmp_path: Path, monkeypatch) -> None:
    targets = _targets(tmp_path, 1)
    config = Config(report_cache=tmp_path / "cache")
    real = assess_module.assess

    def partial(*args, **kwargs):
        return dataclasses.replace(real(*args, **kwargs), partial=True)

    monkeypatch.setattr(assess_module, "assess", partial)
    gather_and_assess(targets, False, config, None)
    assert not list((tmp_path / "cache" / FOLDER).glob("*.json"))
    assert gather_and_assess(targets, False, config, None).partial  # assessed again, not reused


def test_a_first_run_reads_each_tree_state_once(tmp_path: Path, monkeypatch) -> None:
    """The whole report's key and the repositories' own cache keys come from the same tree states: each repository's
    files are looked at once, and both caches are filled (a rerun then reuses the whole report)."""
    import readiness.pipeline.cache as cache_module
    import readiness.pipeline.reuse as reuse_module
    import readiness.pipeline.runner as runner_module

    targets = _targets(tmp_path)
    config = Config(report_cache=tmp_path / "cache", jobs=1)
    reads: list[Path] = []
    real = cache_module.tree_state
    for module in (reuse_module, runner_module):
        monkeypatch.setattr(module, "tree_state", lambda path, memo=None: reads.append(path) or real(path, memo))
    first = gather_and_assess(targets, False, config, None)
    assert sorted(reads) == sorted(Path(t) for t in targets)
    assert len(list((tmp_path / "cache" / FOLDER).glob("*.json"))) == 1
    assert len([p for p in (tmp_path / "cache").rglob("*.json") if FOLDER not in p.parts]) == len(targets)
    _no_assessment(monkeypatch)
    assert _same(gather_and_assess(targets, False, config, None), first)
