"""History checks from `git log` facts: the candidate's authorship, code dumps, commit messages, sustained work."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Callable

from checks.support.code_graph import memo
from checks.support.common import first_evidence
from checks.support.portfolio import own_repos, repo_values
from checks.support.registry import check
from readiness.facts.model import Commit, PortfolioFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, Person, Verdict, failed, not_applicable, passed, unknown

ACT = Dimension.ACTIVITY
DAY = 86400
BOT = re.compile(r"(?i)\[bot\]|dependabot|github-actions|renovate|pre-commit-ci|snyk-bot|greenkeeper|allcontributors")
NOREPLY = "@users.noreply.github.com"
DUMP_SHARE = 0.8
MIN_FILES = 5
POOR_SUBJECTS = frozenset(
    {"update", "updates", "updated", "fix", "fixes", "fixed", "wip", "asdf", "changes", "change", "more stuff", "stuff", "commit",
     "test", "tests", "minor", "misc", "temp", "tmp", "done", "final", "save", "edit", "edits", "new", "add", "added", "upload",
     "files", "refactor", "cleanup", "progress", "work", "first", "initial", "todo", "again", "ok", "oops", "bugfix", "bug fix"}
)
GITHUB_DEFAULT = re.compile(r"(?i)^(update|create|delete) [\w./-]+$|^add files via upload$")
MIGRATED = re.compile(r"(?i)\b(migrated|moved|imported|ported) (over )?from (gitlab|bitbucket|a private|another|an internal|my old)|history (was )?(squashed|lost|rewritten)")


def _normal(name: str) -> str:
    """A name folded for comparison (case and whitespace)."""
    return " ".join(name.casefold().split())


def authored_by(person: Person) -> Callable[[Commit], bool]:
    """A predicate telling the person's commits: profile emails, the two GitHub noreply forms, name or login, or a
    full name (two words or more) that is the login run together, with or without the digits a login appends."""
    emails = {e.lower() for e in person.emails}
    login = (person.login or "").lower()
    names = {_normal(n) for n in (person.name, person.login) if n}

    compact_login = _compact(login)
    logins = {compact_login, compact_login.rstrip("0123456789")} - {""}

    def match(commit: Commit) -> bool:
        email = commit.author_email.lower()
        if email in emails:
            return True
        if login and (email == f"{login}{NOREPLY}" or email.endswith(f"+{login}{NOREPLY}")):
            return True
        name = _normal(commit.author_name)
        return name in names or (len(name.split()) >= 2 and _compact(name) in logins)

    return match


def _compact(text: str) -> str:
    """Letters and digits only, case folded: a login is often the full name run together ("Carson Shively" and
    carsonshively, or with a number appended, carsonshively24)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def has_identity(person: Person | None) -> bool:
    """Whether anything identifies the candidate."""
    return bool(person and (person.login or person.name or person.emails))


def human_commits(facts: RepoFacts) -> list[Commit]:
    """Commits that are neither merges nor made by bots (found once per repository for the activity checks)."""
    return list(memo(facts, "human-commits", _human_commits))


def _human_commits(facts: RepoFacts) -> tuple[Commit, ...]:
    """Commits that are neither merges nor made by bots (each author tested once: most commits share a few)."""
    bots: dict[tuple[str, str], bool] = {}
    out = []
    for c in facts.history.commits:
        if c.parents > 1:
            continue
        key = (c.author_name, c.author_email)
        bot = bots.get(key)
        if bot is None:
            bot = bots[key] = BOT.search(f"{c.author_name} {c.author_email}") is not None
        if not bot:
            out.append(c)
    return tuple(out)


def span(commits: list[Commit]) -> tuple[int, int]:
    """(days between the first and last commit, distinct days with a commit)."""
    if not commits:
        return 0, 0
    times = [c.authored_at for c in commits]
    days = {datetime.fromtimestamp(t, timezone.utc).date() for t in times}
    return (max(times) - min(times)) // DAY, len(days)


def _date(commit: Commit) -> str:
    """The commit's author date (UTC)."""
    return datetime.fromtimestamp(commit.authored_at, timezone.utc).date().isoformat()


@check(
    id="ACT001",
    slug="candidate-authorship",
    dimension=ACT,
    title="The candidate authored commits in the repository",
    remediation="Make sure your commits carry an email on your GitHub account (or your noreply address); drop forks you never changed from your pinned repositories, or build on them.",
    effort=Effort.LOW,
    weight=2,
)
def candidate_authorship(facts: RepoFacts) -> Verdict:
    """The candidate's share of the commits on the current branch (merges and bots such as dependabot and
    github-actions left out), matching the profile emails, `ID+login@users.noreply.github.com`,
    `login@users.noreply.github.com`, the profile name or the login. No commit of the candidate's fails:
    someone else's work, such as a fork with no commits of their own. Solo work is not penalised and team
    work is shown, not zeroed: a share of 20% or more passes at 10, a smaller share at 6 (readiness's own
    bands).
    Without any identity (a local path assessed without `--author`) the check is unknown, never a fail.
    Values always report commits, span in days and active days (the candidate's, when known), which the
    portfolio checks read; commit counts and spans are never judged per repository, so young repositories
    are not penalised. History comes from `git log --name-status` formats that need no file contents.
    Source: signals.md G2 and G3 (authorship share; bots excluded; show team shares, don't zero them);
    github-api.md 2.2 (matching by email and the noreply forms is a heuristic).
    """
    commits = human_commits(facts)
    if not commits:
        if facts.history.error:
            return unknown(f"history could not be read: {facts.history.error[:200]}")
        return not_applicable("no commits by people")
    authors = {c.author_email or c.author_name for c in commits}
    person = facts.candidate
    if not has_identity(person):
        days, active = span(commits)
        values = (("commits", str(len(commits))), ("authors", str(len(authors))), ("span_days", str(days)), ("active_days", str(active)))
        return unknown(f"{len(commits)} commits by {len(authors)} author(s); no candidate identity given (use --author)", values=values,
                       searched=("candidate emails, noreply addresses, name or login",))
    mine = [c for c in commits if authored_by(person)(c)]
    days, active = span(mine or commits)
    share = len(mine) / len(commits)
    values = (("commits", str(len(commits))), ("candidate_commits", str(len(mine))), ("share", f"{share:.2f}"),
              ("authors", str(len(authors))), ("span_days", str(days)), ("active_days", str(active)))
    if not mine:
        counts: dict[str, int] = {}
        for c in commits:
            counts[c.author_name] = counts.get(c.author_name, 0) + 1
        evidence = [Evidence(f"{n} commit(s) by {name}") for name, n in sorted(counts.items(), key=lambda kv: -kv[1])]
        what = "a fork with no commits of the candidate's own" if facts.fork else f"none of the {len(commits)} commits are the candidate's"
        return failed(what, *first_evidence(evidence, 3), values=values, searched=(f"emails {', '.join(person.emails) or '-'}", f"name/login {person.name or '-'}/{person.login or '-'}"))
    latest = mine[0]
    evidence = Evidence(f"latest commit of the candidate's on {_date(latest)}: {latest.subject[:80]}", None)
    if share >= 0.2:
        return passed(f"{len(mine)} of {len(commits)} commits ({share:.0%}) are the candidate's", evidence, values=values)
    return passed(f"team project: {len(mine)} of {len(commits)} commits ({share:.0%}) are the candidate's", evidence, score=6, values=values)


@check(
    id="ACT002",
    slug="no-code-dump",
    dimension=ACT,
    title="The project was built up over commits, not uploaded in one code dump",
    remediation="Commit as you work (small commits with clear messages); if the history was lost in a migration, say so in the README.",
    effort=Effort.LOW,
    weight=2,
)
def no_code_dump(facts: RepoFacts) -> Verdict:
    """Fails when a single commit added 80% or more of all the files ever added to the branch (at least 5),
    such as one "Add files via upload": nothing shows how the work was done, and a reviewer cannot tell it
    is the candidate's own. The score is 2, or 5 when three or more commits follow the dump. The counts
    come from `git log --name-status` (trees only; never `--numstat`, `--stat` or blame, which would make a
    blobless clone download every file). Repositories with fewer than 5 files are not applicable (80% and
    5 files are readiness's own thresholds). A README saying the history was migrated or squashed makes
    the check unknown (signals.md's trap: projects imported from another host). Age is not judged: a young repository with several commits passes.
    Source: signals.md O7 (a single bulk upload holding the whole project) and G2 (incremental development
    versus one bulk upload; don't over-penalise); github-api.md 2.1 (blob-free history commands).
    """
    commits = human_commits(facts) or list(facts.history.commits)
    total = sum(c.added for c in commits)
    if total < MIN_FILES:
        if facts.history.error:
            return unknown(f"history could not be read: {facts.history.error[:200]}")
        return not_applicable(f"{total} file(s) added in the history: too small to judge")
    biggest = max(commits, key=lambda c: c.added)
    share = biggest.added / total
    after = [c for c in commits if c.authored_at > biggest.authored_at]
    values = (("largest_commit_share", f"{share:.2f}"), ("commits", str(len(commits))), ("files_added", str(total)))
    evidence = Evidence(f"commit {biggest.sha[:10]} on {_date(biggest)} '{biggest.subject[:60]}' added {biggest.added} of {total} files ({share:.0%})")
    if share < DUMP_SHARE:
        return passed(f"files arrived over {len(commits)} commits; the largest added {share:.0%}", evidence, values=values)
    readme = facts.readme.text if facts.readme else ""
    if match := MIGRATED.search(readme):
        return unknown(f"one commit added {share:.0%} of the files, but the README says '{match.group(0)}'", evidence, values=values)
    if len(commits) == 1:
        return failed(f"the whole repository ({total} files) arrived in one commit", evidence, score=2, values=values)
    return failed(f"one commit added {share:.0%} of the files", evidence, score=5 if len(after) >= 3 else 2, values=values)


def poor_message(subject: str) -> bool:
    """Whether a commit subject says nothing about the change (update, wip, fix, 'Update README.md'...)."""
    text = subject.strip().rstrip(".!").casefold()
    if len(text) < 8 or not re.search(r"[a-z]{3}", text):
        return True
    return text in POOR_SUBJECTS or bool(GITHUB_DEFAULT.match(subject.strip()))


@check(
    id="ACT003",
    slug="commit-messages",
    dimension=ACT,
    title="Commit messages say what changed and why",
    remediation="Write commit subjects that name the change (\"Handle missing plan names in cleaning\", not \"update\" or \"wip\"); squash throwaway commits before pushing.",
    effort=Effort.LOW,
    weight=1,
)
def commit_messages(facts: RepoFacts) -> Verdict:
    """Judges the candidate's commit subjects (everyone's, when the candidate is unknown; merges and bots left
    out). A subject is poor when it is under 8 characters, has no word, is a filler ("update", "fix",
    "wip", "asdf", "changes", "more stuff", "final"...) or is a GitHub web-editor default ("Update
    README.md", "Create train.py", "Add files via upload"). Half or more poor fails; the score is the share
    of good subjects. Fewer than 3 commits are not judged (young repositories are not penalised). The
    bounds (8 characters, half, 3 commits) are readiness's own.
    Source: signals.md G2 (message quality as part of the history shape); Marlow & Dabbish 2013 (activity
    traces read as signals of a developer's care).
    """
    commits = human_commits(facts)
    person = facts.candidate
    if has_identity(person):
        commits = [c for c in commits if authored_by(person)(c)]
    if len(commits) < 3:
        return not_applicable(f"{len(commits)} commit(s) of the candidate's: too few to judge messages")
    poor = [c for c in commits if poor_message(c.subject)]
    share = len(poor) / len(commits)
    values = (("poor_messages", str(len(poor))), ("messages", str(len(commits))))
    evidence = [Evidence(f"{c.sha[:10]} '{c.subject[:60]}'") for c in poor]
    if share >= 0.5:
        return failed(f"{len(poor)} of {len(commits)} commit messages say nothing about the change", *first_evidence(evidence, 4),
                      score=round(10 * (1 - share), 1), values=values)
    return passed(f"{len(commits) - len(poor)} of {len(commits)} commit messages describe the change", *first_evidence(evidence, 2),
                  score=10 if share <= 0.2 else round(10 * (1 - share), 1), values=values)


def _int(values: tuple[tuple[str, str], ...], key: str) -> int | None:
    """An integer value of a finding, if present."""
    for k, v in values:
        if k == key and v.isdigit():
            return int(v)
    return None


@check(
    id="ACT004",
    slug="work-over-time",
    dimension=ACT,
    title="At least one project shows work built up over several days",
    remediation="Develop your next project in the open: commit on the days you work on it, so the history shows how it grew.",
    effort=Effort.MEDIUM,
    weight=2,
    scope="portfolio",
)
def work_over_time(portfolio: PortfolioFacts) -> Verdict:
    """Reads each own repository's ACT001 values (forks and repositories without a commit of the candidate's
    left out): passes when some repository has 5 or more commits on 3 or more distinct days, the opposite of
    one-off uploads; the score rises with the longest such span (10 from 90 days, 8 from 30 days, 6
    otherwise), so a young portfolio with genuine incremental work still passes. Fails at 2 when every
    repository arrived in one sitting. All these bounds are readiness's own, kept low on purpose. Counts are the candidate's commits when the identity is known.
    Source: seed 000 (hiring managers look for tangible, sustained proof of execution); signals.md G2
    (history shape) and A10 (Kalliamvakou et al.: most repositories are personal and small, so thresholds
    stay low).
    """
    rows = []
    for repo in own_repos(portfolio):
        _, values = repo_values(repo, "ACT001")
        commits = _int(values, "candidate_commits")
        commits = _int(values, "commits") if commits is None else commits
        days, active = _int(values, "span_days"), _int(values, "active_days")
        if commits is None or days is None or active is None:
            continue
        rows.append((repo.name, commits, days, active))
    if not rows:
        return not_applicable("no repository history to read")
    evidence = [Evidence(f"{name}: {commits} commit(s) on {active} day(s) over {days} day(s)") for name, commits, days, active in sorted(rows, key=lambda r: -r[2])]
    grown = [r for r in rows if r[1] >= 5 and r[3] >= 3]
    values = (("longest_span_days", str(max((r[2] for r in grown), default=0))), ("repos_built_over_time", str(len(grown))))
    if not grown:
        return failed(f"none of {len(rows)} repositories shows commits on 3+ days", *first_evidence(evidence), score=2, values=values)
    longest = max(r[2] for r in grown)
    score = 10 if longest >= 90 else 8 if longest >= 30 else 6
    return passed(f"{len(grown)} of {len(rows)} repositories were built over time (longest: {longest} days)", *first_evidence(evidence), score=score, values=values)
