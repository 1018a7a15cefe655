"""Compare one readiness JSON report with a repository's hand labels, and summarise many such comparisons."""

from __future__ import annotations

import re
from typing import Any, Sequence

THREE_LEVEL = ("deployment", "tests", "pinning", "readme", "data_origin")
BOOLEAN = ("ci", "runs_tests", "toy_dataset", "secrets", "coursework")
COUNTS = ("test_count", "notebooks", "nb_errors", "nb_out_of_order", "nb_unknown_order")
TARGET_ROLE = "ml-engineer"


def _findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The first finding of each check id in the report (one repository), portfolio findings after."""
    out: dict[str, dict[str, Any]] = {}
    for repo in report.get("repos", []):
        for f in repo.get("findings", []):
            out.setdefault(f["check_id"], f)
    for f in report.get("portfolio_findings", []):
        out.setdefault(f["check_id"], f)
    return out


def _values(finding: dict[str, Any] | None) -> dict[str, str]:
    """A finding's values as a dict."""
    return dict(finding.get("values") or []) if finding else {}


def _number(pattern: str, text: str, group: int = 1) -> int | None:
    """The integer PATTERN captures in TEXT, if it matches."""
    match = re.search(pattern, text)
    return int(match.group(group)) if match else None


def _ours(report: dict[str, Any]) -> dict[str, Any]:
    """readiness's answer for every label, from the checks' values and messages."""
    f = _findings(report)
    msg = {k: v.get("message", "") for k, v in f.items()}
    status = {k: v.get("status") for k, v in f.items()}
    tst = _values(f.get("TST001"))
    ours: dict[str, Any] = {}
    ours["deployment"] = _values(f.get("DEP001")).get("level", "unknown")
    level = tst.get("level", "unknown")
    ours["tests"] = "none" if level == "not-applicable" else level
    ours["test_count"] = int(tst.get("tests", 0) or 0)
    ours["runs_tests"] = tst.get("ci_runs_tests") == "yes"
    ci = _values(f.get("TST004")).get("ci") or tst.get("ci")
    ours["ci"] = {"yes": True, "no": False, "disabled": False}.get(ci or "", "unknown")
    nb1 = msg.get("NBK001", "")
    ours["notebooks"] = _number(r"all (\d+) notebook", nb1) or _number(r"\d+ of (\d+) notebook", nb1) or 0
    nb4 = msg.get("NBK004", "")
    ours["nb_errors"] = _number(r"in (\d+) notebook", nb4) if status.get("NBK004") == "fail" else 0
    nb2 = _values(f.get("NBK002"))
    ours["nb_out_of_order"] = int(nb2.get("out_of_order", 0) or 0)
    ours["nb_unknown_order"] = int(nb2.get("unknown_order", 0) or 0)
    pin = status.get("DOC007")
    if pin == "pass":
        ours["pinning"] = "full"
    elif pin == "fail":
        ours["pinning"] = "none" if _number(r"only (\d+) of", msg.get("DOC007", "")) == 0 else "partial"
    else:
        ours["pinning"] = "not-applicable" if "library" in msg.get("DOC007", "") else "none"
    doc = [status.get(k) == "pass" for k in ("DOC001", "DOC002", "DOC003")]
    ours["readme"] = "poor" if not doc[0] else ("good" if all(doc) else "ok")
    org = _values(f.get("ORG001"))
    org3 = _values(f.get("ORG003"))
    ours["toy_dataset"] = bool(org.get("toy"))
    ours["data_origin"] = org.get("origin", "none")
    ours["secrets"] = status.get("DOC012") == "fail"
    ours["coursework"] = bool(_values(f.get("ORG002")).get("course") or org3.get("course"))
    domains = _values(f.get("BRD001")).get("domains", "") or _values(f.get("BRD002")).get("domains", "")
    ours["domains"] = sorted(d for d in domains.split(",") if d)
    return ours


def _labels(entry: dict[str, Any]) -> dict[str, Any]:
    """The hand labels flattened to the same keys as _ours."""
    lab = entry["labels"]
    nb = lab.get("notebooks", {})
    out = {key: lab[key]["value"] for key in ("deployment", "tests", "ci", "runs_tests", "pinning", "readme", "toy_dataset",
                                              "data_origin", "secrets", "coursework") if key in lab}
    out["test_count"] = lab.get("tests", {}).get("count", 0)
    out["notebooks"] = nb.get("count", 0)
    out["nb_errors"] = nb.get("with_errors", 0)
    out["nb_out_of_order"] = nb.get("out_of_order", 0)
    out["nb_unknown_order"] = nb.get("unknown_order", 0)
    out["domains"] = sorted(lab.get("domains", {}).get("value", []))
    out["signal"] = lab["signal"]["value"]
    return out


def agree(key: str, label: Any, ours: Any) -> bool:
    """Whether readiness's answer matches the label (counts within 10%, libraries' ranges count as full pinning)."""
    if key in COUNTS:
        return abs(int(label) - int(ours or 0)) <= max(1 if max(int(label), int(ours or 0)) > 10 else 0, round(0.1 * max(int(label), int(ours or 0))))
    if key == "pinning" and {label, ours} <= {"full", "not-applicable"}:
        return True
    if key == "deployment" and {label, ours} <= {"none", "not-applicable"} and label == "none" and ours == "not-applicable":
        return False
    return label == ours


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard similarity of two domain lists (1.0 when both are empty)."""
    sa, sb = set(a), set(b)
    return 1.0 if not sa and not sb else len(sa & sb) / len(sa | sb)


def compare(entry: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """One repository's comparison row: labels, readiness's answers, agreement and scores."""
    labels, ours = _labels(entry), _ours(report)
    roles = {r["role"]: r for r in report.get("roles", [])}
    target = roles.get(TARGET_ROLE, {})
    checks = {key: [labels[key], ours.get(key), agree(key, labels[key], ours.get(key))]
              for key in THREE_LEVEL + BOOLEAN + COUNTS if key in labels}
    return {"repo": entry["repo"], "category": entry.get("category", ""), "signal": labels["signal"],
            "overall": report.get("overall"), "role": target.get("score"), "band": target.get("band"),
            "checks": checks, "domains": [labels["domains"], ours["domains"], jaccard(labels["domains"], ours["domains"])]}


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman rank correlation with average ranks for ties."""
    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else 0.0


def summarise(rows: Sequence[dict[str, Any]], show_rows: bool = False) -> str:
    """The printed figures: per-label agreement, domain Jaccard, Spearman and the spread by signal."""
    lines = [f"calibration: {len(rows)} repositories"]
    if not rows:
        return lines[0]
    if show_rows:
        for r in rows:
            wrong = [f"{k}={v[0]}/{v[1]}" for k, v in r["checks"].items() if not v[2]]
            lines.append(f"  {r['repo']:<48} signal {r['signal']} overall {r['overall']!s:>5} role {r['role']!s:>5} "
                         f"{r['band'] or '':<12} J={r['domains'][2]:.2f} wrong: {' '.join(wrong) or '-'}")
    lines.append("per-label agreement (label: agree/compared):")
    for key in THREE_LEVEL + BOOLEAN + COUNTS:
        cells = [r["checks"][key] for r in rows if key in r["checks"]]
        if cells:
            ok = sum(c[2] for c in cells)
            lines.append(f"  {key:<16} {ok:>3}/{len(cells):<3} {100 * ok / len(cells):5.1f}%")
    groups = {"counts and booleans": BOOLEAN + COUNTS, "three-level labels": THREE_LEVEL}
    for name, keys in groups.items():
        cells = [r["checks"][k] for r in rows for k in keys if k in r["checks"]]
        lines.append(f"  {name:<22} {100 * sum(c[2] for c in cells) / max(1, len(cells)):5.1f}%")
    lines.append(f"mean domain Jaccard: {sum(r['domains'][2] for r in rows) / len(rows):.2f}")
    scored = [r for r in rows if r["overall"] is not None and r["role"] is not None]
    signal = [r["signal"] for r in scored]
    unjudged = [r["repo"] for r in rows if r["overall"] is None]
    if unjudged:
        lines.append(f"not judged (no Python or notebook work readiness reads): {len(unjudged)} ({', '.join(unjudged)}); left out below")
    lines.append(f"Spearman(overall, signal) = {spearman([r['overall'] for r in scored], signal):.2f}")
    lines.append(f"Spearman({TARGET_ROLE} score, signal) = {spearman([r['role'] for r in scored], signal):.2f}")
    for level in sorted(set(signal)):
        group = [r for r in scored if r["signal"] == level]
        overall = sorted(r["overall"] for r in group)
        lines.append(f"  signal {level}: n={len(group):<2} overall min {overall[0]:5.1f} mean {sum(overall) / len(overall):5.1f} max {overall[-1]:5.1f}")
    return "\n".join(lines)
