"""Degree-versus-portfolio advice: explicit rules, each sentence tied to portfolio evidence and to sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from readiness.advice import costs
from readiness.advice.inputs import Background, DegreePlan
from readiness.models import Advice, AdviceLine, Dimension, Finding, RepoScore, Report, RoleScore, Status
from readiness.scoring.gaps import Fix, FixedScores, rank_gaps, repo_top_gaps, rescore_all
from readiness.scoring.data import load_sources
from readiness.scoring.roles import Role, RoleBook, load_roles, no_evidence, own_findings, role_scores

STRONG = ("competitive", "strong")
WEAK = 6
EXECUTION = {
    Dimension.DEPLOYMENT: "a model taken from a notebook into production",
    Dimension.TESTING: "a solid, tested repository",
    Dimension.CODE_QUALITY: "a solid repository",
    Dimension.DOCUMENTATION: "a solid repository that others can install and run",
    Dimension.OPEN_SOURCE: "contributions to open-source projects",
    Dimension.ORIGINALITY: "work on messy, real data",
}
HEADLINE = {
    "portfolio-first": "Build the portfolio first",
    "degree-fits": "A degree fits",
    "part-time-online": "A part-time online degree fits",
    "credential-required": "A credential is required",
}
ROLES_SOURCE = "readiness-roles"


@dataclass(frozen=True, slots=True)
class Context:
    """Everything the rules look at: the report, the target role and its score, background and plan."""

    report: Report
    role: Role
    score: RoleScore
    background: Background
    plan: DegreePlan

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Findings on own repositories and the portfolio."""
        return own_findings(self.report)


def readiness_text(score: RoleScore) -> str:
    """'ML engineer readiness 58.3/100 (emerging)'."""
    value = "no scored evidence" if score.score is None else f"{score.score:.1f}/100"
    return f"{score.label} readiness {value} ({score.band})"


def working(background: Background) -> bool:
    """Whether the candidate has a job or work experience now."""
    return bool(background.years_experience) or background.current_role not in (None, "student")


def foundations_gap(ctx: Context) -> bool:
    """Rule: no STEM degree and a portfolio not yet competitive means the foundations are not shown."""
    return ctx.background.stem_degree is False and ctx.score.band not in STRONG


def degree_indicated(ctx: Context) -> bool:
    """Rule: a degree is indicated by a foundations gap or by the research / PhD track."""
    return foundations_gap(ctx) or ctx.role.id == "research"


def flexible(ctx: Context, full_time_cost: float) -> bool:
    """Rule: part-time online fits when asked for, when working, or when the budget is short of full-time study."""
    plan = ctx.plan
    if plan.pace == "full-time" or plan.modality == "in-person":
        return False
    short = plan.budget is not None and plan.budget < full_time_cost
    return plan.pace == "part-time" or plan.modality in ("online", "hybrid") or working(ctx.background) or short


def decide(ctx: Context, full_time_cost: float) -> str:
    """The verdict: credential first, then a degree when indicated (part-time online if flexible), else portfolio."""
    if ctx.plan.credential_required:
        return "credential-required"
    if degree_indicated(ctx):
        return "part-time-online" if flexible(ctx, full_time_cost) else "degree-fits"
    return "portfolio-first"


def effective_plan(ctx: Context, verdict: str, full_time_cost: float) -> DegreePlan:
    """The plan costed: the candidate's choices, with pace and modality filled in from the verdict."""
    plan = ctx.plan
    part_time = verdict == "part-time-online" or (verdict == "credential-required" and flexible(ctx, full_time_cost))
    pace = plan.pace or ("part-time" if part_time else "full-time")
    modality = plan.modality or ("online" if part_time else "in-person")
    return replace(plan, pace=pace, modality=modality)


def _failing_by_dimension(ctx: Context, dimension: Dimension) -> dict[str, list[str]]:
    """check id -> repositories where it fails, for one dimension."""
    out: dict[str, list[str]] = {}
    for f in ctx.findings:
        if f.dimension is dimension and f.status is Status.FAIL:
            out.setdefault(f.check_id, []).append(f.repo)
    return out


def _portfolio_score(ctx: Context, dimension: Dimension) -> float | None:
    """The portfolio's 0-10 score for one dimension."""
    return next((d.score for d in ctx.report.portfolio if d.dimension is dimension), None)


def execution_lines(ctx: Context) -> list[AdviceLine]:
    """Rule: failing execution dimensions are gaps a degree does not close (seed 000)."""
    lines = []
    for dimension, item in EXECUTION.items():
        failing = _failing_by_dimension(ctx, dimension)
        if not failing:
            continue
        ids = sorted(failing)
        evidence = tuple(f"{cid} fails in {', '.join(failing[cid])}" for cid in ids[:3])
        evidence += (f"{dimension.label} {_portfolio_score(ctx, dimension)}/10 in the portfolio",)
        text = (
            f"A degree does not close your {dimension.label} gaps ({', '.join(ids[:3])}): the hiring managers in seed 000 "
            f"look for {item}, which only your own projects can show."
        )
        weight = next(w for w in ctx.role.weights if w.dimension is dimension)
        lines.append(AdviceLine("degree-does-not-close", text, evidence, tuple(dict.fromkeys(("seed-000", weight.source)))))
    return lines


def closes_lines(ctx: Context, modality: str | None, degree: bool) -> list[AdviceLine]:
    """Rules: what a degree tends to close for this candidate (foundations, credential, breadth, network, seniority)."""
    lines, bg, score = [], ctx.background, readiness_text(ctx.score)
    if foundations_gap(ctx):
        lines.append(AdviceLine("degree-closes", "A programme's structured curriculum in applied mathematics and ML methods tends to close a foundations gap that is hard to close by self-study alone; without a STEM degree, expect to show maths and computing preparation, or take introductory courses, before admission.", ("background: no STEM degree", score), ("seed-000", "seed-001")))
    if ctx.plan.credential_required:
        lines.append(AdviceLine("degree-closes", "Only a degree gives the credential you say a role or visa requires; seed 001 notes that some positions, often senior ones, require a master's.", ("input: credential required",), ("seed-001", "input")))
    breadth = _portfolio_score(ctx, Dimension.BREADTH)
    if breadth is not None and breadth < WEAK:
        lines.append(AdviceLine("degree-closes", "A programme's coverage of AI subdisciplines and data skills can widen your breadth, but it only counts once it shows in your repositories.", (f"breadth {breadth}/10 in the portfolio",), ("seed-001",)))
    if degree and modality in ("in-person", "hybrid"):
        lines.append(AdviceLine("degree-closes", f"An {modality} programme adds the peer network and compute access that online study tends to lack.", (f"modality: {modality}",), ("seed-000", "seed-001")))
    if degree and modality == "online":
        lines.append(AdviceLine("format", "Online study keeps your income, but tends to miss the campus network, peers and compute; plan to network in online communities and find compute elsewhere.", ("modality: online",), ("seed-000",)))
    if (bg.years_experience or 0) >= 3 and ctx.score.band in STRONG and not ctx.plan.credential_required:
        lines.append(AdviceLine("degree-closes", f"With {bg.years_experience:g} years of experience and a {ctx.score.band} portfolio, a master's mainly adds access to senior positions that ask for one; weigh that against the cost below.", (f"background: {bg.years_experience:g} years of experience", score), ("seed-001",)))
    return lines


def context_lines(ctx: Context) -> list[AdviceLine]:
    """The plan (top gaps), dimensions without evidence and a missing background."""
    lines = []
    if ctx.report.gaps:
        top = ", ".join(f"{g.check_id} {g.slug} in {', '.join(g.repos)} (+{g.gain:g})" for g in ctx.report.gaps[:3])
        lines.append(AdviceLine("portfolio", f"Next to build for {ctx.role.label}, by points gained per unit of effort: {top}.", tuple(f"{g.check_id} fails in {', '.join(g.repos)}" for g in ctx.report.gaps[:3]), (ROLES_SOURCE,)))
    if ctx.score.missing_must_haves:
        ids = ", ".join(ctx.score.missing_must_haves)
        lines.append(AdviceLine("portfolio", f"Must-have checks for {ctx.role.label} are not met ({ids}), so the band is capped until they are fixed.", tuple(f"must-have {cid} not met" for cid in ctx.score.missing_must_haves), (ROLES_SOURCE,)))
    missing = no_evidence(ctx.report.portfolio)
    if missing:
        labels = ", ".join(d.label for d in missing)
        lines.append(AdviceLine("coverage", f"No check scored {labels}; the role scores leave these out and renormalise the other weights, so they say nothing about them.", (f"no scored check: {labels}",), (ROLES_SOURCE,)))
    if ctx.background.stem_degree is None:
        lines.append(AdviceLine("assumption", "Your background was not given, so the rules assume your foundations are in place; pass --stem-degree or --no-stem-degree (or set [background] stem_degree) to refine the advice.", ("background: not given",), ("input",)))
    return lines


def cost_lines(ctx: Context, plan: DegreePlan, estimate: costs.Estimate) -> list[AdviceLine]:
    """The cost summary and the loan-risk question, each with the figures behind them."""
    parts = ", ".join(f"{line.label} {costs.money(line.amount)}" for line in estimate.lines)
    institution = "your" if plan.tuition_per_year is not None else (plan.institution or "public")
    text = f"A {plan.pace} {plan.modality} programme at {institution} tuition would cost about {costs.money(estimate.total)} ({parts})"
    if estimate.break_even_years is not None:
        text += f"; at the {ctx.role.label} average salary quoted in seed 001 that is {estimate.break_even_years:g} years of the pay difference"
    text += ". These are the sources' figures, not a prediction."
    ids = tuple(dict.fromkeys(("seed-001",) + tuple(line.source for line in estimate.lines)))
    lines = [AdviceLine("cost", text, tuple(f"{l.label}: {l.basis}" for l in estimate.lines), ids)]
    loan = next((l for l in estimate.lines if l.label == "loan interest"), None)
    if loan is not None and loan.amount > 0:
        lines.append(AdviceLine("cost", f"You would pay about {costs.money(loan.amount)} in interest; exhaust grants, scholarships and federal aid before private loans, and ask whether the role's pay repays them quickly.", (f"loan: {loan.basis}",), ("seed-001", "input")))
    return lines


def alternatives(ctx: Context, estimate: costs.Estimate) -> tuple[AdviceLine, ...]:
    """The alternatives the seeds name, each tied to this portfolio's gaps or the cost estimate."""
    gaps = ctx.report.gaps
    plan_evidence = tuple(f"gap {g.rank}: {g.check_id} in {', '.join(g.repos)}" for g in gaps[:3]) or (readiness_text(ctx.score),)
    scored = [d for d in ctx.report.portfolio if d.score is not None]
    weakest = min(scored, key=lambda d: (d.score, -ctx.role.weight(d.dimension))) if scored else None
    cost = (f"degree estimate {costs.money(estimate.total)}",) + ((f"budget {costs.money(ctx.plan.budget)}",) if ctx.plan.budget is not None else ())
    self_study = "Self-study with a project plan: work through the ranked gaps in your own repositories; it costs time, not tuition"
    self_sources: tuple[str, ...] = ("seed-001",)
    if foundations_gap(ctx):
        self_study += ", though seed 000 notes the mathematical foundations are hard to learn this way"
        self_sources += ("seed-000",)
    lines = [AdviceLine("alternative", self_study + ".", plan_evidence, self_sources)]
    if weakest is not None and (weakest.score or 0.0) < WEAK:
        lines.append(AdviceLine("alternative", f"Focused courses on your weakest scored dimension for {ctx.role.label}: {weakest.dimension.label}.", (f"{weakest.dimension.label} {weakest.score}/10 in the portfolio",), ("seed-001",)))
    elif weakest is not None:
        lines.append(AdviceLine("alternative", f"Focused courses: no scored dimension is below {WEAK}/10, so pick a course for a dimension no check could score yet, or for your top gap.", (f"weakest scored dimension: {weakest.dimension.label} {weakest.score}/10",), ("seed-001",)))
    lines.append(AdviceLine("alternative", "A certificate programme: seed 001 names it as an option when a full degree does not fit your goals or budget.", cost, ("seed-001",)))
    lines.append(AdviceLine("alternative", "A machine learning bootcamp: also named by seed 001; choose one whose projects cover your top gaps.", plan_evidence, ("seed-001",)))
    return tuple(lines)


def summary(ctx: Context, verdict: str) -> str:
    """The one-sentence verdict."""
    score = readiness_text(ctx.score)
    if verdict == "portfolio-first":
        return f"{HEADLINE[verdict]}: {score}, and its gaps are execution that a degree does not close."
    why = "you target the research / PhD track" if ctx.role.id == "research" and not foundations_gap(ctx) else "without a STEM degree, a programme's structured foundations close the gap your portfolio shows"
    if verdict == "credential-required":
        return f"{HEADLINE[verdict]}: only a degree gives it; choose the cheapest format that grants it and close the execution gaps alongside ({score})."
    tail = ", and part-time study keeps your income" if verdict == "part-time-online" else ""
    return f"{HEADLINE[verdict]}: {why}{tail}; build the portfolio alongside it ({score})."


def _verdict_line(ctx: Context, verdict: str, text: str) -> AdviceLine:
    """The verdict as a traceable line: the inputs and the score it rests on."""
    bg, plan = ctx.background, ctx.plan
    evidence = [readiness_text(ctx.score)]
    evidence += [f"background: {k.replace('_', ' ')} = {v}" for k, v in (("stem_degree", bg.stem_degree), ("years_experience", bg.years_experience), ("current_role", bg.current_role)) if v is not None]
    evidence += [f"plan: {k.replace('_', ' ')} = {v}" for k, v in (("credential_required", plan.credential_required), ("pace", plan.pace), ("modality", plan.modality), ("budget", plan.budget)) if v is not None]
    sources = {"portfolio-first": ("seed-000",), "degree-fits": ("seed-000", "seed-001"), "part-time-online": ("seed-000", "seed-001"), "credential-required": ("seed-001",)}[verdict]
    return AdviceLine("verdict", text, tuple(evidence), sources)


def advise(report: Report, role: Role, score: RoleScore, background: Background, plan: DegreePlan) -> Advice:
    """The advice for REPORT's target role: verdict, traceable lines, cost model and alternatives."""
    ctx = Context(report, role, score, background, plan)
    full_time = costs.estimate(replace(plan, pace="full-time", modality=plan.modality or "in-person"), background, role.id)
    verdict = decide(ctx, full_time.total)
    costed = effective_plan(ctx, verdict, full_time.total)
    estimate = costs.estimate(costed, background, role.id)
    text = summary(ctx, verdict)
    degree = verdict != "portfolio-first" or plan.modality is not None
    lines = [_verdict_line(ctx, verdict, text)] + closes_lines(ctx, costed.modality, degree) + execution_lines(ctx)
    lines += context_lines(ctx) + cost_lines(ctx, costed, estimate)
    alts = alternatives(ctx, estimate)
    used = {s for line in lines + list(alts) for s in line.sources} | {line.source for line in estimate.lines}
    sources = tuple(s for s in load_sources() if s.id in used)
    return Advice(role.id, verdict, text, tuple(lines), estimate.lines, estimate.total, estimate.break_even_years, estimate.assumptions, alts, sources)


def with_guidance(report: Report, role_id: str | None, background: Background, plan: DegreePlan, book: RoleBook | None = None,
                  known: Mapping[Fix, RepoScore] | None = None) -> Report:
    """REPORT with role scores (target first), ranked gaps for the target role and the degree advice (KNOWN: the
    single-fix scores `single_fixes` already worked out for its repositories with the bundled roles)."""
    known = known if book is None else None
    book = book or load_roles()
    target = book.get(role_id or book.default)
    if not report.repo_scores and report.repos:  # a report written before repository scores: score it as today
        report = rescore_all(report, book)
        known = None
    roles = role_scores(report, target.id, book)
    fixed = FixedScores(report.repos, book, known)
    gaps = rank_gaps(report, target, roles[0].missing_must_haves, fixed=fixed)
    scored = repo_top_gaps(replace(report, target_role=target.id, roles=roles, gaps=gaps), book, fixed)
    return replace(scored, advice=advise(scored, target, roles[0], background, plan))
