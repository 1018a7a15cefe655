"""Helpers for the storefront checks: what a profile README says once widgets and badges are set aside, and why a
pinned repository is weak, from the findings already made on it (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.support.portfolio import value
from readiness.models import Evidence, RepoReport, Status

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|<picture\b.*?</picture>", re.I | re.S)
LINKED_IMAGE = re.compile(r"\[\s*(?:!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>)\s*\]\([^)]*\)", re.I)
WIDGET_HOST = re.compile(r"(?i)github-readme-stats|shields\.io|readme-typing-svg|streak-stats|skillicons|profile-trophy|"
                         r"activity-graph|komarev|visitor|wakatime|badge|capsule-render|github-stats|metrics\.lecoq")
TAGS = re.compile(r"<[^>]+>|<!--.*?-->", re.S)
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
WORD = re.compile(r"[A-Za-z][A-Za-z'+#.-]*")
ROLE_NOUN = r"(?:engineer|scientist|developer|researcher|analyst|student|architect|consultant|specialist|graduate)"
HEADLINE = re.compile(rf"(?im)^#+[^\n]*?\b((?:machine learning|ml|ai|data|mlops|software|research|nlp|deep learning|analytics)\s+{ROLE_NOUN})\b")
ROLE = re.compile(
    r"(?i)\b(?:i\s*(?:am|'m|’m)|i work as|working as|currently an?|as an?)\b[^.\n]{0,60}?\b((?:machine learning|ml|ai|data|mlops|"
    r"software|research|nlp|computer vision|deep learning|analytics|backend|full[- ]stack)?\s*"
    r"(?:engineer|scientist|developer|researcher|analyst|student|architect|consultant|specialist|graduate))\b"
)
STACK = ("Python", "PyTorch", "TensorFlow", "Keras", "scikit-learn", "pandas", "NumPy", "SQL", "Spark", "Airflow", "dbt",
         "Docker", "Kubernetes", "FastAPI", "Flask", "Streamlit", "Gradio", "Hugging Face", "transformers", "LangChain",
         "MLflow", "AWS", "GCP", "Azure", "XGBoost", "LightGBM", "OpenCV", "ONNX", "PostgreSQL", "Kafka", "R", "Julia",
         "C++", "Java", "Scala", "Go", "Rust", "TypeScript", "JavaScript", "Terraform", "DVC", "Weights & Biases")
PROSE_WORDS = 25
"""Fewer words than this outside images, badges and markup is a README of widgets, not of work."""
MISSING_FILES = "not in the repository"
"""How DEP004 and DOC003 say a file they name is missing."""


@dataclass(frozen=True, slots=True)
class ProfileText:
    """A profile README read like a recruiter: its prose, the widgets and badges, the role, the stack, the lines."""

    words: int
    widgets: int
    role: Evidence | None
    stack: tuple[str, ...]
    stack_line: int | None


def _line_of(text: str, needle_at: int) -> int:
    """1-based line of an offset."""
    return text.count("\n", 0, needle_at) + 1


def read_profile(text: str, path: str) -> ProfileText:
    """The prose left once images, badges, widgets and markup are removed, and what it says."""
    widgets = sum(1 for m in IMAGE.finditer(text) if WIDGET_HOST.search(m.group(0))) + len(LINKED_IMAGE.findall(text))
    prose = LINK.sub(r"\1", IMAGE.sub(" ", LINKED_IMAGE.sub(" ", text)))
    prose = TAGS.sub(" ", prose)
    prose = "\n".join(line for line in prose.splitlines() if not line.strip().startswith(("```", "|")))
    words = len(WORD.findall(prose))
    role_match = ROLE.search(prose) or HEADLINE.search(prose)
    role = Evidence(f"role: '{role_match.group(1).strip()}'", path, _line_of(prose, role_match.start())) if role_match else None
    found, first = [], None
    for tool in STACK:
        flags = re.I if len(tool) > 3 else 0  # Go, R, SQL, AWS, dbt: only as written, never "let's go"
        hit = re.search(rf"(?<![\w-]){re.escape(tool)}(?![\w+-])", prose, flags)
        if hit:
            found.append(tool)
            first = min(first or hit.start(), hit.start())
    return ProfileText(words, widgets, role, tuple(found), _line_of(prose, first) if first is not None else None)


def _finding(repo: RepoReport, check_id: str):
    """REPO's finding for CHECK_ID, if the check ran."""
    return next((f for f in repo.findings if f.check_id == check_id), None)


def _first(finding) -> Evidence:
    """A finding's first piece of evidence, or its message."""
    ev = finding.evidence[0] if finding.evidence else None
    return Evidence(f"{finding.check_id}: {finding.message}" + (f" ({ev.detail})" if ev and ev.detail else ""),
                    ev.path if ev else None, ev.line if ev else None, ev.cell if ev else None)


def weak_reasons(repo: RepoReport, fork: bool = False, empty: bool = False) -> list[tuple[str, Evidence]]:
    """Why a reviewer opening REPO first would be let down: a fork, an unfilled template, coursework, empty, or
    broken at HEAD (saved notebook errors, a broken notebook, packaging or a quick start naming missing files)."""
    out: list[tuple[str, Evidence]] = []
    if fork or repo.fork:
        out.append(("fork", Evidence("a fork: the project a reviewer opens is someone else's")))
    template = _finding(repo, "ORG002")
    if template is not None and template.status is Status.FAIL:
        out.append(("template", _first(template)))
    elif template is not None and value(template.values, "coursework") == ["yes"]:
        first = _first(template)
        out.append(("coursework", Evidence(f"ORG002: coursework ({', '.join(value(template.values, 'course'))})", first.path, first.line, first.cell)))
    if empty or repo.files_tracked == 0 or (template is not None and template.status is Status.NOT_APPLICABLE and repo.files_tracked <= 2):
        out.append(("empty", Evidence(f"empty: {repo.files_tracked} tracked file(s), no code")))
    for check_id in ("NBK004", "NBK001"):
        found = _finding(repo, check_id)
        if found is not None and found.status is Status.FAIL:
            out.append(("broken", _first(found)))
    for check_id in ("DEP004", "DOC003"):
        found = _finding(repo, check_id)
        if found is not None and found.status is Status.FAIL and MISSING_FILES in found.message:
            out.append(("broken", _first(found)))
    return out
