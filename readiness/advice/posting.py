"""Requirement extraction: a posting's text -> must-have and nice-to-have requirements, with alternatives and negations.

Sections decide importance ("Requirements" must, "Nice to have"/"Bonus"/"Preferred" nice, "Responsibilities" must,
"About us"/"Benefits" ignored); a line's own words ("a plus", "preferred", "ideally") make it nice to have. Skills
joined by "or" or "/" ("PyTorch or TensorFlow"), or listed as examples ("a framework such as PyTorch, JAX"), are one
requirement met by any of them; "no Kubernetes experience needed" rules a skill out. Degrees and years of experience
are requirements too, reported as not checkable from code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readiness.advice.taxonomy import Taxonomy, load_taxonomy
from readiness.errors import InputError
from readiness.matching import Requirement
from readiness.sources.posting import Posting

MUST, NICE, IGNORE = "must", "nice", "ignore"
SECTION_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (NICE, re.compile(r"(?i)\b(nice[\s-]to[\s-]haves?|bonus|preferred|pluses|a plus|desirable|good to have|nice if|extra credit|would be great|even better|ideally|optional)\b")),
    (IGNORE, re.compile(r"(?i)\b(benefits|perks|what we offer|we offer|about us|about the company|about the team|who we are|our company|compensation|salary|equal opportunit\w*|how to apply|diversity|location|hiring process|our values)\b")),
    (MUST, re.compile(r"(?i)\b(requirements?|required|qualifications?|must[\s-]haves?|what you('ll)? (need|bring)|who you are|about you|you have|you bring|skills|profile|what we('re| are) looking for|we('re| are) looking for|experience|responsibilities|what you('ll)? do|the role|your role|in this role|you will|day[\s-]to[\s-]day|your mission|tasks|duties|key skills)\b")),
)
NICE_CUE = re.compile(r"(?i)\b(a plus|a bonus|is a plus|are a plus|preferred|nice[\s-]to[\s-]have|bonus|ideally|desirable|an advantage|a big plus|would be great|good to have|optional|familiarity with)\b|\bplus\b(?=\W*$)")
NEG_BEFORE = re.compile(r"(?i)(\b(no|without)\s+((prior|previous|professional|formal|any)\s+)*((experience|knowledge|background)\s+(with|in|of)\s+)?(an?\s+)?|\b(don'?t|do not|doesn'?t|does not|won'?t|will not)\s+(need|require|have to (know|use))\b.*)$")
NEG_AFTER = re.compile(r"(?i)^[^.;]{0,40}?\b(is|are)?\s*(not|isn'?t|aren'?t)\s+(required|necessary|needed|expected|a requirement|mandatory)\b")
NEG_AFTER_NICE = re.compile(r"(?i)\b(plus|nice|bonus|helpful|welcome)\b[^.;]{0,20}\bnot\s+required\b")
EXAMPLE_CUE = re.compile(r"(?i)\b(such as|e\.g\.?|for example|like|one of|any of|either|at least one of)\s*:?\s*\(?\s*$")
JOIN_OR = re.compile(r"(?i)^\s*(/|\||,?\s*or|,?\s*and/or)\s*(\(?\s*)?$")
JOIN_LIST = re.compile(r"(?i)^\s*(,|;|&|,?\s*and|,?\s*or|/|\||,?\s*and/or|,?\s*as well as|,?\s*plus)\s*$")
HEADING_MD = re.compile(r"^\s{0,3}(?:#{1,6}\s+(?P<h1>.+?)|\*\*(?P<h2>[^*]+?)\*\*|__(?P<h3>[^_]+?)__)\s*:?\s*$")
INLINE_SECTION = re.compile(r"^\s*[-*•]?\s*\**(?P<h>[A-Za-z][\w ,'’/&-]{1,40}?)\**\s*:\s*\**(?P<rest>.+)$")
STRONG_MUST = re.compile(r"(?i)\b(requirements?|required|must)\b")
DEGREE_FIELD = re.compile(r"(?i)(degree|ph\.?\s?d\.?|doctorate|master'?s|bachelor'?s|m\.?sc|b\.?sc)\b[^.;]{0,30}?\b(in|of)\b(?P<f>[^.;]{0,120})")
SUBJECT_GROUPS = frozenset({"ml-practice", "domains", "languages"})
BULLET = re.compile(r"^\s*([-*•·▪◦‣]|\d{1,2}[.)])\s+")
CLAUSE = re.compile(r"(?<=;)\s*|(?<=[.!?])\s+(?=[A-Z(])")
DEGREE = re.compile(r"(?i)(?<![\w/])(ph\.?\s?d\.?|doctorate|doctoral|master'?s|masters|m\.\s?s\.|m\.?sc\.?|bachelor'?s|bachelors|b\.\s?s\.|b\.?sc\.?|degree)(?![\w])|\b(BS|MS|BA|MA)(?=\s*(/|in\b|or\b|degree))")
DEGREE_LEVELS = (("PhD", re.compile(r"(?i)ph\.?\s?d|doctora")), ("master's", re.compile(r"(?i)^(master|m\.?\s?s|msc|m\.sc|ma)")), ("bachelor's", re.compile(r"(?i)^(bachelor|b\.?\s?s|bsc|b\.sc|ba)")))
EQUIVALENT = re.compile(r"(?i)\bequivalent\s+(practical\s+|work\s+|professional\s+|industry\s+)?experience\b|\bor equivalent\b")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
YEARS = re.compile(r"(?i)\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(\+|plus)?\s*(?:(-|–|to)\s*\d{1,2}\s*)?\+?\s*years?\b(?P<tail>[^.;]{0,80})")
ENGLISH = frozenset("the and to of a in with for you we our is are will be on as or an your this that experience team work data".split())
OTHER_LANGUAGES = {
    "German": frozenset("und der die das mit für wir sie ein eine ist zu von den im auf du deine dein ihr unser unsere oder sowie kenntnisse erfahrung aufgaben".split()),
    "French": frozenset("et le la les des une un avec pour nous vous est dans sur du votre vos notre nos ou compétences expérience".split()),
    "Spanish": frozenset("y el la los las una un con para nosotros es en del su sus nuestro nuestra o experiencia conocimientos".split()),
    "Dutch": frozenset("en het de een met voor wij jij je is in op van ons onze of ervaring kennis".split()),
    "Portuguese": frozenset("e o os as uma um com para nós você é em do da seu sua nosso nossa ou experiência conhecimento".split()),
    "Italian": frozenset("e il lo la gli le una un con per noi è in del della tuo tua nostro nostra o esperienza conoscenza".split()),
}
ROLE_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("data-engineer", re.compile(r"(?i)\b(data|analytics|big data|etl)\s+engineer")),
    ("research", re.compile(r"(?i)\bresearch\s+(engineer|scientist)|\bapplied scientist|\bresearch\b")),
    ("data-scientist", re.compile(r"(?i)\bdata scien|\bdata analyst|\bdecision scien|\bproduct analyst")),
    ("software-engineer", re.compile(r"(?i)\b(llm|genai|generative ai|ai)\s+(application\s+)?(engineer|developer)|\bsoftware engineer")),
    ("ml-engineer", re.compile(r"(?i)^(?=.*\b(engineer|developer)\b)(?=.*\b(ml|machine learning|mlops|ml ops|deep learning|computer vision|nlp)\b)")),
)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a posting asks for: its title, the role it is for (when the title says), requirements and exclusions."""

    title: str | None
    role: str | None
    requirements: tuple[Requirement, ...]
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Mention:
    """A skill found in a clause: where, which skill, and the posting words."""

    start: int
    end: int
    skill: str


def check_language(text: str, origin: str) -> None:
    """Refuse a posting that is not in English: readiness's taxonomy only knows English postings."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    ascii_share = sum(ch.isascii() for ch in letters) / len(letters) if letters else 1.0
    english_share = sum(w in ENGLISH for w in words) / len(words) if words else 1.0
    english = sum(w in ENGLISH for w in words)
    other, hits = max(((lang, sum(w in stop for w in words)) for lang, stop in OTHER_LANGUAGES.items()), key=lambda x: x[1])
    if (len(letters) >= 30 and ascii_share < 0.7) or (len(words) >= 25 and english_share < 0.06):
        raise InputError(f"{origin}: the posting does not look like English; readiness match reads English postings only")
    if hits >= 5 and hits > 1.5 * english:
        raise InputError(f"{origin}: the posting looks like {other}, not English; readiness match reads English postings only")


def section_kind(heading: str) -> str:
    """must, nice or ignore for a section heading (an unknown heading describes the role: must)."""
    for kind, pattern in SECTION_WORDS:
        if pattern.search(heading):
            return kind
    return MUST


def heading_of(line: str) -> str | None:
    """The heading text when LINE is a section heading (Markdown, bold, 'Title:' or a short known section name)."""
    if match := HEADING_MD.match(line):
        return (match.group("h1") or match.group("h2") or match.group("h3")).strip().rstrip(":").strip("*_ ")
    stripped = line.strip()
    if BULLET.match(stripped) or len(stripped.split()) > 8 or len(stripped) < 3 or re.search(r":\s*\S", stripped):
        return None
    if stripped.endswith(":"):
        return stripped.rstrip(":").strip("*_ ")
    if any(pattern.fullmatch(stripped.strip("*_ ").lower()) or pattern.match(stripped) and len(stripped.split()) <= 4 for _, pattern in SECTION_WORDS) and not stripped.endswith("."):
        return stripped.strip("*_ ")
    return None


def _inline_kind(label: str) -> str | None:
    """The kind an inline 'Label: ...' gives its line: nice or ignore from any section word, must only from 'required'."""
    if re.search(r"(?i)\b(no|not|without)\b", label) or not any(pattern.search(label) for _, pattern in SECTION_WORDS):
        return None
    kind = section_kind(label)
    return kind if kind != MUST or STRONG_MUST.search(label) else None


def _title(line: str) -> str | None:
    """The first line as the posting's title: short, and neither a section heading nor 'Label: content'."""
    text = line.strip("#*_ ").strip()
    if not text or len(text.split()) > 12 or re.search(r":\s*\S", text) or text.endswith((".", ":")) or heading_of(text) not in (None, text):
        return None
    return None if any(pattern.fullmatch(text.lower()) for _, pattern in SECTION_WORDS) else text


def role_for(title: str | None, text: str) -> str | None:
    """The target role a posting's title (else its first lines) names, as a roles.toml id."""
    head = title or ""
    for candidate in (head, "\n".join(text.splitlines()[:3])):
        for role, pattern in ROLE_TITLES:
            if pattern.search(candidate):
                return role
    return None


def _groups(clause: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Split a clause's mentions into requirements: 'or'/'/' and example lists join, 'and' and commas separate."""
    runs: list[list[_Mention]] = []
    for mention in mentions:
        if runs and JOIN_LIST.match(clause[runs[-1][-1].end:mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    groups: list[list[_Mention]] = []
    for run in runs:
        groups += _same_kind(_run_groups(clause, run))
    return groups


def _same_kind(groups: list[list[_Mention]]) -> list[list[_Mention]]:
    """Alternatives are of one kind: 'Kubernetes, AWS or GCP' is Kubernetes, and AWS or GCP."""
    taxonomy = load_taxonomy()
    out: list[list[_Mention]] = []
    for group in groups:
        kinds: dict[str, list[_Mention]] = {}
        for mention in group:
            kinds.setdefault(taxonomy.skills[mention.skill].group.id, []).append(mention)
        out += list(kinds.values())
    return out


def _run_groups(clause: str, run: list[_Mention]) -> list[list[_Mention]]:
    """One run of listed mentions as requirements: all alternatives after an example cue or when joined by 'or' only."""
    joins = [clause[a.end:b.start] for a, b in zip(run, run[1:])]
    cue = EXAMPLE_CUE.search(clause[max(0, run[0].start - 40):run[0].start])
    if len(run) > 1 and (cue or (JOIN_OR.match(joins[-1]) and not any(re.search(r"(?i)\band\b|&", j) for j in joins))):
        return [run]
    groups = [[run[0]]]
    for join, mention in zip(joins, run[1:]):
        if JOIN_OR.match(join):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _negated(clause: str, group: list[_Mention]) -> bool:
    """Whether the clause rules the group out ('no X experience needed', 'X is not required')."""
    before = clause[max(0, group[0].start - 60):group[0].start]
    after = clause[group[-1].end:]
    if NEG_AFTER_NICE.search(after):
        return False
    return bool(NEG_BEFORE.search(before) or NEG_AFTER.search(after))


def _degree(clause: str) -> tuple[str, bool] | None:
    """(label, ruled out) for a degree requirement in the clause, or None."""
    found = [m.group(0) for m in DEGREE.finditer(clause)]
    if not found:
        return None
    levels = [level for level, pattern in reversed(DEGREE_LEVELS) for word in found if pattern.search(word)]
    label = f"{levels[0]} degree" if levels else "a degree"
    if EQUIVALENT.search(clause):
        label += " or equivalent experience"
    negated = bool(re.search(r"(?i)\b(no|without)\s+(\w+\s+){0,2}(degree|ph\.?d|master)|\b(degree|ph\.?d)\w*\s+(is\s+)?(not|isn'?t)\s+(required|necessary|needed)", clause))
    return label, negated


def _years(clause: str) -> str | None:
    """'N+ years of experience' when the clause asks for years of experience."""
    for match in YEARS.finditer(clause):
        if re.search(r"(?i)\b(experience|exp\b|industry|professional|working|hands-on|building|developing)", match.group("tail") + clause[:match.start()]):
            n = match.group("n").lower()
            return f"{NUMBER_WORDS.get(n, n)}+ years of experience"
    return None


class _Collector:
    """Accumulates requirements in posting order, merging repeats (a must-have wins over a nice-to-have)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.found: dict[str, Requirement] = {}
        self.excluded: dict[str, str] = {}

    def add(self, req: Requirement) -> None:
        """Keep the first occurrence; upgrade it to must when a later one is a must."""
        old = self.found.get(req.id)
        if old is None:
            self.found[req.id] = req
        elif old.importance == NICE and req.importance == MUST:
            self.found[req.id] = req

    def skill(self, skills: list[str], importance: str, section: str, number: int, line: str) -> None:
        """Add a skill requirement met by any of SKILLS."""
        skills = list(dict.fromkeys(skills))
        labels = [self.taxonomy.skills[s].label for s in skills]
        group = self.taxonomy.skills[skills[0]].group.id
        self.add(Requirement("|".join(skills), " or ".join(labels), "skill", importance, tuple(skills), group, section, number, _short(line)))

    def result(self) -> tuple[tuple[Requirement, ...], tuple[str, ...]]:
        """The requirements (alternative groups implied by a single requirement dropped) and the exclusions."""
        single = {r.alternatives[0]: r for r in self.found.values() if r.kind == "skill" and len(r.alternatives) == 1}
        keep = []
        for req in self.found.values():
            implied = [single[s] for s in req.alternatives if s in single] if len(req.alternatives) > 1 else []
            if any(s.importance == MUST or req.importance == NICE for s in implied):
                continue
            keep.append(req)
        wanted = {s for r in keep for s in r.alternatives} | {r.kind for r in keep}
        excluded = tuple(f"{label}: {text}" for key, (label, text) in self.excluded.items() if key not in wanted)
        return tuple(keep), excluded


def _short(text: str, limit: int = 160) -> str:
    """TEXT on one line, at most LIMIT characters."""
    text = " ".join(BULLET.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def extract(posting: Posting, taxonomy: Taxonomy | None = None) -> Extraction:
    """The requirements of POSTING (an InputError when it is not English or asks for nothing readiness knows)."""
    taxonomy = taxonomy or load_taxonomy()
    check_language(posting.text, posting.origin)
    lines = posting.text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    title = posting.title or _title(lines[first] if lines else "")
    collect = _Collector(taxonomy)
    kind, section = MUST, ""
    for number, raw in enumerate(lines, 1):
        if not raw.strip() or (number == first + 1 and title and raw.strip("#*_ ").strip() == title):
            continue
        heading = heading_of(raw)
        if heading is not None:
            kind, section = section_kind(heading), heading
            continue
        line_kind, text = kind, raw
        if (inline := INLINE_SECTION.match(raw)) and not (taxonomy.find(inline.group("h")) or DEGREE.search(inline.group("h"))):
            inline_kind = _inline_kind(inline.group("h"))
            if inline_kind is not None:
                line_kind, text = inline_kind, inline.group("rest")
        if line_kind == IGNORE:
            continue
        for clause in CLAUSE.split(text):
            importance = NICE if line_kind == NICE or NICE_CUE.search(clause) else MUST
            _clause(collect, taxonomy, clause, importance, section, number, raw)
    requirements, excluded = collect.result()
    if not requirements:
        raise InputError(f"{posting.origin}: found no requirement readiness knows (skills, tools, degrees, years of experience) in the posting")
    return Extraction(title, role_for(title, posting.text), requirements, excluded)


def _clause(collect: _Collector, taxonomy: Taxonomy, clause: str, importance: str, section: str, number: int, line: str) -> None:
    """Find the skills, degree and years one clause asks for."""
    mentions = [_Mention(start, end, skill) for start, end, skill in taxonomy.find(clause)]
    if field := DEGREE_FIELD.search(clause):  # 'a degree in Statistics or Computer Science' names a subject, not a skill
        start, end = field.span("f")
        mentions = [m for m in mentions if not (start <= m.start < end and taxonomy.skills[m.skill].group.id in SUBJECT_GROUPS)]
    for group in _groups(clause, mentions):
        skills = [m.skill for m in group]
        if _negated(clause, group):
            for s in skills:
                collect.excluded.setdefault(s, (taxonomy.skills[s].label, _short(line)))
            continue
        collect.skill(skills, importance, section, number, line)
    if degree := _degree(clause):
        label, negated = degree
        if negated:
            collect.excluded.setdefault(f"degree:{label}", (label.replace("a degree", "degree"), _short(line)))
        else:
            collect.add(Requirement("degree", label, "degree", importance, (), "credentials", section, number, _short(line)))
    if years := _years(clause):
        collect.add(Requirement("years", years, "years", importance, (), "credentials", section, number, _short(line)))
