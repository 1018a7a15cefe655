"""Whether a repository is coursework: course names, assignment briefs, starter code and submission helpers, with evidence (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checks.support.code_graph import memo
from checks.support.prefilter import folded, screen, search
from checks.support.unit_text import cells_may_match
from readiness.facts.model import RepoFacts
from readiness.models import Evidence

PLATFORM = re.compile(
    r"(?i)\b(coursera|udacity|udemy|datacamp|edx|nanodegree|data\s?talks\.?\s?club|zoomcamp|kaggle learn|deeplearning\.ai|mooc|"
    r"course\.fast\.ai|practical deep learning for coders|cs\s?(?:109|189|229|230|231|224|285|330|336)[a-z]?|"
    r"(?:deep learning|machine learning|data science|tensorflow developer|mlops) specialization|bootcamp)\b"
)
THESIS = re.compile(r"(?i)\b(bachelor'?s?|master'?s?|final|diploma|undergraduate|graduation|phd)\s+(degree\s+)?(thesis|dissertation)\b|\b(TFG|TFM)\b|\bcapstone project\b|\bfinal[- ]year project\b")
BRIEF = re.compile(r"(?i)\b(you will have to|your task is to|you are (asked|required|expected) to|deliverables)\b")
BRIEF_ONLY = re.compile(r"(?i)\b(the goal of this \d+[- ](day|week|hour)s? project|due date|submission deadline|grading rubric|will be graded|you (must|should) submit)\b")
WORDS = re.compile(r"(?i)(?<!\bof )\b(course(work)?s?|assignments?|homeworks?|lectures?|quiz(zes)?|semester|syllabus|instructor|professor|fast\.?ai|curso|exercises? \d+|labs? \d+)\b")
STRONG_PART = re.compile(r"(?i)^(assignments?|homeworks?|hw[-_ ]?\d+|assignment[-_ ]?\d+|capstone|coursework)$")
WEAK_PART = re.compile(r"(?i)^(exercises?|ex\d+|lessons?|lectures?|courses?|labs|quiz(zes)?\d*)$|^(week|lab|lesson|lecture|module|class|exercise|ex)[-_ ]?\d+")
STARTER = re.compile(r"(?i)#+\s*(your code here|start code here|end code here|your answer here|write your code|todo: implement)|\byour code here\b")
GRADER_IMPORT = re.compile(r"^(otter|nbgrader|client\.api\.notebook|public_tests|testCases\w*|coursera\w*|grader_utils)(\.|$)")
LMS_FILES = frozenset({".canvas", ".learn"})
"""Files a learning platform's template puts at the root of each project repository (Canvas, Learn.co)."""
SUBMIT_FILES = re.compile(r"(?i)(^|/)(submit\.(py|m)|grader\.py|[\w-]*_grader\.py|autograder[\w-]*\.py|[\w-]+\.ok)$")


@dataclass(frozen=True, slots=True)
class Coursework:
    """The coursework markers found, by kind, and the verdict: one strong marker or two weak kinds."""

    strong: tuple[tuple[str, Evidence], ...]
    weak: tuple[tuple[str, Evidence], ...]

    @property
    def course(self) -> bool:
        """Whether a reviewer would call the repository coursework."""
        return bool(self.strong) or len({kind for kind, _ in self.weak}) >= 2

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of marker behind the verdict (empty when it is not coursework)."""
        return tuple(dict.fromkeys(kind for kind, _ in self.strong + self.weak)) if self.course else ()

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Strong markers first, then weak ones."""
        return tuple(ev for _, ev in self.strong + self.weak)


def _line(text: str, start: int) -> int:
    """The 1-based line of offset START in TEXT."""
    return text.count("\n", 0, start) + 1


def _cleaned(facts: RepoFacts, path: str, text: str) -> tuple[str, str]:
    """TEXT (the file at PATH) without Markdown emphasis marks, and that `folded`, worked out once per repository (the
    README is read by `_readme` and again, as a top-level Markdown file, by `_briefs`)."""
    def clean(_: RepoFacts) -> tuple[str, str]:
        plain = re.sub(r"[*_`]+", "", text[:200_000])
        return plain, folded(plain)
    return memo(facts, f"coursework-cleaned {path}", clean)


def _readme(facts: RepoFacts, strong: list, weak: list) -> None:
    """Course platforms and theses (strong), course words (weak) in the README."""
    readme = facts.readme
    if readme is None:
        return
    text, lower = _cleaned(facts, readme.path, readme.text)
    if match := search(PLATFORM, text, lower):
        strong.append(("course", Evidence(f"README names a course: '{match.group(0)}'", readme.path, _line(text, match.start()))))
    if match := search(THESIS, text, lower):
        strong.append(("thesis", Evidence(f"README says '{match.group(0)}': academic work", readme.path, _line(text, match.start()))))
    if match := search(WORDS, text, lower):
        weak.append(("readme", Evidence(f"README says '{match.group(0)}'", readme.path, _line(text, match.start()))))


def _briefs(facts: RepoFacts, strong: list) -> None:
    """A README or another top-level Markdown file written as an assignment brief (strong)."""
    for path, kept in sorted(facts.texts.items()):
        if "/" in path or not path.lower().endswith((".md", ".markdown", ".txt", ".rst")):
            continue
        text, lower = _cleaned(facts, path, kept.text)
        if screen(BRIEF_ONLY).excludes(lower):
            continue  # no brief without one of these words
        only = list(dict.fromkeys(m.group(0).lower() for m in BRIEF_ONLY.finditer(text)))
        briefs = only + list(dict.fromkeys(m.group(0).lower() for m in BRIEF.finditer(text)))
        if only and len(briefs) >= 2:
            first = BRIEF_ONLY.search(text)
            strong.append(("brief", Evidence(f"an assignment brief: '{briefs[0]}', '{briefs[1]}'", path, _line(text, first.start()) if first else None)))
            return


@lru_cache(maxsize=1 << 14)  # folder names recur in every path under them
def _part_kinds(part: str) -> tuple[bool, bool]:
    """Whether one path part or a word of it is an assignment-like name (strong), and whether one is lesson-like (weak)."""
    words = [part, *re.split(r"[-_ ]", part)]
    return any(STRONG_PART.match(w) for w in words), any(WEAK_PART.match(w) for w in words)


def _paths(facts: RepoFacts, strong: list, weak: list) -> None:
    """Assignment folders (strong), lesson/week/lab folders and a course-like repository name (weak), submission helpers (strong)."""
    name_parts = re.split(r"[-_ .+@]", facts.name.lower())
    if any(PLATFORM.fullmatch(p) for p in name_parts):
        strong.append(("name", Evidence(f"repository name '{facts.name}' names a course")))
    elif any(STRONG_PART.match(p) or WEAK_PART.match(p) or p == "fastai" for p in name_parts):
        weak.append(("name", Evidence(f"repository name '{facts.name}'")))
    strong_path = weak_path = submit = lms = None
    for info in facts.files:
        if info.path in LMS_FILES:
            lms = info.path
        parts = info.path.split("/")
        stems = parts[:-1] + [parts[-1].rsplit(".", 1)[0]]
        if strong_path is None and any(_part_kinds(p)[0] for p in stems):
            strong_path = info.path
        elif weak_path is None and any(_part_kinds(p)[1] for p in stems):
            weak_path = info.path
        if submit is None and SUBMIT_FILES.search(info.path):
            submit = info.path
    if lms:
        strong.append(("platform", Evidence("a learning platform's project file (the course template made this repository)", lms)))
    if strong_path:
        strong.append(("assignment", Evidence("assignment folder or file", strong_path)))
    if weak_path:
        weak.append(("path", Evidence("course-like folder or file (lesson, week, lab, exercise, module)", weak_path)))
    if submit:
        weak.append(("submission", Evidence("submission or grader helper", submit)))


def _code(facts: RepoFacts, strong: list) -> None:
    """Starter-code markers in notebooks (# YOUR CODE HERE) and imports of course graders."""
    for nb in facts.notebooks:
        if not cells_may_match(nb, STARTER):
            continue
        hit = next((c for c in nb.cells if c.kind == "code" and STARTER.search(c.source)), None)
        if hit is not None:
            match = STARTER.search(hit.source)
            strong.append(("starter", Evidence(f"starter code: '{match.group(0).strip() if match else ''}'", nb.path, cell=hit.index)))
            break
    units = list(facts.modules) + [nb.code for nb in facts.notebooks if nb.code is not None]
    for unit in units:
        stubs = [f for f in unit.functions if f.empty and not any(d.endswith(("abstractmethod", "overload")) for d in f.decorators)]
        if len(stubs) < 2:
            continue
        stems = [w for p in unit.path.rsplit(".", 1)[0].split("/") for w in [p, *re.split(r"[-_ ]", p)]]
        if any(STRONG_PART.match(w) or WEAK_PART.match(w) for w in stems):
            strong.append(("starter", Evidence(f"exercise skeleton: {len(stubs)} empty stub functions ({stubs[0].name}...)", unit.path, stubs[0].line, stubs[0].cell)))
            break
    for unit in units:
        imp = next((i for i in unit.imports if i.level == 0 and _grader(i.module)), None)
        if imp is not None:
            strong.append(("grader", Evidence(f"imports the course grader {imp.module}", unit.path, imp.line, imp.cell)))
            break


@lru_cache(maxsize=1 << 14)  # module names recur across units and repositories
def _grader(module: str) -> bool:
    """Whether MODULE is a course grader's."""
    return GRADER_IMPORT.match(module) is not None


def _analyse(facts: RepoFacts) -> Coursework:
    """Collect the coursework markers of one repository."""
    strong: list[tuple[str, Evidence]] = []
    weak: list[tuple[str, Evidence]] = []
    _readme(facts, strong, weak)
    _briefs(facts, strong)
    _paths(facts, strong, weak)
    _code(facts, strong)
    return Coursework(tuple(strong), tuple(weak))


def coursework(facts: RepoFacts) -> Coursework:
    """The coursework markers of FACTS, computed once per repository."""
    return memo(facts, "coursework", _analyse)
