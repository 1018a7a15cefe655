"""The storefront section every format shows: which set the best work came from, and the curation plan as lines."""

from __future__ import annotations

from readiness.models import Report

SECTIONS = (("pin", "Pin these"), ("fix", "Fix these first"), ("archive", "Archive or make private"),
            ("outline", "Profile README outline"))


def best_work_line(report: Report) -> str:
    """Which set the portfolio's best work was chosen from (why pins are missing is said once, among the problems)."""
    store = report.storefront
    if store is None:
        return ""
    line = f"Best work chosen from {store.best_work_set}"
    if store.pinned:
        line += f" (pinned: {', '.join(store.pinned)})"
    if store.profile_readme:
        line += f"; profile README: {store.profile_readme}"
    return line


def plan_sections(report: Report) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(title, [(repository or section, why, check id)]) for each non-empty part of the curation plan."""
    store = report.storefront
    if store is None:
        return []
    out = []
    for key, title in SECTIONS:
        lines = [(line.repo, line.why, line.check_id) for line in getattr(store.plan, key)]
        if lines:
            out.append((title, lines))
    return out


def plan_text(report: Report) -> list[str]:
    """The curation plan as plain lines for the terminal."""
    head = best_work_line(report)
    lines = [head] if head else []
    for title, items in plan_sections(report):
        lines += ["", f"{title}:"] + [f"  {name}: {why}" for name, why, _ in items]
    return lines


def plan_compact(report: Report) -> list[str]:
    """The plan in one line for the one-screen summary: what to pin and what to archive (the rest with --details)."""
    store = report.storefront
    if store is None:
        return []
    parts = [f"pin {', '.join(line.repo for line in store.plan.pin)}"] if store.plan.pin else []
    if store.plan.archive:
        parts.append(f"archive or make private {', '.join(line.repo for line in store.plan.archive)}")
    return [f"Curation plan: {'; '.join(parts)} (why, what to fix first and a profile README outline: --details)"] if parts else []


def best_work_from(report: Report) -> str:
    """Where the summary's best work came from, when it is a chosen set: 'the pinned repositories', or ''."""
    store = report.storefront
    return store.best_work_set if store is not None and store.featured_from else ""
