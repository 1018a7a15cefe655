"""Open-source checks (portfolio scope): merged pull requests and issues in other people's repositories.

The facts come from GitHub's issue search, read once per account (readiness.sources.github): merged pull requests the
candidate authored in repositories they do not own, and issues they opened there. `author_association` tells
outside contributions (CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, NONE) from work inside organisations the
candidate belongs to (OWNER, MEMBER, COLLABORATOR), which is reported but not counted as open source.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from checks.support.registry import check
from readiness.facts.model import PortfolioFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed, unknown

if TYPE_CHECKING:  # the GitHub client pulls in PyGithub (~0.1 s), needed only when an account was read
    from readiness.sources.github_models import Account, Contribution, SearchResult

OSS = Dimension.OPEN_SOURCE
YEAR = 365 * 24 * 3600
LOCAL = "open-source contributions are read from a GitHub account: assess a username to see them"


def _account(facts: PortfolioFacts) -> Account | None:
    """The GitHub account behind the portfolio, if it came from one."""
    if facts.github is None:
        return None
    from readiness.sources.github_models import Account

    return facts.github if isinstance(facts.github, Account) else None


def external_repos(items: list[Contribution]) -> list[str]:
    """Other people's repositories among ITEMS (`readiness.sources.github_models.external_repos`, imported only with an account)."""
    from readiness.sources.github_models import external_repos as outside

    return outside(items)


def _merged(result: SearchResult) -> tuple[list[Contribution], list[Contribution]]:
    """(outside, inside-organisation) merged pull requests."""
    merged = [c for c in result.items if c.kind == "pr" and c.merged_at]
    return [c for c in merged if c.external], [c for c in merged if not c.external]


def _evidence(items: list[Contribution], limit: int = 5) -> tuple[Evidence, ...]:
    """Links to the first contributions, newest merge first."""
    ordered = sorted(items, key=lambda c: c.merged_at or c.created_at or "", reverse=True)
    out = [Evidence(f"{c.repo}#{c.number} {c.title[:80]} ({(c.merged_at or c.created_at or '')[:10]})", c.url) for c in ordered[:limit]]
    if len(ordered) > limit:
        out.append(Evidence(f"… and {len(ordered) - limit} more"))
    return tuple(out)


def _epoch(text: str | None) -> float | None:
    """An RFC 3339 timestamp as seconds since the epoch."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc).timestamp()


@check(
    id="OSS001",
    slug="merged-external-prs",
    dimension=OSS,
    title="Pull requests are merged into other people's projects",
    remediation="Fix a bug or a documentation gap in a library you use (start with issues labelled 'good first issue') and see the pull request through to merge.",
    effort=Effort.HIGH,
    weight=3,
    scope="portfolio",
)
def merged_external_prs(facts: PortfolioFacts) -> Verdict:
    """Merged pull requests the candidate authored in repositories owned by someone else, all time, counted from
    GitHub's search `type:pr author:LOGIN is:merged -user:LOGIN` (github-api.md §1.1, §3.8: count merged external
    pull requests, classify them with `author_association`). Traces of work accepted by other maintainers are read as
    more reliable than claims (Marlow & Dabbish 2013, signals.md G1). Pull requests to organisations the candidate
    belongs to are listed but not counted. A fork is not a contribution. Caveat (Kalliamvakou et al. 2014, signals.md
    G1): about 40% of merged pull requests do not show as merged (squash, rebase, cherry-pick), so a fail can miss
    real work. Grading is readiness's own judgment (no study gives a count): 1 merged pull request scores 6,
    2-4 score 8, 5 or more score 10.
    """
    account = _account(facts)
    if account is None:
        return unknown(LOCAL)
    if account.merged_prs is None:
        return unknown("the pull-request search could not be read (see the report's problems)")
    outside, inside = _merged(account.merged_prs)
    searched = (account.merged_prs.query,)
    values = (("external", str(len(outside))), ("organisation", str(len(inside))), ("total", str(account.merged_prs.total)))
    note = f"; {len(inside)} more in organisations the candidate belongs to (not counted)" if inside else ""
    if not outside:
        return failed(f"no merged pull requests in other people's repositories{note}", *_evidence(inside), searched=searched, values=values)
    score = 6.0 if len(outside) == 1 else 8.0 if len(outside) < 5 else 10.0
    prefix = "at least " if account.merged_prs.capped else ""
    return passed(f"{prefix}{len(outside)} merged pull request(s) in other people's repositories{note}",
                  *_evidence(outside), score=score, searched=searched, values=values)


@check(
    id="OSS002",
    slug="external-projects-reached",
    dimension=OSS,
    title="Contributions reach more than one outside project",
    remediation="Contribute to a second project you depend on, so your open-source record is not a one-off.",
    effort=Effort.HIGH,
    weight=2,
    scope="portfolio",
)
def external_projects_reached(facts: PortfolioFacts) -> Verdict:
    """Distinct repositories, owned by others, that merged the candidate's pull requests (same search as OSS001).
    Several projects accepting work shows it was not a single favour (signals.md G1: weigh traces accepted by
    maintainers). Not applicable with no merged outside pull request (OSS001 already fails). Grading is readiness's
    own judgment: one project scores 5 (fail), two score 8, three or more score 10.
    """
    account = _account(facts)
    if account is None:
        return unknown(LOCAL)
    if account.merged_prs is None:
        return unknown("the pull-request search could not be read (see the report's problems)")
    outside, _ = _merged(account.merged_prs)
    repos = external_repos(outside)
    searched = (account.merged_prs.query,)
    if not repos:
        return not_applicable("no merged pull requests in other people's repositories (see OSS001)", searched=searched)
    evidence = tuple(Evidence(f"{sum(1 for c in outside if c.repo.lower() == r)} merged pull request(s)", r) for r in repos[:8])
    values = (("projects", str(len(repos))),)
    if len(repos) == 1:
        return failed(f"merged contributions reach one outside project ({repos[0]})", *evidence, score=5, searched=searched, values=values)
    return passed(f"merged contributions reach {len(repos)} outside projects", *evidence,
                  score=8.0 if len(repos) == 2 else 10.0, searched=searched, values=values)


@check(
    id="OSS003",
    slug="recent-external-contribution",
    dimension=OSS,
    title="An outside contribution was merged within the last year",
    remediation="Land a new pull request in a project you use; recent work shows the skill is current.",
    effort=Effort.MEDIUM,
    weight=2,
    scope="portfolio",
)
def recent_external_contribution(facts: PortfolioFacts) -> Verdict:
    """The newest merged outside pull request (OSS001's search) is at most a year old at the time of gathering
    (SOURCE_DATE_EPOCH when set). A year is the window GitHub's own contribution summary uses by default
    (`contributionsCollection`, github-api.md §1.2). Not applicable with no merged outside pull request.
    """
    account = _account(facts)
    if account is None:
        return unknown(LOCAL)
    if account.merged_prs is None:
        return unknown("the pull-request search could not be read (see the report's problems)")
    outside, _ = _merged(account.merged_prs)
    dated = [(stamp, c) for c in outside if (stamp := _epoch(c.merged_at)) is not None]
    if not dated:
        return not_applicable("no merged pull requests in other people's repositories (see OSS001)")
    stamp, latest = max(dated, key=lambda pair: pair[0])
    age_days = int((account.as_of - stamp) // 86400)
    evidence = Evidence(f"{latest.repo}#{latest.number} merged {latest.merged_at[:10] if latest.merged_at else ''}", latest.url)
    values = (("days_since", str(age_days)),)
    if account.as_of - stamp <= YEAR:
        return passed(f"latest outside contribution merged {age_days} day(s) ago", evidence, values=values)
    return failed(f"latest outside contribution merged {age_days // 30} month(s) ago", evidence, values=values)


@check(
    id="OSS004",
    slug="issues-on-others-projects",
    dimension=OSS,
    title="Issues are reported on other people's projects",
    remediation="When a library misbehaves, open an issue with a minimal reproduction; good bug reports are visible, valued open-source work.",
    effort=Effort.LOW,
    weight=1,
    scope="portfolio",
)
def issues_on_others_projects(facts: PortfolioFacts) -> Verdict:
    """Issues the candidate opened in repositories owned by others (one extra search,
    `type:issue author:LOGIN -user:LOGIN`, first page only; github-api.md §1.1 lists issues as what the
    pull-request search misses). Issues inside organisations the candidate belongs to do not count. A weak signal
    next to merged pull requests, hence the low weight.
    """
    account = _account(facts)
    if account is None:
        return unknown(LOCAL)
    if account.issues is None:
        return unknown("the issue search could not be read (see the report's problems)")
    outside = [c for c in account.issues.items if c.external]
    searched = (account.issues.query,)
    values = (("issues", str(len(outside))), ("total", str(account.issues.total)))
    if not outside:
        return failed("no issues opened in other people's repositories", searched=searched, values=values)
    more = " (first 100 read)" if account.issues.capped else ""
    evidence = tuple(Evidence(f"{c.repo}#{c.number} {c.title[:80]} ({(c.created_at or '')[:10]})", c.url) for c in outside[:5])
    return passed(f"{len(outside)} issue(s) opened in {len(external_repos(outside))} outside project(s){more}", *evidence,
                  searched=searched, values=values)
