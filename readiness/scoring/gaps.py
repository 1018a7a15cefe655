"""Ranked gaps for the target role: the role points a failing check is worth per unit of effort, per repository."""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence

from readiness.models import Evidence, Finding, Gap, RepoReport, RepoScore, Report, Status
from readiness.scoring import scores as scoring
from readiness.scoring.policy import load_policy
from readiness.scoring.roles import Role, RoleBook, capped, load_roles, neutral_weights, plain_band, portfolio_scores, role_score

TOP = 5
EVIDENCE_PER_REPO = 2
PRIORITY = ("must-have", "first-ask")
"""Why a gap leads: a missing must-have (its cap costs points), then a check the role's reviewer asks about first."""

Fix = tuple[str, str]
"""(repository name or 'portfolio', check id): a failing finding imagined as passing."""


FULL = 10.0
HALF = 5.0
"""A pass at half marks or less (a few tests, an app nothing packages or hosts) meets a first ask only in part."""


def _fixed(finding: Finding, fixes: frozenset[Fix]) -> Finding:
    """The finding turned into a full pass when it is one of FIXES (a failure, or a pass at part marks)."""
    if (finding.repo, finding.check_id) in fixes and (finding.status is Status.FAIL or (finding.status is Status.PASS and (finding.points or 0.0) < FULL)):
        return replace(finding, status=Status.PASS, points=FULL)
    return finding


def _rescored_repo(repo: RepoReport, fixes: frozenset[Fix]) -> RepoReport:
    """A repository with its fixed findings and its dimension scores recomputed."""
    fixed = _with_fixes(repo, fixes)
    return replace(fixed, dimensions=scoring.dimension_scores(fixed.findings))


def _with_fixes(repo: RepoReport, fixes: frozenset[Fix]) -> RepoReport:
    """A repository with its fixed findings, its dimension scores left as they were: what-ifs score findings, never
    the stored dimensions, so recomputing them would be wasted work."""
    checks = {check for _, check in fixes}  # a cheap filter; _fixed decides
    return replace(repo, findings=tuple(_fixed(f, fixes) if f.check_id in checks else f for f in repo.findings))


class FixedScores:
    """Each own repository's score (neutral weights) once one failing check on it is imagined fixed, computed once per
    report: the what-ifs of the target role's gaps and every repository's own biggest gap ask for the same ones.
    KNOWN: scores `single_fixes` already computed with the same BOOK (as each repository was assessed)."""

    def __init__(self, repos: Sequence[RepoReport], book: RoleBook, known: Mapping[Fix, RepoScore] | None = None) -> None:
        self.own = {r.name: r for r in repos if not r.fork}
        self.weights, self.policy = neutral_weights(book), load_policy()
        self.band_of = lambda score: plain_band(score, book)
        self.memo: dict[Fix, RepoScore] = {key: value for key, value in (known or {}).items() if key[0] in self.own}
        self.failing = {name: scoring.failing_checks(r.findings) for name, r in self.own.items()}
        self.digests: dict[str, scoring.Digest] = {}

    def digest(self, name: str) -> scoring.Digest:
        """Repository NAME's findings digested for what-ifs (made once, when first asked for)."""
        if name not in self.digests:
            self.digests[name] = scoring.Digest(name, self.own[name].findings, (), self.policy)
        return self.digests[name]

    def score(self, name: str, check: str) -> RepoScore:
        """Repository NAME's own score with CHECK fixed."""
        key = (name, check)
        if key not in self.memo:
            self.memo[key] = self.digest(name).score({check}, self.weights, self.band_of)
        return self.memo[key]


def single_fixes(repo: RepoReport, book: RoleBook) -> dict[Fix, RepoScore]:
    """What FixedScores answers for REPO with BOOK: its score with each failing check fixed, one at a time (nothing for
    a fork). Worked out as each repository's report arrives, while the others are still being assessed, so that the
    gaps and advice at the end find them done."""
    if repo.fork:
        return {}
    fixed = FixedScores((repo,), book)
    return {(repo.name, f.check_id): fixed.score(repo.name, f.check_id) for f in repo.findings if f.status is Status.FAIL}


def rescore(report: Report, fixes: frozenset[Fix] = frozenset(), book: RoleBook | None = None) -> Report:
    """The whole report re-scored as if the findings in FIXES passed (a pure function; the reference for what-ifs)."""
    names = {name for name, _ in fixes}
    repos = tuple(_rescored_repo(r, fixes) if r.name in names else r for r in report.repos)
    shared = tuple(_fixed(f, fixes) for f in report.portfolio_findings)
    scored = portfolio_scores(repos, shared, report.featured, book, pinned=report.pinned)
    return replace(report, repos=repos, portfolio_findings=shared, portfolio=scored.dimensions, overall=scored.overall,
                   overall_band=scored.band, repo_scores=scored.repos, penalties=scored.penalties)


def rescore_all(report: Report, book: RoleBook | None = None) -> Report:
    """REPORT with every repository's dimensions and the portfolio scored by today's policy (for earlier reports)."""
    repos = tuple(replace(r, dimensions=scoring.dimension_scores(r.findings)) for r in report.repos)
    return rescore(replace(report, repos=repos), frozenset(), book)


class _WhatIf:
    """Role points after imagined fixes, re-scoring only the repositories that can change the result.

    The portfolio is its best work plus red flags anywhere. A fix only raises the fixed repositories' own scores,
    so the new best work is the best of the current best work and the fixed repositories; every other repository
    keeps its score and adds only its repository-scope red flags. What-ifs then cost the same for 10 repositories
    or 1,000.
    """

    def __init__(self, role: Role, report: Report, book: RoleBook | None = None, fixed: FixedScores | None = None) -> None:
        self.role, self.report = role, report
        self.book = book or load_roles()
        self.fixed = fixed or FixedScores(report.repos, self.book)
        self.policy, self.neutral, self.band_of, self.own = self.fixed.policy, self.fixed.weights, self.fixed.band_of, self.fixed.own
        scores = report.repo_scores or portfolio_scores(report.repos, report.portfolio_findings, report.featured, self.book, pinned=report.pinned).repos
        self.scores = {s.name: s for s in scores if s.name in self.own}
        self.best = [s.name for s in sorted(self.scores.values(), key=lambda s: s.best_work) if s.best_work]
        self.outside = {name: scoring.red_flags(r.findings, name, False, self.policy, name in report.pinned, self.fixed.failing[name])
                        for name, r in self.own.items()}
        self.outside_total = sum(p.points for ps in self.outside.values() for p in ps)
        self.musts = {m.check_id: m for m in role.must_haves}
        self.weights = {w.dimension: w.weight for w in role.weights}
        self.memo: dict[str, float | None] = {}
        self.digests: dict[str, scoring.Digest] = {}
        """Own repositories' findings with the portfolio-wide ones, digested for what-ifs."""
        self.flagged = {flag.check_id for flag in self.policy.red_flags}
        full = len(self.best) >= len(self.policy.best_work)
        self.floor = min((self.scores[n].score or 0.0) for n in self.best) if full and not report.featured else None
        self.tally = {c: [0, 0] for c in self.musts}
        for finding in (f for r in self.own.values() for f in r.findings) if self.musts else ():
            if finding.check_id in self.tally and finding.status.scored:
                self.tally[finding.check_id][finding.status is Status.PASS] += 1
        for finding in report.portfolio_findings:
            if finding.check_id in self.tally and finding.status.scored:
                self.tally[finding.check_id][finding.status is Status.PASS] += 1

    def _missing(self, fixes: frozenset[Fix]) -> tuple[str, ...]:
        """Must-haves still missing once FIXES pass."""
        out = []
        for check, must in self.musts.items():
            fails, passes = self.tally[check]
            moved = sum(1 for name, c in fixes if c == check and self._failing(name, c))
            fails, passes = fails - moved, passes + moved
            if (must.rule == "none-fail" and fails) or (must.rule == "some-pass" and fails + passes and not passes):
                out.append(check)
        return tuple(out)

    def _failing(self, name: str, check: str) -> bool:
        """Whether CHECK fails on repository NAME (or on the portfolio)."""
        if name in self.own:
            return check in self.fixed.failing[name]
        return any(f.check_id == check and f.status is Status.FAIL for f in self.report.portfolio_findings)

    def points(self, fixes: frozenset[Fix], cap: bool = True) -> float:
        """The role score after FIXES (0 when nothing is scored); without CAP, as if every must-have were met."""
        grouped: dict[str, set[Fix]] = {}
        for name, check in fixes:
            if name in self.own:
                grouped.setdefault(name, set()).add((name, check))
        per_repo = {name: frozenset(own) for name, own in grouped.items()}
        shared = tuple(_fixed(f, fixes) for f in self.report.portfolio_findings)
        subset = list(dict.fromkeys(self.best + sorted(per_repo)))
        scores = [self._score(n, per_repo[n]) if n in per_repo else self.scores[n] for n in subset]
        # a fix turns every failing finding of its check in its repository into a pass; the fixed findings themselves
        # are worked out only for a fixed repository that makes the best work (a joint what-if fixes hundreds)
        failing = {n: self.fixed.failing[n].difference(c for _, c in per_repo.get(n, ())) for n in subset}
        result = scoring.score_portfolio([self.own[n] for n in subset], shared, self.report.featured, self.neutral, self.band_of, self.policy,
                                         scores, self.report.pinned, dimensions=False, failing=failing)
        rest = self.outside_total - sum(p.points for n in subset for p in self.outside[n])
        penalty = min(sum(p.points for p in result.penalties) + rest, self.policy.max_penalty)
        same_shared = shared == tuple(self.report.portfolio_findings)

        def points_of(repo: RepoReport) -> float | None:
            if repo.name in per_repo and same_shared:
                if repo.name not in self.digests:
                    self.digests[repo.name] = scoring.Digest(repo.name, repo.findings, shared, self.policy)
                return self.digests[repo.name].points({c for _, c in per_repo[repo.name]}, self.weights)
            if repo.name in per_repo:
                return scoring.repo_points(_with_fixes(repo, per_repo[repo.name]).findings, shared, self.weights, self.policy)
            if not same_shared:
                return scoring.repo_points(repo.findings, shared, self.weights, self.policy)
            if repo.name not in self.memo:  # an unchanged repository of the best work: the same points in every what-if
                self.memo[repo.name] = scoring.repo_points(repo.findings, shared, self.weights, self.policy)
            return self.memo[repo.name]

        best = scoring.best_points(result.best, shared, self.weights, self.policy, points_of)
        points = scoring.penalised(best, penalty)
        return (capped(points, self._missing(fixes), self.book) if cap else points) or 0.0

    def _score(self, name: str, fixes: frozenset[Fix]) -> RepoScore:
        """Repository NAME's own score with FIXES (all on NAME): remembered when one check is fixed."""
        if len(fixes) == 1:
            return self.fixed.score(*next(iter(fixes)))
        return self.fixed.digest(name).score({check for _, check in fixes}, self.neutral, self.band_of)

    def idle(self, name: str, check: str) -> bool:
        """Whether fixing CHECK on repository NAME alone cannot change this role's score: not a red flag or a
        must-have, not in the best work, and the fixed repository still scores below the whole best work."""
        if check in self.flagged or check in self.musts or name not in self.own or name in self.best or not self.floor:
            return False
        after = self.fixed.score(name, check)
        return after.score is not None and after.score < self.floor


def failing(report: Report) -> dict[str, list[Finding]]:
    """Failing findings on own repositories and the portfolio, grouped by check id (forks left out)."""
    groups: dict[str, list[Finding]] = {}
    own = [f for r in report.repos if not r.fork for f in r.findings] + list(report.portfolio_findings)
    for finding in own:
        if finding.status is Status.FAIL:
            groups.setdefault(finding.check_id, []).append(finding)
    return groups


def _sentence(findings: Sequence[Finding], must: bool, role: Role, asked: bool = False) -> str:
    """One advice sentence: each repository's own finding message and first evidence, then the remediation."""
    parts = []
    for f in findings:
        ev = f.evidence[0] if f.evidence else None
        detail = f" ({ev.where + ': ' if ev and ev.where else ''}{ev.detail})" if ev and ev.detail not in f.message else ""
        parts.append(f"{f.repo}: {f.message}{detail}")
    reason = next((a.reason for a in role.first_asks if a.check_id == findings[0].check_id), "")
    has = "none of your best work has it" if all(f.status is Status.FAIL for f in findings) else "your best work has it only in part"
    tail = f" A must-have for {role.label}." if must else f" Asked first for {role.label}, and {has}: {reason}." if asked else ""
    return "; ".join(parts) + f" — {findings[0].remediation or 'see `readiness explain ' + findings[0].check_id + '`'}" + tail


def _evidence(findings: Sequence[Finding]) -> tuple[Evidence, ...]:
    """The first pieces of evidence of each finding, the repository named in the detail."""
    return tuple(
        Evidence(f"{f.repo}: {ev.detail}", ev.path, ev.line, ev.cell) for f in findings for ev in f.evidence[:EVIDENCE_PER_REPO]
    )


def _candidate(role: Role, what_if: _WhatIf, findings: list[Finding], base: tuple[float, float], must: bool, cap_cost: float,
               asked: bool = False) -> Gap | None:
    """A gap for one failing check: the repositories where fixing it pays, and the joint gain. A must-have's gain is
    on the score as it stands (its cap lifted); any other gap's gain is what it is worth once the must-haves are met,
    so a missing must-have does not hide every other gap behind its cap."""
    start = base[0] if must else base[1]
    idle = {f.repo for f in findings if not must and what_if.idle(f.repo, f.check_id)}
    single = {f.repo: 0.0 if f.repo in idle else what_if.points(frozenset({(f.repo, f.check_id)}), must) - start for f in findings}
    ordered = sorted(findings, key=lambda f: (-single[f.repo], f.repo))
    useful = ordered if must else ([f for f in ordered if single[f.repo] > 0.05] or [f for f in ordered if f.repo not in idle])
    if not useful:
        return None  # no repository where fixing it could reach the best work
    gain = round(what_if.points(frozenset((f.repo, f.check_id) for f in useful), must) - start, 1)
    if gain <= 0.05 and not must:
        return None
    first = useful[0]
    units = first.effort.units * len(useful)
    return Gap(
        rank=0, check_id=first.check_id, slug=first.slug, title=first.title, dimension=first.dimension,
        repos=tuple(f.repo for f in useful), gain=max(gain, 0.0), effort=first.effort,
        gain_per_effort=round(max(gain, 0.0) / units, 2), advice=_sentence(useful, must, role, asked), evidence=_evidence(useful),
        cap_lift=cap_cost if must else 0.0, priority=PRIORITY[0] if must else PRIORITY[1] if asked else "",
    )


def rank_gaps(report: Report, role: Role, missing_must_haves: Sequence[str] = (), top: int = TOP,
              fixed: FixedScores | None = None) -> tuple[Gap, ...]:
    """The top gaps for ROLE: missing must-haves first (with the points their cap takes off), then the role's first
    asks that none of the best work passes or that it meets only at half marks, in the order the role lists them
    (tests where no best project has any, deployment where nothing is served or nothing hosts the app), then by role
    points gained per unit of effort, and gaps every job seeker shares (the policy's `shared` checks) last; a gap
    worth nothing is never listed unless it is a must-have. FIXED may hold the report's single-fix scores already
    known."""
    what_if = _WhatIf(role, report, fixed=fixed)
    base = (what_if.points(frozenset()), what_if.points(frozenset(), cap=False))
    current = role_score(role, report, what_if.book)
    cap_cost = round((current.uncapped or 0.0) - (current.score or 0.0), 1)
    asked, partial = first_asks_unmet(role, report, what_if.best)
    groups = failing(report)
    for check_id, findings in partial.items():
        groups[check_id] = findings + groups.get(check_id, [])
    gaps = []
    for check_id, findings in sorted(groups.items()):
        gap = _candidate(role, what_if, findings, base, check_id in missing_must_haves, cap_cost, check_id in asked or check_id in partial)
        if gap is not None:
            gaps.append(gap)
    order = {a.check_id: i for i, a in enumerate(role.first_asks)}  # first asks in the order the role's reviewer asks them
    shared = frozenset(what_if.policy.shared)
    gaps.sort(key=lambda g: (_tier(g, shared), order[g.check_id] if g.priority == PRIORITY[1] else 0, -g.gain_per_effort, -g.gain, g.check_id))
    return tuple(replace(g, rank=i) for i, g in enumerate(gaps[:top], start=1))


def _tier(gap: Gap, shared: frozenset[str] = frozenset()) -> int:
    """0 for a missing must-have, 1 for a first ask the best work lacks or meets only in part, 2 for a gap in the
    candidate's own work, 3 for a gap every job seeker shares (the policy's `shared` checks: outside contributions)."""
    if gap.priority in PRIORITY:
        return PRIORITY.index(gap.priority)
    return len(PRIORITY) + (gap.check_id in shared)


def first_asks_unmet(role: Role, report: Report, best: Sequence[str]) -> tuple[frozenset[str], dict[str, list[Finding]]]:
    """ROLE's first asks the best work (the repositories named in BEST, forks left out) does not meet: those that fail
    there and pass nowhere in it, and those it meets only in part — some of it passes, none above half marks (a few
    tests, an app nothing packages or hosts) — each with those part-mark passes, best repository first."""
    found: dict[str, list[Finding]] = {}
    for repo in report.repos:
        if repo.name in best and not repo.fork:
            for finding in repo.findings:
                found.setdefault(finding.check_id, []).append(finding)
    rank = {name: i for i, name in enumerate(best)}
    missing, partial = set(), {}
    for ask in role.first_asks:
        findings = found.get(ask.check_id, [])
        passes = [f for f in findings if f.status is Status.PASS]
        if not passes and any(f.status is Status.FAIL for f in findings):
            missing.add(ask.check_id)
        elif passes and all(f.points is not None and f.points <= HALF for f in passes):
            partial[ask.check_id] = sorted(passes, key=lambda f: rank.get(f.repo, len(rank)))
    return frozenset(missing), partial


def repo_top_gaps(report: Report, book: RoleBook | None = None, fixed: FixedScores | None = None) -> Report:
    """REPORT with each own repository's biggest gap: the failing check whose fix raises its own score most (FIXED:
    the single-fix scores already known for REPORT's repositories)."""
    fixed = fixed or FixedScores(report.repos, book or load_roles())
    own = fixed.own
    out = []
    for score in report.repo_scores:
        repo, best = own.get(score.name), ("", 0.0)
        for finding in repo.findings if repo is not None and score.score is not None else ():
            if finding.status is Status.FAIL:
                after = fixed.score(repo.name, finding.check_id)
                gain = round((after.score or 0.0) - score.score, 1)
                if gain > best[1]:
                    best = (finding.check_id, gain)
        out.append(replace(score, top_gap=best[0], top_gap_gain=best[1]))
    return replace(report, repo_scores=tuple(out))
