"""What to search for contributions: the candidate's stack (BRD001's imports, training calls, declared
dependencies and infrastructure files, and the projects already contributed to), the gaps as themes (from failing
checks), and the upstream projects to search, most familiar first."""

from __future__ import annotations

import re
import sys
from collections import defaultdict

from readiness.advice.contribute_data import ContributeSettings, ProjectMap, dist_name
from readiness.advice.posting_match import RepoView, repo_views
from readiness.contributions import GapTheme, Project, StackItem
from readiness.models import Dimension, Gap, Report, Status

USES = ("contributed", "trains-with", "imports", "infra", "declares")
"""Strongest first."""
FAMILIARITY = {"contributed": 1.0, "trains-with": 1.0, "imports": 0.8, "infra": 0.6, "declares": 0.4}
USE_WORDS = {"contributed": "you contributed to it", "trains-with": "you train models with", "imports": "your code imports",
             "infra": "your repositories use", "declares": "you declare (but never import)"}
THEMES = {Dimension.TESTING: "tests", Dimension.DOCUMENTATION: "docs", Dimension.DEPLOYMENT: "deployment",
          Dimension.CODE_QUALITY: "code-quality", Dimension.NOTEBOOKS: "notebooks"}
WRITING_DOCS = frozenset({"DOC001", "DOC002", "DOC003", "DOC004"})
"""The documentation checks a docs issue practises (a README that explains, installs, runs, reports); the others
(licence, manifests, ignore files, secrets) are repository hygiene no upstream issue teaches."""
TARGET_BOOST = 0.25
CONTRIBUTION = re.compile(r"^([A-Za-z0-9][\w.-]*/[\w.-]+)#\d+")
SKIP_TOOLS = re.compile(r"^(lang-|ci-)|^(dockerfile|sql|makefile|notebook|kubernetes|terraform)$|^cloud-")
"""Infrastructure kinds that name a file type, not a project one contributes to (Docker, Make, SQL)."""
STDLIB = frozenset(sys.stdlib_module_names)


def _place(view: RepoView, place: list) -> str:
    """'repo/path:line' of a BRD001 place."""
    path, line, _ = place
    return f"{view.name}/{path}" + (f":{line}" if line else "") if path else view.name


def _contributed(report: Report) -> dict[str, tuple[str, str]]:
    """OWNER/NAME (lower case) -> (OWNER/NAME, the first contribution's address): outside pull requests merged (OSS001
    passing, OSS002's projects) and issues opened (OSS004 passing), from the findings' evidence."""
    found: dict[str, tuple[str, str]] = {}
    for finding in report.portfolio_findings:
        if finding.check_id == "OSS002":
            for ev in finding.evidence:
                if ev.path and ev.path.count("/") == 1:
                    found.setdefault(ev.path.lower(), (ev.path, f"https://github.com/{ev.path}"))
        elif finding.check_id in ("OSS001", "OSS004") and finding.status is Status.PASS:
            for ev in finding.evidence:
                if hit := CONTRIBUTION.match(ev.detail):
                    found.setdefault(hit.group(1).lower(), (hit.group(1), ev.path or hit.group(0)))
    return found


def stack_of(report: Report, projects: ProjectMap) -> list[StackItem]:
    """Third-party packages and tools the candidate uses, strongest use first, then by how many repositories use them."""
    uses: dict[str, dict[str, list]] = defaultdict(dict)
    for view in repo_views(report)[:-1]:
        declared = {dist_name(n) for n in view.declared}
        for use, places in (("trains-with", view.trains), ("imports", view.imports), ("infra", view.infra), ("declares", view.declared)):
            for name, place in places.items():
                if (use == "infra" and SKIP_TOOLS.search(name)) or (use == "declares" and projects.project_of(name) is None):
                    continue
                if use in ("imports", "trains-with") and (name.split(".")[0] in STDLIB or (use == "imports" and dist_name(name) not in declared and projects.project_of(name) is None)):
                    continue
                key = dist_name(name) if use != "infra" else name
                entry = uses[key].setdefault(use, [[], _place(view, place), name])
                entry[0].append(view.name)
    for key, (repo, where) in _contributed(report).items():
        uses[key]["contributed"] = [[], where, repo]
    items = []
    for key, by_use in uses.items():
        use = next(u for u in USES if u in by_use)
        repos = tuple(dict.fromkeys(r for u in USES if u in by_use for r in by_use[u][0]))
        items.append(StackItem(by_use[use][2], use, repos, by_use[use][1]))
    return sorted(items, key=lambda s: (USES.index(s.use), -len(s.repos), s.name))


def theme_of(dimension: Dimension, check_id: str) -> str | None:
    """The theme a failing check's work belongs to (None for hygiene and for dimensions no issue practises)."""
    if dimension is Dimension.DOCUMENTATION and check_id not in WRITING_DOCS:
        return None
    return THEMES.get(dimension)


def gap_themes(report: Report) -> list[GapTheme]:
    """Themes of work the portfolio lacks, weighted 0-1 by the failing share of their checks in the own repositories,
    raised for the target role's ranked gaps; open source from OSS001."""
    views = repo_views(report)
    failing: dict[str, float] = defaultdict(float)
    scored: dict[str, float] = defaultdict(float)
    checks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for view in views[:-1]:
        for finding in view.findings.values():
            theme = theme_of(finding.dimension, finding.check_id)
            if theme is None or finding.points is None:
                continue
            scored[theme] += finding.weight
            if finding.status is Status.FAIL:
                failing[theme] += finding.weight * (1 - finding.points / 10)
                checks[theme][f"{finding.check_id} {finding.slug}"] += 1
    target: dict[str | None, Gap] = {}
    for gap in report.gaps:
        target.setdefault(theme_of(gap.dimension, gap.check_id), gap)
    themes = []
    for theme in dict.fromkeys(THEMES.values()):
        share = failing[theme] / scored[theme] if scored[theme] else 0.0
        gap = target.get(theme)
        weight = min(1.0, share + (TARGET_BOOST if gap else 0.0))
        if weight <= 0:
            continue
        worst = sorted(checks[theme].items(), key=lambda kv: (-kv[1], kv[0]))[:2]
        reason = ", ".join(f"{name} fails in {n} repositor{'y' if n == 1 else 'ies'}" for name, n in worst)
        if gap:
            reason = "; ".join(filter(None, [reason, f"gap #{gap.rank} for the target role ({gap.check_id} {gap.slug})"]))
        themes.append(GapTheme(theme, round(weight, 3), tuple(name.split(" ")[0] for name, _ in worst), reason))
    oss = views[-1].findings.get("OSS001")
    if oss is not None and oss.status is Status.FAIL:
        themes.append(GapTheme("beginner", 1.0, ("OSS001",), "no merged pull request in someone else's project yet (OSS001): a first, small one counts"))
    elif oss is None or oss.status is Status.UNKNOWN:
        themes.append(GapTheme("beginner", 0.5, ("OSS001",), "open-source work unknown (local repositories; assess a GitHub login to see it)"))
    return sorted(themes, key=lambda t: (-t.weight, t.theme))


def projects_for(stack: list[StackItem], projects: ProjectMap, settings: ContributeSettings) -> tuple[list[Project], list[str]]:
    """Upstream projects of the stack, most familiar first (contributed before trains-with), then the most used; and
    the stack items with no known project."""
    chosen: dict[str, dict] = {}
    unknown = []
    for item in stack:
        if item.use == "contributed":
            repo = item.name
        else:
            repo = projects.project_of(item.name, "tool" if item.use == "infra" else "package")
        if repo is None:
            if item.use in ("imports", "trains-with"):
                unknown.append(item.name)
            continue
        if repo.lower() in settings.exclude:
            continue
        entry = chosen.setdefault(repo.lower(), {"repo": repo, "packages": [], "familiarity": 0.0, "reason": "", "repos": 0, "use": len(USES)})
        entry["packages"].append(item.name)
        score = FAMILIARITY[item.use]
        if score > entry["familiarity"]:
            where = f" ({item.where})" if item.where else ""
            entry["familiarity"], entry["repos"], entry["use"] = score, len(item.repos), USES.index(item.use)
            count = f" in {len(item.repos)} repositories" if len(item.repos) > 1 else ""
            entry["reason"] = f"{USE_WORDS[item.use]} {item.name}{count}{where}" if item.use != "contributed" else f"{USE_WORDS[item.use]}{where}"
    ordered = sorted(chosen.values(), key=lambda e: (-e["familiarity"], e["use"], -e["repos"], e["repo"].lower()))
    return [Project(e["repo"], tuple(dict.fromkeys(e["packages"])), e["familiarity"], e["reason"]) for e in ordered], unknown
