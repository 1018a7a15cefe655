"""Secret detection: every pattern found on its line, placeholders ignored, clean text finds nothing."""

from __future__ import annotations

import pytest

from readiness.facts.secrets import find_secrets, scrub

KEY = "AKIA" + "Q" * 16
CASES = [
    ("-----BEGIN RSA PRIVATE KEY-----", "private key"),
    (f"aws_id = '{KEY}'", "AWS access key id"),
    ("token = 'ghp_" + "a1B2" * 9 + "'", "GitHub token"),
    ("client = OpenAI(api_key='sk-proj-" + "x9Y8" * 9 + "')", "OpenAI API key"),
    ("hf = 'hf_" + "Ab3d" * 8 + "'", "Hugging Face token"),
    ("DB_PASSWORD = 'q7Z!p2Lm#9Rt$4Vx'", "hard-coded credential"),
]


@pytest.mark.parametrize(("line", "kind"), CASES)
def test_each_pattern_is_found_on_its_line_and_redacted(line: str, kind: str) -> None:
    text = "import os\n\n# config\n" + line + "\nprint('done')\n"
    hits = find_secrets(text)
    assert [(number, found) for number, found, _ in hits] == [(4, kind)]
    secret_part = line.split("'")[1] if "'" in line and kind != "private key" else None
    if secret_part:
        assert secret_part not in hits[0][2]
        assert secret_part not in scrub(text)


def test_clean_and_placeholder_text_finds_nothing() -> None:
    clean = "\n".join(f"value_{i} = compute({i})" for i in range(2000))
    assert find_secrets(clean) == []
    assert find_secrets("api_key = 'YOUR_API_KEY_HERE_PLEASE'\npassword = 'aaaaaaaaaaaaaaaa'\n") == []


def test_many_hits_keep_line_numbers() -> None:
    lines = ["x = 1"] * 50
    lines[9] = f"a = '{KEY}'"
    lines[39] = f"b = '{KEY}'"
    assert [number for number, _, _ in find_secrets("\n".join(lines))] == [10, 40]


def test_each_hint_matches_wherever_its_pattern_does() -> None:
    from readiness.facts.secrets import HINTS, PATTERNS

    lines = [line for line, _ in CASES] + ["key: 'Zx9!Qw8@Er7#Ty6$'", "my_token='k2J9s8D7f6G5h4J3'"]
    for pattern, hint in zip(PATTERNS, HINTS):
        for line in lines:
            if pattern.regex.search(line):
                assert hint.search(line), (pattern.kind, line)
