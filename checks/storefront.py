"""Storefront checks (portfolio scope): what a recruiter sees first — the profile README and the pinned repositories.

Recruiters and hiring managers give a profile a minute or two: the profile README (the `LOGIN/LOGIN` repository),
then the pinned repositories, and only then the code. The facts come from readiness.sources.storefront (one GraphQL
query for the pins, with a token) and the repositories' own findings; without a token the profile README's links
stand in for the pins. Local portfolios have no storefront: these checks say *unknown* there.
"""

from __future__ import annotations

from typing import Any

from checks.support.storefront import PROSE_WORDS, read_profile, weak_reasons
from checks.support.registry import check
from readiness.facts.model import PortfolioFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed, unknown

DOC = Dimension.DOCUMENTATION
LOCAL = "the storefront (pins and profile README) is read from a GitHub account: assess a username to see it"
MARGIN = 5.0
"""Points by which an unpinned repository must beat the weakest pin to be called stronger (scores move by a few points)."""


def _storefront(facts: PortfolioFacts) -> Any:
    """The storefront behind the portfolio, if it came from a GitHub account (None for anything else)."""
    return getattr(facts, "storefront", None)


def _showcase(store: Any) -> tuple[str, tuple[str, ...]]:
    """What a reviewer opens after the README: the owned pins, else the profile README's links (no token, no pins)."""
    if store.pins:
        return "pins", store.pinned_names
    if store.readme is not None and store.readme.links:
        return "profile README links", store.readme.links
    return "", ()


@check(
    id="DOC013",
    slug="profile-readme",
    dimension=DOC,
    title="The profile README says what the candidate does, their stack and their best projects, with links",
    remediation="Create the repository named after your login and write its README: one line on the role you do or want, the tools you actually use, and your three best projects linked, each with what it proves.",
    effort=Effort.LOW,
    weight=2,
    scope="portfolio",
)
def profile_readme(facts: PortfolioFacts) -> Verdict:
    """The README of the `LOGIN/LOGIN` repository is the first thing on a GitHub profile. Read like a recruiter
    would, once images, badges and widgets (stats cards, streaks, trophies, skill icons, visitor counters) are set
    aside: does the prose say the **role** ("I'm a data scientist", "working as an ML engineer"), the **stack**
    (two or more tools named in the text), and the **projects** (links to two or more of the candidate's own
    repositories)? Each part counts a third; all three pass. A README of widgets and badges with under 25 words
    of prose fails whatever it shows: stats cards say how much, never what. No profile README fails.
    Source: issue 25 (recruiter guides put the first scan of a profile at 30-120 seconds; the profile README and the
    pins are read first); seed 000 (hiring managers look for projects they can open).
    """
    store = _storefront(facts)
    if store is None:
        return unknown(LOCAL)
    readme = store.readme
    if readme is None:
        return failed(f"no profile README: {store.login} has no {store.login}/{store.login} repository with a README",
                      searched=(f"the README of {store.login}/{store.login}",))
    text = read_profile(readme.text, readme.path)
    values = (("words", str(text.words)), ("widgets", str(text.widgets)), ("stack", ",".join(text.stack)),
              ("projects", ",".join(readme.links)))
    where = f"{readme.repo}: {readme.path}"
    if text.words < PROSE_WORDS:
        return failed(f"the profile README is widgets and badges ({text.widgets}) with {text.words} words of prose: it says nothing a reviewer can check",
                      Evidence(f"{text.words} words of prose, {text.widgets} widget(s) or badge(s)", readme.path), values=values,
                      searched=(where,), score=0)
    evidence, missing = [], []
    if text.role:
        evidence.append(text.role)
    else:
        missing.append("the role (\"I'm a … engineer/scientist\")")
    if len(text.stack) >= 2:
        evidence.append(Evidence(f"stack: {', '.join(text.stack[:8])}", readme.path, text.stack_line))
    else:
        missing.append("the stack (two or more tools in the text)")
    if len(readme.links) >= 2:
        evidence.append(Evidence(f"links to own projects: {', '.join(readme.links[:6])}", readme.path))
    else:
        missing.append("links to two or more of the candidate's own projects")
    score = round(10 * (3 - len(missing)) / 3, 1)
    if missing:
        return failed(f"the profile README does not say {'; '.join(missing)}", *evidence, score=score, values=values, searched=(where,))
    return passed("the profile README says the role, the stack and links the projects", *evidence, values=values)


@check(
    id="DOC014",
    slug="pins-strongest",
    dimension=DOC,
    title="The pinned repositories are the candidate's strongest evidence",
    remediation="Pin your strongest repositories (Customize your pins on your profile): the ones with a deployed model, real tests or your own data; unpin the weaker ones.",
    effort=Effort.LOW,
    weight=2,
    scope="portfolio",
)
def pins_strongest(facts: PortfolioFacts) -> Verdict:
    """Compares what the profile shows first — the pinned repositories, or without a token (the pins need GitHub's
    GraphQL API) the repositories the profile README links to — with the candidate's own repositories ranked by
    their score for the target role (the same repository score the report shows, with the role's weights, less red
    flags). Fails when an unshown repository beats the weakest shown one by more than 5 points, naming it, or when
    nothing is pinned or linked while scored repositories exist; the score is the share of shown repositories
    that are among the best as many. The `ranking` value lists the repositories best first.
    Source: issue 25 (the pins are what a reviewer opens first); seed 000 (the best two or three projects decide).
    """
    store = _storefront(facts)
    if store is None:
        return unknown(LOCAL)
    profile_repo = store.login.lower()
    ranking = [(n, s) for n, s in store.ranking if n.lower() != profile_repo]
    kind, shown = _showcase(store)
    values = (("shown_from", kind), ("shown", ",".join(shown)), ("ranking", ",".join(n for n, _ in ranking[:10])))
    if len(ranking) < 2:
        return not_applicable("fewer than two own repositories could be scored: nothing to choose between", values=values)
    scores = dict(ranking)
    if not shown:
        why = store.note or "nothing is pinned and the profile README links to no project"
        best = ", ".join(f"{n} ({s:.1f})" for n, s in ranking[:3])
        return failed(f"{why}; the strongest repositories are {best}", *(Evidence(f"{n}: {s:.1f}/100 for the target role") for n, s in ranking[:3]),
                      values=values + (("stronger", ",".join(n for n, _ in ranking[:3])),), score=0)
    assessed = [n for n in shown if n in scores]
    top = {n for n, _ in ranking[:max(len(assessed), 1)]}
    share = sum(1 for n in assessed if n in top) / len(assessed) if assessed else 0.0
    label = "pinned" if kind == "pins" else "linked"
    evidence = [Evidence(f"{label}: {n} {scores[n]:.1f}/100" if n in scores else f"{label}: {n} (not scored)") for n in shown]
    unshown = [(n, s) for n, s in ranking if n not in shown]
    weakest = min(((n, scores[n]) for n in assessed), key=lambda p: p[1], default=None)
    if unshown and (weakest is None or unshown[0][1] > weakest[1] + MARGIN):
        stronger, points = unshown[0]
        than = f"the weakest shown, {weakest[0]} ({weakest[1]:.1f})" if weakest else "anything shown"
        return failed(f"{stronger} ({points:.1f}) is stronger than {than}: show {stronger} instead", *evidence,
                      score=round(10 * share, 1), values=values + (("stronger", stronger), ("weaker", weakest[0] if weakest else "")))
    return passed(f"the {kind} are the candidate's strongest repositories ({len(assessed)} scored)", *evidence,
                  score=round(10 * max(share, 0.8), 1), values=values)


@check(
    id="DOC015",
    slug="pins-not-weak",
    dimension=DOC,
    title="No pinned repository is a fork, a template, coursework, empty or broken at HEAD",
    remediation="Unpin (or archive, or make private) forks of tutorials, course assignments, empty repositories and ones that are broken at HEAD; or fix what is broken first: re-run the notebooks, commit the files the Dockerfile or quick start names.",
    effort=Effort.MEDIUM,
    weight=3,
    scope="portfolio",
)
def pins_not_weak(facts: PortfolioFacts) -> Verdict:
    """Every pinned repository (or, without a token, every repository the profile README links to) is checked with
    the findings already made on it: a **fork** (someone else's project), an unfilled **template** (ORG002 fails),
    **coursework** (ORG002's coursework label: a course named, an assignment brief, starter code), **empty** (no
    tracked files, or no code and at most two files), or **broken at HEAD**: notebooks saved with errors (NBK004) or
    that do not open (NBK001), packaging that names missing files (DEP004) or a README quick start that names
    missing scripts (DOC003). Each reason cites the finding. The score is the share of shown repositories with no
    reason. Not applicable when nothing is pinned or linked.
    Source: issue 25 (forked tutorials, empty experiments and broken course repositories dilute the signal);
    signals.md O2 (coursework), N4 (saved errors), D3 (packaging naming missing files).
    """
    store = _storefront(facts)
    if store is None:
        return unknown(LOCAL)
    kind, shown = _showcase(store)
    if not shown:
        return not_applicable("nothing pinned and no project linked from the profile README" + (f" ({store.note})" if store.note else ""))
    by_name = {r.name: r for r in facts.repos}
    pins = {p.name: p for p in store.pins or () if p.owner.lower() == store.login.lower()}
    weak, evidence, unseen = [], [], []
    for name in shown:
        repo = by_name.get(name)
        pin = pins.get(name)
        if repo is None or repo.error:
            unseen.append(name)
            continue
        reasons = weak_reasons(repo, fork=bool(pin and pin.fork), empty=bool(pin and pin.empty))
        if reasons:
            weak.append(name)
            evidence += [Evidence(f"{name}: {kind_} — {ev.detail}", ev.path, ev.line, ev.cell) for kind_, ev in reasons]
    values = (("shown_from", kind), ("weak", ",".join(weak)), ("not_assessed", ",".join(unseen)))
    notes = [Evidence(f"{n}: not assessed (not cloned or not the candidate's)") for n in unseen]
    judged = len(shown) - len(unseen)
    if not judged:
        return unknown(f"none of the {kind} could be assessed", *notes, values=values)
    if weak:
        return failed(f"{len(weak)} of {judged} {kind} would let a reviewer down: {', '.join(weak)}", *evidence, *notes,
                      score=round(10 * (judged - len(weak)) / judged, 1), values=values)
    return passed(f"none of the {judged} {kind} is a fork, template, coursework, empty or broken at HEAD", *notes, values=values,
                  searched=("forks", "ORG002 template and coursework", "NBK004", "NBK001", "DEP004 and DOC003 missing files"))
