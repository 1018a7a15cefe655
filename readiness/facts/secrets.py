"""Find likely secrets in text and redact them; the secret itself is never kept."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

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
    """A fast regex that matches wherever REGEX does (and more); by default REGEX without its leading \\b,
    which stops Python's regex engine from jumping to the pattern's first characters (about 10x slower)."""
    needs: re.Pattern[str] | None = None
    """A fast regex, with REGEX's flags, that matches every line REGEX does: a line it misses is not searched."""


PATTERNS: tuple[Pattern, ...] = (
    Pattern("private key", re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----")),
    Pattern("AWS access key id", re.compile(r"\b(?P<secret>(?:AKIA|ASIA)[0-9A-Z]{16})\b")),
    Pattern("GitHub token", re.compile(r"\b(?P<secret>(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,}))\b")),
    Pattern("OpenAI API key", re.compile(r"\b(?P<secret>sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,})")),
    Pattern("Anthropic API key", re.compile(r"\b(?P<secret>sk-ant-[A-Za-z0-9_-]{32,})")),
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
        hint=re.compile(r"""[:=]\s*["'][^"'\s]{12,}["']"""),
        needs=re.compile(r"key|secret|token|passw", re.IGNORECASE),  # in every name the pattern accepts
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


def find_secrets(text: str, path: str = "") -> list[tuple[int, str, str]]:
    """Return (line number, kind, redacted preview) for each likely secret in TEXT (of the file at PATH, when known)."""
    in_tests = is_test_path(path)
    hits: list[tuple[int, str, str]] = []
    if len(text) > 4 * 1024 * 1024:
        text = text[: 4 * 1024 * 1024]
    candidates = [pattern for pattern, hint in zip(PATTERNS, HINTS) if hint.search(text)]
    if not candidates:
        return hits  # a match within a line is also one in the whole text: with none there, no line can match
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > 5000:
            line = line[:5000]
        for pattern in candidates:
            if pattern.needs is not None and not pattern.needs.search(line):
                continue
            match = pattern.regex.search(line)
            if not match:
                continue
            secret = match.groupdict().get("secret") or match.group(0)
            if not _plausible(pattern, secret, in_tests) or PRESIGNED.search(line, 0, match.start("secret") if "secret" in pattern.regex.groupindex else match.start()):
                continue
            preview = "-----BEGIN … PRIVATE KEY-----" if pattern.kind == "private key" else redact(secret)
            hits.append((number, pattern.kind, preview))
            break
    return hits


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
