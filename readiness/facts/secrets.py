"""Find likely secrets in text and redact them; the secret itself is never kept."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

PLACEHOLDER = re.compile(
    r"(your|my|insert|replace|change|example|dummy|fake|sample|test|xxx|\*\*\*|<|\{\{|\$\{|placeholder|todo|redacted|none|null)",
    re.IGNORECASE,
)
REFERENCE = re.compile(r"^\$[({]|^\$[A-Z_][A-Z0-9_]*$|\$\(shell\b|%\(\w+\)s|\bos\.(environ|getenv)|\bgetenv\(|\benv\(|\bsecrets\.[A-Za-z_]|\bvars\.[A-Za-z_]")
"""A value that names where the secret comes from (Makefile $(VAR), shell ${VAR}/$VAR, os.environ, ${{ secrets.X }}), not a literal."""
TEST_PATH = re.compile(r"(^|/)(tests?|testing|fixtures?|__tests__)/|(^|/)(test_[^/]*|[^/]*_test\.py|conftest\.py)$")
FIXTURE_WORDS = frozenset({
    "dummy", "fake", "example", "changeme", "test", "testing", "mock", "stub", "sample", "placeholder", "fixture", "legacy", "local",
    "dev", "foo", "bar", "baz", "secret", "password", "passwd", "pass", "token", "key", "apikey", "user", "admin", "invalid", "wrong",
    "expired", "bad", "good", "valid", "other", "old", "new", "value", "abc", "xyz", "qwerty", "hunter2", "unit", "ci",
})


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named secret pattern; group 'secret' (or the whole match) is the sensitive part."""

    kind: str
    regex: re.Pattern[str]
    needs_entropy: bool = False
    hint: re.Pattern[str] | None = None
    """A fast regex that matches wherever REGEX does within a line (and more), never across a line break; by default
    REGEX without its leading \\b, which stops Python's regex engine from jumping to the pattern's first characters
    (about 10x slower)."""
    needs: tuple[str, ...] = ()
    """Lower-case words one of which every line REGEX matches holds, in any case: a line with none is not searched."""
    ascii_hints: tuple[re.Pattern[str], ...] = ()
    """Regexes that, on an ASCII text lower-cased, match within every line where REGEX matches (one of them at least,
    never across a line break): narrower than HINT where HINT matches on most lines of some files (lock files'
    `hash = "sha256:…"`); each starts with a word, which the regex engine jumps to."""
    within: str = ""
    """The kind of an earlier pattern whose hint matches wherever this one's does: a text where that one's hint
    matches nowhere is not searched for this one."""


PATTERNS: tuple[Pattern, ...] = (
    Pattern("private key", re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----")),
    Pattern("AWS access key id", re.compile(r"\b(?P<secret>(?:AKIA|ASIA)[0-9A-Z]{16})\b")),
    Pattern("GitHub token", re.compile(r"\b(?P<secret>(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,}))\b")),
    Pattern("OpenAI API key", re.compile(r"\b(?P<secret>sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,})")),
    Pattern("Anthropic API key", re.compile(r"\b(?P<secret>sk-ant-[A-Za-z0-9_-]{32,})"), within="OpenAI API key"),  # sk- and 36+ such characters
    Pattern("Hugging Face token", re.compile(r"\b(?P<secret>hf_[A-Za-z0-9]{30,})\b")),
    Pattern("Google API key", re.compile(r"\b(?P<secret>AIza[0-9A-Za-z_-]{35})\b")),
    Pattern("Slack token", re.compile(r"\b(?P<secret>xox[abposr]-[A-Za-z0-9-]{10,})\b")),
    Pattern("Stripe secret key", re.compile(r"\b(?P<secret>sk_live_[A-Za-z0-9]{20,})\b")),
    Pattern(
        "hard-coded credential",
        re.compile(
            r"""(?i)\b[\w.-]*(?:api[_-]?key|secret[_-]?key|secret|token|passwd|password|access[_-]?key)\b["']?\s*[:=]\s*(?P<q>["'])(?P<secret>[^"'\s]{12,})(?P=q)"""
        ),
        needs_entropy=True,
        hint=re.compile(r"""[:=][^\S\n]*["'][^"'\s]{12,}["']"""),
        needs=("key", "secret", "token", "passw"),  # in every name the pattern accepts
        # each end of the names the pattern accepts, then what HINT asks for
        ascii_hints=tuple(re.compile(end + r"""["']?[^\S\n]*[:=][^\S\n]*["'][^"'\s]{12,}["']""") for end in ("key", "secret", "token", "passw(?:or)?d")),
    ),
)
HINTS = tuple(p.hint or re.compile(p.regex.pattern.removeprefix(r"\b"), p.regex.flags) for p in PATTERNS)


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def redact(secret: str) -> str:
    """Keep a short prefix that names the kind of secret, hide the rest."""
    keep = 4 if len(secret) > 12 else 0
    return f"{secret[:keep]}…[redacted {len(secret)} chars]"


def is_test_path(path: str) -> bool:
    """Whether PATH is test code or a test fixture (tests/, test_*.py, *_test.py, conftest.py, fixtures/)."""
    return bool(TEST_PATH.search(path))


PRESIGNED = re.compile(r"(?i)(X-Amz-Credential|AWSAccessKeyId)=$")
"""A key id as a pre-signed URL's query parameter: public by design in the link, which expires (not a secret)."""


def _fixture_value(secret: str) -> bool:
    """A value a test file makes up: words such as legacy-password, fake_token_1 (a real secret is not spelled in words)."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", secret.lower()) if p]
    return any(p.rstrip("0123456789") in FIXTURE_WORDS for p in parts)


def _plausible(pattern: Pattern, secret: str, in_tests: bool = False) -> bool:
    """Drop placeholders, references to where a secret comes from, made-up test values and low-entropy values for the generic pattern."""
    if not pattern.needs_entropy:
        return True
    if PLACEHOLDER.search(secret) or REFERENCE.search(secret) or secret.startswith(("os.", "env", "http://", "https://")):
        return False
    if in_tests and _fixture_value(secret):
        return False
    return entropy(secret) >= 3.5


def other_line_breaks(text: str) -> bool:
    """Whether TEXT has a line boundary of str.splitlines besides \\n and \\r\\n (a lone \\r, \\v, \\f, \\x1c-\\x1e,
    \\x85, \\u2028, \\u2029); one `in` per character, much faster than a regex over the text."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return True
    if any(char in text for char in "\x0b\x0c\x1c\x1d\x1e"):
        return True
    return not text.isascii() and any(char in text for char in "\x85\u2028\u2029")


def find_secrets(text: str, path: str = "") -> list[tuple[int, str, str]]:
    """Return (line number, kind, redacted preview) for each likely secret in TEXT (of the file at PATH, when known)."""
    hits: list[tuple[int, str, str]] = []
    if len(text) > 4 * 1024 * 1024:
        text = text[: 4 * 1024 * 1024]
    candidates = []
    for pattern, hint in zip(PATTERNS, HINTS):
        if (not pattern.within or any(found.kind == pattern.within for found, _ in candidates)) and hint.search(text):
            candidates.append((pattern, hint))
    if not candidates:
        return hits  # a match within a line is also one in the whole text: with none there, no line can match
    patterns = [pattern for pattern, _ in candidates]
    in_tests = is_test_path(path)
    if other_line_breaks(text):  # read line by line, so that line numbers agree with str.splitlines
        lines: Iterable[tuple[int, str]] = enumerate(text.splitlines(), start=1)
    else:
        lines = _hinted_lines(text, candidates)
    for number, line in lines:
        hit = _line_hit(line, patterns, in_tests)
        if hit:
            hits.append((number, *hit))
    return hits


def _hinted_lines(text: str, candidates: list[tuple[Pattern, re.Pattern[str]]]) -> Iterator[tuple[int, str]]:
    """(number, line) of each line of TEXT (lines end at \\n or \\r\\n only) where a candidate's hint matches, in order.

    A hint never matches across a line break, so every line holding a match holds one that finditer reports (each
    match it skips over lies on that same line); a line without any cannot hold a secret. Lower-casing an ASCII text
    keeps every offset.
    """
    lower = text.lower() if text.isascii() and any(pattern.ascii_hints for pattern, _ in candidates) else None
    starts: set[int] = set()
    for pattern, hint in candidates:
        if lower is not None and pattern.ascii_hints:
            for ascii_hint in pattern.ascii_hints:
                starts.update(text.rfind("\n", 0, match.start()) + 1 for match in ascii_hint.finditer(lower))
        else:
            starts.update(text.rfind("\n", 0, match.start()) + 1 for match in hint.finditer(text))
    number, counted = 1, 0
    for start in sorted(starts):
        number += text.count("\n", counted, start)
        counted = start
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        yield number, line[:-1] if line.endswith("\r") else line


def mentions(line: str, words: tuple[str, ...]) -> bool:
    """Whether LINE holds one of WORDS (lower case) in any case, as a case-insensitive regex would find it: a cheap test
    before a slower regex that needs one of them."""
    if line.isascii():
        lower = line.lower()
        return any(word in lower for word in words)
    return re.search("|".join(words), line, re.IGNORECASE) is not None  # Unicode case folding (K for Kelvin, ſ for s)


def _line_hit(line: str, patterns: list[Pattern], in_tests: bool) -> tuple[str, str] | None:
    """(kind, redacted preview) of the first of PATTERNS with a plausible secret on LINE, or None."""
    if len(line) > 5000:
        line = line[:5000]
    for pattern in patterns:
        if pattern.needs and not mentions(line, pattern.needs):
            continue
        match = pattern.regex.search(line)
        if not match:
            continue
        secret = match.groupdict().get("secret") or match.group(0)
        if not _plausible(pattern, secret, in_tests) or PRESIGNED.search(line, 0, match.start("secret") if "secret" in pattern.regex.groupindex else match.start()):
            continue
        return pattern.kind, "-----BEGIN … PRIVATE KEY-----" if pattern.kind == "private key" else redact(secret)
    return None


def scrub(text: str) -> str:
    """Return TEXT with every likely secret replaced by its redacted form (for snippets in reports)."""
    for pattern in PATTERNS:
        def replace(match: re.Match[str], pattern: Pattern = pattern) -> str:
            secret = match.groupdict().get("secret") or match.group(0)
            if not _plausible(pattern, secret):
                return match.group(0)
            return match.group(0).replace(secret, redact(secret))

        text = pattern.regex.sub(replace, text)
    return text
