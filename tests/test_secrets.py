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


REFERENCES = [
    ('\tPREFECT_API_KEY="$(PREFECT_API_KEY)" \\', "Makefile"),
    ('API_TOKEN="${API_TOKEN_FROM_VAULT}"', "deploy.sh"),
    ('DB_PASSWORD="$DATABASE_PASSWORD_ENV"', "run.sh"),
    ('secret_key: "${{secrets.DJANGO_SECRET_KEY}}"', ".github/workflows/deploy.yml"),
    ("password = 'os.environ[\"DB_PASSWORD\"]'", "settings.py"),
    ("'token': '%(hub_token_value)s'", "config.py"),
]


@pytest.mark.parametrize(("line", "path"), REFERENCES)
def test_references_to_a_secret_are_not_a_committed_secret(line: str, path: str) -> None:
    """Makefile $(VAR), shell ${VAR}/$VAR, GitHub ${{ secrets.X }}, os.environ and %(x)s name where a secret comes from."""
    assert find_secrets(line + "\n", path) == []


FIXTURES = [  # (line, still reported in application code)
    ('"DW_PASSWORD": "legacy-password",', True),
    ("token = 'expired-token-abc'", True),
    ('password = "legacy-test-token"', False),
    ("api_key = 'fake_key_for_unit_1'", False),
]


@pytest.mark.parametrize(("line", "in_app"), FIXTURES)
def test_made_up_values_in_test_files_are_fixtures(line: str, in_app: bool) -> None:
    """In test code a value spelled in words is a fixture; the same value in application code is still reported."""
    assert find_secrets(line + "\n", "tests/test_config.py") == []
    assert find_secrets(line + "\n", "test/fixtures/settings.py") == []
    assert [kind for _, kind, _ in find_secrets(line + "\n", "app/config.py")] == (["hard-coded credential"] if in_app else [])


def test_real_keys_in_test_files_are_still_found() -> None:
    """A token format or a random-looking value stays a secret even in a test file."""
    text = "client = OpenAI(api_key='sk-proj-" + "x9Y8" * 9 + "')\npassword = 'q7Z!p2Lm#9Rt$4Vx'\n"
    assert [kind for _, kind, _ in find_secrets(text, "tests/test_client.py")] == ["OpenAI API key", "hard-coded credential"]


def test_a_key_id_in_a_presigned_url_is_not_a_committed_secret() -> None:
    # A pre-signed S3 link carries the key id in its query by design and expires; a bare key id in config does not.
    link = "[paper](https://s3.amazonaws.com/docs/p.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIATUSBJ6BAG7F36CVX%2F20200530)"
    legacy = "https://bucket.s3.amazonaws.com/f.csv?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLF&Expires=1591000000&Signature=abc"
    assert find_secrets(link, "README.md") == [] and find_secrets(legacy, "README.md") == []
    assert find_secrets("aws_access_key_id = AKIAIOSFODNN7EXAMPLF", "config.ini")[0][1] == "AWS access key id"
