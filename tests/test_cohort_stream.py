"""The cohort report built from rows spooled to disk: rows come back in roster order exactly as put (an int stays an
int), the cohort-wide figures equal those computed over every row in memory, every format streams the same text as
rendering the whole report at once, and the memory for building and rendering does not grow with the cohort."""

from __future__ import annotations

import json
import random
import statistics
import tracemalloc
from typing import Any

import pytest

from readiness.models import Dimension, DimensionScore, RoleScore
from readiness.report.cohort_formats import render_json
from readiness.report.cohort_model import CandidateFailure, CandidateRow, GapRef, RowProblem, build
from readiness.report.cohort_render import RENDERERS
from readiness.report.cohort_stream import Spool, spooled
from readiness.report.markdown import md
from readiness.serialize import to_data

ROLES = (("ml-engineer", "ML engineer"), ("data-scientist", "Data scientist"), ("research", "Research"))
BANDS = ((0.0, "not yet"), (40.0, "emerging"), (60.0, "competitive"), (80.0, "strong"))
GAPS = tuple(GapRef(f"{d.prefix}-{n:03d}", f"Gap {n} of {d.label}", d) for d in Dimension for n in (1, 2))


def band(score: float | None) -> str:
    """The band a score falls in (as the role book has them)."""
    return "no evidence" if score is None else [name for bound, name in BANDS if score >= bound][-1]


def make_row(index: int, rng: random.Random) -> CandidateRow:
    """A candidate's row with scores of one decimal (some missing, some integers), a few gaps and dimension scores."""
    roles = []
    for number, (role, label) in enumerate(ROLES):
        score = None if rng.random() < 0.1 else (float(rng.randrange(0, 101)) if rng.random() < 0.2 else rng.randrange(0, 1001) / 10)
        roles.append(RoleScore(role, label, score, band(score), number == index % 3, ("tst-001",) if rng.random() < 0.3 else (),
                               score, 0 if rng.random() < 0.5 else 0.0))
    dimensions = tuple(DimensionScore(d, None if rng.random() < 0.2 else rng.randrange(0, 101) / 10, 3, 1) for d in Dimension)
    gaps = tuple(rng.sample(GAPS, rng.randrange(0, 6)))
    return CandidateRow(f"cand-{index:05d}", index + 2, f"/srv/c{index}", f"candidates/cand-{index:05d}.0123abcd.json",
                        f"cand-{index:05d}", ROLES[index % 3][0], rng.randrange(0, 1001) / 10, rng.random() < 0.1,
                        rng.randrange(1, 9), rng.randrange(0, 3), tuple(roles), dimensions, gaps)


def cohort(n: int, seed: int = 7) -> tuple[list[CandidateRow], list[CandidateFailure], Any]:
    """N rows and a few failures, spooled in a shuffled order (as tasks complete), and the report built from them."""
    rng = random.Random(seed)
    rows = [make_row(i, rng) for i in range(n)]
    failed = {i for i in range(n) if i % 17 == 5}
    failures = [CandidateFailure(rows[i].name, rows[i].row, f"{rows[i].name}: no such GitHub user") for i in sorted(failed)]
    row_spool, failure_spool = Spool(CandidateRow, n), Spool(CandidateFailure, n)
    order = list(range(n))
    rng.shuffle(order)
    for i in order:
        if i in failed:
            failure_spool.put(failures[sorted(failed).index(i)], i)
        else:
            row_spool.put(rows[i], i)
    kept = [r for i, r in enumerate(rows) if i not in failed]
    problems = [RowProblem(1, "unknown column 'notes' ignored"), RowProblem(n + 3, "empty login; skipped")]
    return kept, failures, build(row_spool, failure_spool, problems, "roster.csv", "0.1.0", "2026-05-28T20:26:40Z")


def test_spool_reads_back_in_slot_order_exactly_as_put() -> None:
    """Whatever order items are put in, they come back in slot order, equal and with the same number types, as often
    as asked; a slot is written once."""
    rng = random.Random(1)
    rows = [make_row(i, rng) for i in range(40)]
    spool = Spool(CandidateRow, 50)
    for i in reversed(range(40)):
        spool.put(rows[i], i + 5)
    assert len(spool) == 40 and list(spool) == rows and list(spool) == rows
    assert [type(r.penalty) for row in spool for r in row.roles] == [type(r.penalty) for row in rows for r in row.roles]
    with pytest.raises(ValueError):
        spool.put(rows[0], 5)
    names = spooled(str, ["ada", "bob"])
    assert list(names) == ["ada", "bob"] and len(names) == 2 and not Spool(str)


def test_cohort_figures_equal_those_over_every_row() -> None:
    """Mean, median, range, bands, histogram and who is ready per role, and the common gaps with their counts and first
    names, equal the figures computed over the whole list of rows."""
    rows, failures, report = cohort(300)
    assert list(report.candidates) == rows and list(report.failures) == failures
    for summary in report.roles:
        scores = [r.score for row in rows for r in row.roles if r.role == summary.role and r.score is not None]
        assert summary.scored == len(scores)
        assert summary.mean == round(statistics.fmean(scores), 1) and summary.median == round(statistics.median(scores), 1)
        assert (summary.low, summary.high) == (min(scores), max(scores))
        bands = [r.band for row in rows for r in row.roles if r.role == summary.role]
        assert dict(summary.bands) == {b: bands.count(b) for b, _ in summary.bands} and sum(dict(summary.bands).values()) == len(rows)
        assert list(summary.histogram) == [sum(1 for s in scores if min(9, int(s // 10)) == b) for b in range(10)]
        ready = [row.name for row in rows for r in row.roles if r.role == summary.role and r.band in ("competitive", "strong")]
        assert list(summary.ready) == ready and len(summary.ready) == len(ready)
    counts: dict[str, list[str]] = {}
    for row in rows:
        for check in dict.fromkeys(g.check_id for g in row.gaps):
            counts.setdefault(check, []).append(row.name)
    expected = sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))[:15]
    assert [(g.check_id, g.candidates, g.names) for g in report.gaps] == [(c, len(w), tuple(w[:12])) for c, w in expected]
    assert all(g.share == round(g.candidates / len(rows), 3) for g in report.gaps)


def materialised(report: Any) -> dict[str, Any]:
    """The report as data with every spool read into a list: what json.dumps of the whole report would write."""
    data = to_data({f: getattr(report, f) for f in ("schema", "tool_version", "generated_at", "roster")})
    data["candidates"] = [{**to_data(row), "summary": row.summary} for row in report.candidates]
    data["failures"] = [to_data(f) for f in report.failures]
    data["roster_problems"] = to_data(report.roster_problems)
    data["roles"] = [{**{k: to_data(getattr(r, k)) for k in ("role", "label", "scored", "mean", "median", "low", "high",
                                                             "bands", "histogram")}, "ready": list(r.ready)} for r in report.roles]
    data["gaps"], data["dimensions"] = to_data(report.gaps), to_data(report.dimensions)
    return data


@pytest.mark.parametrize("n", [0, 1, 60])
def test_streamed_json_is_the_whole_reports_json(n: int) -> None:
    """The JSON written a piece at a time is byte for byte json.dumps of the whole report (empty lists included)."""
    _, _, report = cohort(n)
    text = "".join(render_json(report))
    assert text == json.dumps(materialised(report), indent=1, ensure_ascii=False) + "\n"
    assert json.loads(text)["roles"] == materialised(report)["roles"]


def test_ready_names_stream_as_one_escaped_list() -> None:
    """The names written one at a time are the list escaped as a whole (logins carry no markup), and 'nobody yet'."""
    _, _, report = cohort(120)
    markdown = "".join(RENDERERS["markdown"](report))
    for role in report.roles:
        line = f"- **{md(role.label)}**: {md(', '.join(role.ready)) if role.ready else 'nobody yet'}\n"
        assert line in markdown
    text = "".join(RENDERERS["text"](report))
    assert all(f"  {r.label}: {', '.join(r.ready) or 'nobody yet'}\n" in text for r in report.roles)


def peak(n: int) -> int:
    """The peak of Python allocations while building and rendering every format of an N-candidate cohort already spooled."""
    rows, failures, _ = cohort(n)
    row_spool, failure_spool = Spool(CandidateRow, n), Spool(CandidateFailure, n)
    for i, row in enumerate(rows):
        row_spool.put(row, i)
    for i, failure in enumerate(failures):
        failure_spool.put(failure, len(rows) + i)
    del rows, failures
    tracemalloc.start()
    try:
        report = build(row_spool, failure_spool, (), "roster.csv", "0.1.0", "2026-05-28T20:26:40Z")
        for render in RENDERERS.values():
            for _ in render(report):
                pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_building_and_rendering_hold_no_row_per_candidate() -> None:
    """Four times the candidates: the peak memory of building and rendering grows by less than 2 KB a candidate (a
    row in memory is about 6 KB; the spool's index is 16 bytes a slot)."""
    peak(20)  # the caches every run fills (type loaders, the role book) are not the cohort's
    small, large = peak(150), peak(600)
    assert large - small < 450 * 2048, (small, large)


def test_a_candidate_s_earlier_reports_are_removed_and_the_folder_is_listed_once(tmp_path: Path, monkeypatch) -> None:
    import os

    from readiness.cli.cohort import _store

    folder = tmp_path / "candidates"
    folder.mkdir()
    for name in ("ann.old.json", "anna.x.json", "ann.a.b.json", ".ann.tmp.json", "bob.y.json", "ann.notes.txt"):
        (folder / name).write_text("{}")
    listed = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: listed.append(path) or scandir(path))
    store = _store(tmp_path)
    store("candidates/ann.new.json", "{}")
    assert sorted(p.name for p in folder.iterdir()) == [".ann.tmp.json", "ann.a.b.json", "ann.new.json", "ann.notes.txt", "anna.x.json", "bob.y.json"]
    store("candidates/ann.newer.json", "{}")  # written in this run: known without listing the folder again
    for i in range(50):
        store(f"candidates/c{i}.d.json", "{}")
    store("candidates/bob.z.json", "{}")
    names = {p.name for p in folder.iterdir()}
    assert "ann.new.json" not in names and {"ann.newer.json", "bob.z.json", "c49.d.json"} <= names and "bob.y.json" not in names
    assert len(listed) == 1


def test_the_cohort_client_keeps_a_short_log_of_its_messages(tmp_path: Path) -> None:
    # the client's log of recent batches to the scheduler holds each submitted task's pickled inputs: it must be as
    # short as the embedded scheduler's logs, or a cohort's memory grows with each candidate until 1,000 are logged
    from readiness.cohort.run import EMBEDDED, Execution, dask_client
    from tests.dask_cluster import DaskCluster
    from tests.test_cohort_dask import environment

    with DaskCluster(1, environment(), tmp_path / "logs") as cluster, dask_client(Execution(tmp_path, scheduler=cluster.address)) as client:
        assert client.scheduler_comm.recent_message_log.maxlen == EMBEDDED["distributed.admin.low-level-log-length"]


def test_the_cohort_loop_collects_its_garbage_every_so_many_candidates(tmp_path: Path, monkeypatch) -> None:
    import gc

    from click.testing import CliRunner

    import readiness.cohort.run as cohort_run
    from readiness.cli.main import cli
    from tests.dask_cluster import DaskCluster
    from tests.factories import make_repo
    from tests.test_cohort_dask import environment, write_roster

    rows = [{"login": f"c{i}", "paths": str(make_repo(tmp_path / f"r{i}", {"README.md": "# r\n", f"m{i}.py": f"X = {i}\n"}))} for i in range(3)]
    roster = write_roster(tmp_path / "roster.csv", rows)
    collected = []
    collect = gc.collect
    monkeypatch.setattr(cohort_run, "COLLECT_EVERY", 2)
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or collect(*a))
    with DaskCluster(1, environment(), tmp_path / "logs") as cluster:  # the client in this process, the cluster in its own
        result = CliRunner().invoke(cli, ["-q", "cohort", str(roster), "--output-dir", str(tmp_path / "out"), "--scheduler", cluster.address,
                                          "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out" / "candidates").glob("*.json"))) == 3
    assert len(collected) >= 1  # after the second candidate (Dask may collect too; without the loop's call, none here)
