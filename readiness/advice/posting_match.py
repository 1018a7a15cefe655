"""Matching: each posting requirement met, partly met or missing, with evidence from the report's findings and values.

Evidence is what the assessment already knows: BRD001's values (packages the own code imports and trains with,
declared dependencies, infrastructure files, lifecycle stages and domains) and the findings of other checks
(DEP001's deployment level, TST001's test level, CI, packaging). A dependency that is only declared never meets a
skill. Forks and repositories without a commit of the candidate's are left out, as in the portfolio checks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from checks.support.common import IMPORT_TO_DIST
from checks.support.lifecycle import DOMAIN_LABELS
from readiness.advice.posting import Extraction
from readiness.advice.taxonomy import Skill, Taxonomy, load_taxonomy
from readiness.matching import Coverage, MatchEvidence, MatchGap, PostingMatch, Requirement, RequirementMatch
from readiness.models import Finding, Report, RepoReport, Status

MET, PARTLY, MISSING, NOT_CHECKABLE = "met", "partly-met", "missing", "not-checkable"
RANK = {MET: 2, PARTLY: 1, MISSING: 0}
MAX_EVIDENCE = 4


@dataclass(frozen=True, slots=True)
class RepoView:
    """What one repository of the report shows, read once: findings by check and BRD001's tool values."""

    name: str
    findings: dict[str, Finding]
    imports: dict[str, list] = field(default_factory=dict)
    trains: dict[str, list] = field(default_factory=dict)
    declared: dict[str, list] = field(default_factory=dict)
    infra: dict[str, list] = field(default_factory=dict)
    stages: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    tools: bool = False
    """Whether BRD001 carried the tool values (reports made before readiness match do not)."""

    def value(self, check_id: str, key: str) -> str | None:
        """A value of one check's finding."""
        finding = self.findings.get(check_id)
        return dict(finding.values).get(key) if finding else None


def _places(text: str | None) -> dict[str, list]:
    """A JSON object of name -> [path, line, cell] from a finding value (empty when absent or malformed)."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list) and len(v) == 3} if isinstance(data, dict) else {}


def _own(repo: RepoReport) -> bool:
    """The candidate's own repository: not a fork, and not one where the candidate authored no commit."""
    authorship = next((f for f in repo.findings if f.check_id == "ACT001"), None)
    return not repo.fork and not (authorship and authorship.status is Status.FAIL and dict(authorship.values).get("candidate_commits") == "0")


def repo_views(report: Report) -> list[RepoView]:
    """A view of each own repository (featured first), plus one for the portfolio-scope findings."""
    views = []
    order = {name: i for i, name in enumerate(report.featured)}
    for repo in sorted((r for r in report.repos if _own(r)), key=lambda r: order.get(r.name, len(order))):
        findings = {f.check_id: f for f in repo.findings}
        values = dict(findings["BRD001"].values) if "BRD001" in findings else {}
        views.append(RepoView(
            repo.name, findings, _places(values.get("imports")), _places(values.get("trains_with")), _places(values.get("declared")),
            _places(values.get("infra")), frozenset(filter(None, values.get("stages", "").split(","))),
            frozenset(filter(None, values.get("domains", "").split(","))), "imports" in values,
        ))
    views.append(RepoView("portfolio", {f.check_id: f for f in report.portfolio_findings}))
    return views


def _ev(repo: str, detail: str, place: list) -> MatchEvidence:
    """Evidence at a [path, line, cell] place."""
    path, line, cell = place
    return MatchEvidence(repo, detail, path, line, cell)


def _from_finding(repo: str, finding: Finding) -> list[MatchEvidence]:
    """The finding (its message is the requirement's reason) and its first evidence lines, as match evidence."""
    out = [MatchEvidence(repo, f"{finding.check_id} {finding.slug} ({finding.status.value})")]
    return out + [MatchEvidence(repo, e.detail, e.path, e.line, e.cell) for e in finding.evidence[:2] if e.path]


def _stage_evidence(view: RepoView, stage: str) -> list[MatchEvidence]:
    """BRD001's evidence line for a lifecycle stage."""
    finding = view.findings.get("BRD001")
    lines = [e for e in finding.evidence if e.detail.startswith(f"{stage}:")] if finding else []
    return [MatchEvidence(view.name, e.detail, e.path, e.line, e.cell) for e in lines[:1]] or [MatchEvidence(view.name, f"{stage} stage (BRD001)")]


def _domain_evidence(view: RepoView, domain: str) -> list[MatchEvidence]:
    """BRD001's evidence lines for an ML domain (what the models do), or the domain alone."""
    label = DOMAIN_LABELS.get(domain, domain)
    finding = view.findings.get("BRD001")
    lines = [e for e in finding.evidence if e.detail.startswith(f"domain {label}:")] if finding else []
    return [MatchEvidence(view.name, e.detail, e.path, e.line, e.cell) for e in lines[:2]] or [MatchEvidence(view.name, f"{label} (BRD001 domains)")]


def _dist(name: str) -> str:
    """The distribution name a top-level import is usually declared as."""
    return IMPORT_TO_DIST.get(name.lower(), name.lower().replace("_", "-").split(".")[0])


def judge(skill: Skill, view: RepoView) -> tuple[str, list[MatchEvidence], str]:
    """(verdict, evidence, reason) for one skill in one repository."""
    trained = [(m, view.trains[m]) for m in skill.imports if m in view.trains]
    imported = [(m, view.imports[m]) for m in skill.imports if m in view.imports]
    if skill.train and trained:
        name, place = trained[0]
        return MET, [_ev(view.name, f"trains a model with {name}", place), _ev(view.name, f"imports {name}", view.imports.get(name, place))], f"trains with {name}"
    if imported and not skill.train:
        return MET, [_ev(view.name, f"imports {m}", p) for m, p in imported[:2]], f"the code imports {imported[0][0]}"
    if infra := [(k, view.infra[k]) for k in skill.infra if k in view.infra]:
        return MET, [_ev(view.name, kind, place) for kind, place in infra[:2]], f"{infra[0][0]} in the repository"
    if stages := [s for s in skill.stages if s in view.stages]:
        return MET, _stage_evidence(view, stages[0]), f"the code shows {stages[0]}"
    if domains := [d for d in skill.domains if d in view.domains]:
        failing = view.findings.get("BRD001") and view.findings["BRD001"].status is Status.FAIL
        verdict = PARTLY if failing else MET
        reason = f"{DOMAIN_LABELS.get(domains[0], domains[0])} work in the code" + (" that trains without held-out evaluation (BRD001 fails)" if failing else "")
        return verdict, _domain_evidence(view, domains[0]), reason
    if skill.check and (finding := view.findings.get(skill.check)):
        verdict = _check_verdict(skill, finding)
        if verdict in (MET, PARTLY):
            return verdict, _from_finding(view.name, finding), f"{finding.check_id}: {finding.message}"
    if imported:
        name, place = imported[0]
        return PARTLY, [_ev(view.name, f"imports {name} but trains no model with it", place)], f"imports {name} but trains no model with it"
    partly = [(k, view.imports.get(k) or view.infra.get(k)) for k in skill.partly if k in view.imports or k in view.infra]
    if partly:
        return PARTLY, [_ev(view.name, f"related: {k}", p) for k, p in partly[:2]], f"only related evidence ({partly[0][0]})"
    if stages := [s for s in skill.partly if s in view.stages]:
        return PARTLY, _stage_evidence(view, stages[0]), f"only the {stages[0]} stage"
    if checks := [view.findings[c] for c in skill.partly if c in view.findings and view.findings[c].status is Status.PASS]:
        return PARTLY, _from_finding(view.name, checks[0]), f"only {checks[0].check_id}: {checks[0].message}"
    declared = [(m, view.declared[_dist(m)]) for m in skill.imports if _dist(m) in view.declared]
    if declared:
        name, place = declared[0]
        return MISSING, [_ev(view.name, f"declares {_dist(name)} but no code imports it", place)], "declared as a dependency but never used in code"
    return MISSING, [], ""


def _check_verdict(skill: Skill, finding: Finding) -> str | None:
    """Met, partly met or missing from a check's finding (None when the check could not judge)."""
    if skill.levels:
        key, met, partly = skill.levels
        level = dict(finding.values).get(key)
        return MET if level in met else PARTLY if level in partly else MISSING if finding.status.scored else None
    if finding.status is Status.PASS:
        return MET
    return MISSING if finding.status is Status.FAIL else None


def match_skill(skill: Skill, views: list[RepoView]) -> tuple[str, list[MatchEvidence], str]:
    """The best verdict for a skill across the repositories, with evidence from up to MAX_EVIDENCE places."""
    if not skill.checkable:
        return NOT_CHECKABLE, [], "not checkable from code"
    results = [judge(skill, view) for view in views]
    best = max((r[0] for r in results), key=RANK.__getitem__)
    evidence = [ev for verdict, evs, _ in results if verdict == best for ev in evs][:MAX_EVIDENCE]
    if best == MISSING and not any(v.tools for v in views) and (skill.imports or skill.infra or skill.partly):
        return NOT_CHECKABLE, [], "the report has no record of imports and files (made before readiness match); assess again"
    reasons = [reason for verdict, _, reason in results if verdict == best and reason]
    if skill.check and best == MISSING and not evidence:
        findings = [v.findings[skill.check] for v in views if skill.check in v.findings]
        if not any(f.status.scored for f in findings):
            why = findings[0].message if findings else "it did not run"
            return NOT_CHECKABLE, [], f"{skill.check} could not judge this portfolio: {why}"
    return best, evidence, reasons[0] if reasons else "no evidence in the repositories' code"


def match_requirement(req: Requirement, taxonomy: Taxonomy, views: list[RepoView]) -> RequirementMatch:
    """The verdict for one requirement: the best of its alternatives; degrees and years are not checkable."""
    if req.kind == "degree":
        return RequirementMatch(req, NOT_CHECKABLE, "a degree cannot be read from code; it feeds the degree-versus-portfolio advice")
    if req.kind == "years":
        return RequirementMatch(req, NOT_CHECKABLE, "years of experience cannot be read from code; commit history shows activity, not employment")
    judged = [(sid, *match_skill(taxonomy.skills[sid], views)) for sid in req.alternatives]
    order = {MET: 3, PARTLY: 2, MISSING: 1, NOT_CHECKABLE: 0}
    sid, verdict, evidence, reason = max(judged, key=lambda j: order[j[1]])
    label = taxonomy.skills[sid].label
    return RequirementMatch(req, verdict, f"{label}: {reason}" if len(req.alternatives) > 1 else reason, tuple(evidence), sid)


def coverage(matches: list[RequirementMatch], importance: str) -> Coverage:
    """Coverage of one importance class: met counts 1, partly met 0.5, not-checkable left out."""
    chosen = [m for m in matches if m.requirement.importance == importance]
    count = {v: sum(m.verdict == v for m in chosen) for v in (MET, PARTLY, MISSING, NOT_CHECKABLE)}
    checkable = len(chosen) - count[NOT_CHECKABLE]
    percent = round(100 * (count[MET] + 0.5 * count[PARTLY]) / checkable, 1) if checkable else None
    return Coverage(len(chosen), count[MET], count[PARTLY], count[MISSING], count[NOT_CHECKABLE], percent)


def _extend(kind: str, views: list[RepoView]) -> str | None:
    """The repository to grow for a missing skill: the strongest of the kind EXTEND names."""
    def level(view: RepoView, check: str, key: str) -> str:
        return view.value(check, key) or ""
    scored = {
        "trains": lambda v: ("training" in v.stages) * (2 + (v.findings.get("BRD001") is not None and v.findings["BRD001"].status is Status.PASS)),
        "serves": lambda v: {"strong": 3, "partial": 2}.get(level(v, "DEP001", "level"), 0) or ("training" in v.stages),
        "data": lambda v: len({"collection", "preparation"} & v.stages),
        "llm": lambda v: 2 * ("llm" in v.domains),
        "code": lambda v: {"solid": 3, "few": 2}.get(level(v, "TST001", "level"), 0) or bool(v.imports),
    }.get(kind)
    if scored is None:
        return None
    ranked = sorted((v for v in views if v.name != "portfolio"), key=lambda v: -scored(v))
    return ranked[0].name if ranked and scored(ranked[0]) else None


def rank_gaps(matches: list[RequirementMatch], taxonomy: Taxonomy, views: list[RepoView]) -> tuple[MatchGap, ...]:
    """Requirements missing or partly met, must-haves first, then by effort, then in posting order."""
    open_ = [m for m in matches if m.verdict in (MISSING, PARTLY)]
    def skill(m: RequirementMatch) -> Skill:
        return min((taxonomy.skills[s] for s in m.requirement.alternatives), key=lambda s: s.effort.units)
    open_.sort(key=lambda m: (m.requirement.importance != "must", skill(m).effort.units, m.verdict == PARTLY, m.requirement.line))
    gaps = []
    for rank, m in enumerate(open_, 1):
        s = skill(m)
        where = next((e.repo for e in m.evidence if e.repo != "portfolio"), None) if m.verdict == PARTLY else None
        gaps.append(MatchGap(rank, m.requirement.id, m.requirement.label, m.requirement.importance, m.verdict, s.effort.value,
                             s.project, where or _extend(s.extend, views), s.group.source))
    return tuple(gaps)


def match_posting(report: Report, extraction: Extraction, origin: str, role: str, notes: tuple[str, ...] = (), taxonomy: Taxonomy | None = None) -> PostingMatch:
    """Match every requirement of EXTRACTION against REPORT; coverage, ranked gaps and the sources used."""
    taxonomy = taxonomy or load_taxonomy()
    views = repo_views(report)
    if not any(v.tools for v in views):
        notes += ("This report was made before readiness recorded what the code imports and which files it has: "
                  "requirements that need them are not checkable; run the assessment again for a full match.",)
    matches = [match_requirement(req, taxonomy, views) for req in extraction.requirements]
    used = {taxonomy.skills[s].group.source for m in matches for s in m.requirement.alternatives}
    if any(m.requirement.kind != "skill" for m in matches):
        used.add("seed-001")
    sources = tuple(taxonomy.sources[s] for s in sorted(used) if s in taxonomy.sources)
    return PostingMatch(origin, extraction.title, role, coverage(matches, "must"), coverage(matches, "nice"), tuple(matches),
                        rank_gaps(matches, taxonomy, views), extraction.excluded, notes, sources)
