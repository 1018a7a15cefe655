"""Ranking open issues for the candidate: fit to the gaps, familiarity with the project, freshness and the project's
activity, with the reason for each; issues someone seems to be on are marked taken, from the search payload alone.

Score (0-100) = 40 fit + 25 familiarity + 20 freshness + 15 activity, each 0-1, times 0.85 when a busy thread may hold
a claim. Fit is the weight of the best gap theme the issue is about (its labels and title); familiarity is the
project's (readiness.advice.contribute_plan); freshness halves every 90 days since the issue was last updated;
activity is how recently and how many of the project's open issues in the search were updated (30-day scale).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone

from readiness.contributions import Contributions, GapTheme, IssueMatch, Project, SearchCall, StackItem
from readiness.sources.github_issues import IssueHit, SearchRun

WEIGHTS = {"fit": 40.0, "familiarity": 25.0, "freshness": 20.0, "activity": 15.0}
FRESH_HALF_LIFE = 90.0
ACTIVE_HALF_LIFE = 30.0
BUSY_COMMENTS, BUSY_DAYS, BUSY_FACTOR = 3, 14, 0.85
THEME_WORDS: dict[str, re.Pattern[str]] = {
    "beginner": re.compile(r"good[ -]?first|first[ -]timers?|beginner|starter|\beasy\b|newcomer|onboarding", re.I),
    "tests": re.compile(r"\btest(s|ing|suite)?\b|\bpytest\b|\bunit ?tests?\b|\bcoverage\b|\bflaky\b", re.I),
    "docs": re.compile(r"\bdoc(s|umentation|string|strings)?\b|\btutorials?\b|\bexamples?\b|\breadme\b|\btypos?\b|user guide", re.I),
    "deployment": re.compile(r"\bdeploy(ment|ing)?\b|\bdocker\b|\bserving\b|\bonnx\b|\bpackaging\b|\bwheels?\b|\bci\b|\binference server", re.I),
    "code-quality": re.compile(r"\brefactor|\btype (hints?|annotations?)\b|\btyping\b|\blint(ing|er)?\b|\bmypy\b|\bclean ?up\b|\bdeprecat", re.I),
    "notebooks": re.compile(r"\bnotebooks?\b|\bjupyter\b|\bipynb\b|\bcolab\b", re.I),
}
TAKEN_LABEL = re.compile(r"in[ -]?progress|\bwip\b|claimed|\bassigned\b|has[ -]pr|pr[ -](open|opened|submitted|exists)|linked[ -]pr|being worked", re.I)
CLAIM = re.compile(r"\bI(?:'|’| a)?m (?:currently )?working on (?:this|it|a fix|a pr)|\bI(?:'|’)?(?:ll| will) (?:open|submit|send|make|raise) a (?:pr|pull request)"
                   r"|\bworking on (?:a )?(?:fix|pr|pull request) for this|\bplease assign (?:this|it) to me", re.I)
LINKED_PR = re.compile(r"/pull/(\d+)|\b(?:PR|pull request)\s*#(\d+)|\b(?:fixed|closed|resolved|addressed|fix) (?:by|in|via) #(\d+)", re.I)


def _epoch(text: str | None) -> float | None:
    """An RFC 3339 timestamp as epoch seconds (None when absent or malformed)."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None
    except ValueError:
        return None


def _days(text: str | None, now: float) -> float | None:
    """Days from TEXT to NOW (never negative)."""
    moment = _epoch(text)
    return None if moment is None else max(0.0, (now - moment) / 86400)


def themes_of(hit: IssueHit) -> tuple[str, ...]:
    """What an issue is about, from its labels (and title): beginner, tests, docs, deployment, code-quality, notebooks."""
    text = " | ".join(hit.labels + (hit.title,))
    return tuple(theme for theme, words in THEME_WORDS.items() if words.search(text))


def taken_because(hit: IssueHit) -> str:
    """Why the payload says someone is on the issue ('' when nothing does)."""
    if hit.assignee:
        return f"assigned to {hit.assignee}"
    label = next((name for name in hit.labels if TAKEN_LABEL.search(name)), None)
    if label:
        return f"labelled {label!r}"
    if link := LINKED_PR.search(hit.body):
        number = next(g for g in link.groups() if g)
        return f"its description points to pull request #{number}"
    if claim := CLAIM.search(hit.body):
        return f"its description says {claim.group(0)!r}"
    return ""


def project_activity(hits: list[IssueHit], now: float) -> dict[str, tuple[float, str]]:
    """Per project (lower case): 0-1 activity and its reason, from the updates of its issues in the search."""
    by_repo: dict[str, list[float]] = defaultdict(list)
    for hit in hits:
        days = _days(hit.updated_at, now)
        if days is not None:
            by_repo[hit.repo.lower()].append(days)
    out = {}
    for repo, ages in by_repo.items():
        recent = sum(1 for a in ages if a <= ACTIVE_HALF_LIFE)
        value = 0.6 * 0.5 ** (min(ages) / ACTIVE_HALF_LIFE) + 0.4 * min(1.0, recent / 5)
        out[repo] = (value, f"{recent} of its {len(ages)} open issue(s) found were updated in the last 30 days")
    return out


def _fit(themes: tuple[str, ...], gaps: dict[str, GapTheme]) -> tuple[float, str]:
    """The best gap theme the issue is about, and the reason."""
    best = max((gaps[t] for t in themes if t in gaps), key=lambda g: g.weight, default=None)
    if best is None:
        about = f"about {', '.join(themes)}" if themes else "not about a gap of yours"
        return 0.0, f"{about}: no gap of yours it closes"
    return best.weight, f"fits your {best.theme} gap ({best.reason})"


def rank_issues(hits: list[IssueHit], projects: list[Project], gaps: list[GapTheme], now: float) -> tuple[IssueMatch, ...]:
    """Every issue hit (pull requests and duplicates left out) scored and ranked: open ones first, then taken ones."""
    known = {p.repo.lower(): p for p in projects}
    themes_by_gap = {g.theme: g for g in gaps}
    unique: dict[tuple[str, int], IssueHit] = {}
    for hit in hits:
        if not hit.pull_request:
            unique.setdefault((hit.repo.lower(), hit.number), hit)
    issues = list(unique.values())
    activity = project_activity(issues, now)
    scored = []
    for hit in issues:
        project = known.get(hit.repo.lower())
        themes = themes_of(hit)
        fit, fit_reason = _fit(themes, themes_by_gap)
        familiarity = project.familiarity if project else 0.0
        updated = _days(hit.updated_at, now)
        freshness = 0.5 ** (updated / FRESH_HALF_LIFE) if updated is not None else 0.0
        active, active_reason = activity.get(hit.repo.lower(), (0.0, "no dated issues"))
        score = (WEIGHTS["fit"] * fit + WEIGHTS["familiarity"] * familiarity + WEIGHTS["freshness"] * freshness + WEIGHTS["activity"] * active)
        reasons = [fit_reason, project.reason if project else "a project you do not use",
                   f"updated {updated:.0f} day(s) ago" + (f", opened {hit.created_at[:10]}" if hit.created_at else "") if updated is not None else "no update date",
                   f"project activity: {active_reason}"]
        busy = updated is not None and hit.comments >= BUSY_COMMENTS and updated <= BUSY_DAYS
        if busy:
            score *= BUSY_FACTOR
            reasons.append(f"{hit.comments} comments, the latest activity {updated:.0f} day(s) ago: someone may have claimed it; read the thread first")
        taken = taken_because(hit)
        if taken:
            reasons.append(f"probably taken: {taken}")
        scored.append(IssueMatch(0, hit.repo, hit.number, hit.title, hit.url, hit.labels, themes, round(score, 1), round(fit, 3),
                                 round(familiarity, 3), round(freshness, 3), round(active, 3), tuple(reasons),
                                 "taken" if taken else "open", taken, hit.created_at, hit.updated_at, hit.comments))
    scored.sort(key=lambda m: (m.status != "open", -m.score, m.repo.lower(), m.number))
    return tuple(replace(m, rank=i + 1) for i, m in enumerate(scored))


def now_of(as_of: str | None) -> float:
    """The ranking's 'now': the report's as-of moment when it parses, else the current time."""
    return _epoch(as_of) or datetime.now(timezone.utc).timestamp()


def assemble(stack: list[StackItem], gaps: list[GapTheme], projects: list[Project], run: SearchRun, cap: int, labels: tuple[str, ...],
             as_of: str, limit: int, notes: tuple[str, ...] = ()) -> Contributions:
    """The contribution finder's result: the searches as made, projects marked searched, the best LIMIT issues ranked."""
    read = {r.lower() for o in run.outcomes if o.status == "read" for r in o.batch.repos}
    searches = tuple(SearchCall(o.batch.query, o.batch.repos, o.status, o.total, len(o.hits), o.note) for o in run.outcomes)
    hits = [h for o in run.outcomes for h in o.hits]
    ranked = rank_issues(hits, projects, gaps, now_of(as_of))
    shown = ranked[:limit]
    more = (f"{len(ranked) - limit} more issue(s) found than shown (--limit {limit})",) if len(ranked) > limit else ()
    return Contributions(
        stack=tuple(stack), gaps=tuple(gaps), projects=tuple(replace(p, searched=p.repo.lower() in read) for p in projects),
        searches=searches, issues=shown, budget=min(cap, len(run.outcomes)), cap=cap, rate_limit=run.rate_limit, as_of=as_of,
        labels=labels, notes=notes + more + run.problems, partial=run.partial,
    )
