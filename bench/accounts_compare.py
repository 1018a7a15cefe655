"""Account-level comparison of readiness's reports with a reviewer's labels: scores, role verdicts, gaps, data origin."""

from __future__ import annotations

from typing import Any, Sequence

from calibration_compare import spearman

ROLE_LEVELS = {"not ready": 0, "nearly": 1, "ready": 2}
ROLES = ("ml-engineer", "data-scientist", "data-engineer", "software-engineer", "research")
ORIGIN_LEVELS = ("teaching", "public", "collected")

# The reviewer's gap vocabulary (bench/calibration/ACCOUNTS.md) for each of readiness's checks; a check not listed
# falls back to its dimension's kind.
KIND_OF_CHECK = {
    **dict.fromkeys(("TST001", "TST002", "TST003", "TST005", "TST006"), "tests"),
    "TST004": "ci",
    **dict.fromkeys(("DOC001", "DOC002", "DOC003", "DOC004"), "docs"),
    **dict.fromkeys(("DOC005", "DOC009", "DOC010", "DOC011"), "hygiene"),
    **dict.fromkeys(("DOC006", "DOC007", "DOC008", "NBK010", "NBK011"), "environment"),
    **dict.fromkeys(("DOC012", "DOC016", "NBK015"), "secrets"),
    **dict.fromkeys(("NBK017", "COD001", "COD002", "COD003", "COD004"), "code-structure"),
    **dict.fromkeys(("ORG001", "ORG003"), "own-data"),
    "ORG002": "own-project",
}
KIND_OF_DIMENSION = {
    "testing": "tests", "deployment": "deployment", "documentation": "docs", "notebooks": "notebooks",
    "code_quality": "code-structure", "breadth": "breadth", "originality": "own-data", "activity": "activity",
    "open_source": "open-source",
}


def gap_kind(gap: dict[str, Any]) -> str:
    """The reviewer's kind of one gap of readiness's report."""
    return KIND_OF_CHECK.get(gap["check_id"]) or KIND_OF_DIMENSION.get(gap["dimension"], gap["dimension"])


def _kinds(items: Sequence[str], n: int = 3) -> list[str]:
    """The first N distinct kinds, in order."""
    return list(dict.fromkeys(items))[:n]


def _origin(repo: dict[str, Any]) -> tuple[str | None, float | None]:
    """ORG001's origin value and points for one repository of a report."""
    for finding in repo.get("findings", []):
        if finding["check_id"] == "ORG001":
            values = dict(finding.get("values") or [])
            return values.get("origin"), finding.get("points")
    return None, None


def compare(entry: dict[str, Any], report: dict[str, Any], target: str = "ml-engineer") -> dict[str, Any]:
    """One account's row: label and readiness figures side by side."""
    labels = entry["labels"]
    roles = {r["role"]: r for r in report.get("roles", [])}
    ours = _kinds([gap_kind(g) for g in report.get("gaps", [])])
    theirs = _kinds([g["kind"] for g in labels["gaps"]])
    by_name = {r["name"]: r for r in report.get("repos", [])}
    judged = {s["name"] for s in report.get("repo_scores", []) if s.get("score") is not None}
    origins = []
    for repo in entry["repos"]:
        name = repo["repo"].split("/", 1)[1]
        level, points = _origin(by_name.get(name, {}))
        origins.append({"repo": repo["repo"], "label": repo.get("data_origin"), "ours": level, "points": points, "judged": name in judged})
    return {
        "login": entry["login"], "signal": labels["signal"]["value"], "overall": report.get("overall"),
        "band": report.get("overall_band"),
        "roles": {role: {"label": labels["roles"].get(role), "score": (roles.get(role) or {}).get("score"),
                         "band": (roles.get(role) or {}).get("band")} for role in ROLES},
        "target": target, "gaps_ours": ours, "gaps_theirs": theirs,
        "first_in_top3": bool(ours) and ours[0] in theirs,
        "overlap": len(set(ours) & set(theirs)) / max(len(theirs), 1),
        "origins": origins, "repos_assessed": len(report.get("repos", [])),
        "problems": [p.get("message", "") for p in report.get("problems", [])][:3],
    }


def _fmt(x: float | None) -> str:
    """A score or a dash."""
    return "—" if x is None else f"{x:.1f}"


def summarise(rows: Sequence[dict[str, Any]], show_rows: bool = False) -> str:
    """The printed account figures: Spearman per score, first-gap hits, top-three overlap, data-origin separation."""
    lines = [f"account calibration: {len(rows)} accounts"]
    if len(rows) < 2:
        return lines[0]
    signals = [r["signal"] for r in rows]
    lines.append(f"  {'Spearman(overall, signal)':<40}{spearman([r['overall'] or 0 for r in rows], signals):5.2f}  (goal 0.80)")
    for role in ROLES:
        scored = [r for r in rows if r["roles"][role]["label"] in ROLE_LEVELS]
        if len(scored) > 1:
            rho = spearman([r["roles"][role]["score"] or 0 for r in scored], [ROLE_LEVELS[r["roles"][role]["label"]] for r in scored])
            goal = "  (goal 0.75)" if role == "ml-engineer" else ""
            lines.append(f"  {f'Spearman({role}, role label)':<40}{rho:5.2f}{goal}")
    ml = [r["roles"]["ml-engineer"]["score"] or 0 for r in rows]
    lines.append(f"  {'Spearman(ml-engineer, signal)':<40}{spearman(ml, signals):5.2f}")
    hits = sum(r["first_in_top3"] for r in rows)
    lines.append(f"  first gap in the reviewer's top 3    {hits}/{len(rows)} = {hits / len(rows):.0%}  (goal 67%)")
    lines.append(f"  top-3 gap overlap                    {sum(r['overlap'] for r in rows) / len(rows):.0%}  (goal 50%)")
    origins = [o for r in rows for o in r["origins"] if o["label"] in ORIGIN_LEVELS]
    same = sum(o["ours"] == o["label"] for o in origins)
    lines.append(f"  data origin level agrees             {same}/{len(origins)} = {same / max(len(origins), 1):.0%}  (goal 90%)")
    read = [o for o in origins if o["judged"]]
    agree = sum(o["ours"] == o["label"] for o in read)
    lines.append(f"    on repositories readiness judges   {agree}/{len(read)} = {agree / max(len(read), 1):.0%}  (R, MATLAB, Go... not read)")
    for level in ORIGIN_LEVELS:
        points = [o["points"] for o in origins if o["label"] == level and o["points"] is not None]
        mean = sum(points) / len(points) if points else None
        lines.append(f"    ORG001 points on {level:<10} repositories: mean {_fmt(mean)} over {len(points)}")
    if show_rows:
        for r in sorted(rows, key=lambda r: (r["signal"], r["overall"] or 0)):
            ml_role = r["roles"]["ml-engineer"]
            lines.append(f"  {r['login']:<24} signal {r['signal']}  overall {_fmt(r['overall']):>5} {r['band'] or '':<12} "
                         f"ML eng {_fmt(ml_role['score']):>5} ({ml_role['label']})  gaps {','.join(r['gaps_ours'])} "
                         f"vs {','.join(r['gaps_theirs'])}")
            for o in r["origins"]:
                if o["label"] != o["ours"]:
                    lines.append(f"      origin {o['repo']}: label {o['label']}, readiness {o['ours']}")
    return "\n".join(lines)
