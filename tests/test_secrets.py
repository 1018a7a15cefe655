"""Secret detection: every pattern found on its line, placeholders ignored, clean text finds nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

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

    lines = [line for line, _ in CASES] + [
        "key: 'Zx9!Qw8@Er7#Ty6$'", "my_token='k2J9s8D7f6G5h4J3'", "API_KEY\t =  'Zx9!Qw8@Er7#Ty6$'", "'PassWord' : \"Zx9!Qw8@Er7#Ty6$\"",
        "db.PASSWD='Zx9!Qw8@Er7#Ty6$'", "x_Secret_Key=\"k2J9s8D7f6G5h4J3\"", "AccessKey :'k2J9s8D7f6G5h4J3'",
    ]
    for pattern, hint in zip(PATTERNS, HINTS):
        for line in lines:
            if pattern.regex.search(line):
                assert hint.search(line), (pattern.kind, line)
                assert not pattern.ascii_hints or any(h.search(line.lower()) for h in pattern.ascii_hints), (pattern.kind, line)
                assert not pattern.needs or any(word in line.lower() for word in pattern.needs), (pattern.kind, line)


@given(st.text(alphabet="sk-antproj_xA9 '\n", max_size=80))
@settings(max_examples=500, deadline=None)
def test_a_hint_within_another_matches_only_where_that_one_does(text: str) -> None:
    """A pattern searched only where an earlier one's hint matches: its hint never matches without that one's."""
    from readiness.facts.secrets import HINTS, PATTERNS

    hints = {pattern.kind: hint for pattern, hint in zip(PATTERNS, HINTS)}
    for pattern, hint in zip(PATTERNS, HINTS):
        if pattern.within and hint.search(text + "a" * 40):
            assert hints[pattern.within].search(text + "a" * 40), (pattern.kind, text)
        assert not pattern.within or pattern.within in [p.kind for p in PATTERNS[: PATTERNS.index(pattern)]]


SECRET_LINE = "DB_PASSWORD = 'q7Z!p2Lm#9Rt$4Vx'"
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("newline", BREAKS)
def test_line_numbers_follow_every_line_break_python_knows(newline: str) -> None:
    """Whole texts are searched at once; the line numbers still count every line break str.splitlines counts."""
    key = f"aws = '{KEY}'"
    text = newline.join(["x = 1", SECRET_LINE, "", "y = 'é'", key, "z = 2" + "\r\n" + key, SECRET_LINE])
    found = [(number, kind) for number, kind, _ in find_secrets(text)]
    expected = [(number, kind) for number, line in enumerate(text.splitlines(), start=1) for _, kind, _ in find_secrets(line)]
    assert found == expected and len(found) == 4


def test_a_value_on_the_next_line_is_not_a_secret_on_either() -> None:
    """The name and the value must share a line, as when each line was searched alone."""
    assert find_secrets("DB_PASSWORD =\n'q7Z!p2Lm#9Rt$4Vx'\n") == []
    assert find_secrets("DB_PASSWORD = 'q7Z!p2Lm#9Rt$4Vx'\n'q7Z!p2Lm#9Rt$4Vx' = x\n") != []


def test_a_line_matched_only_behind_an_earlier_hint_is_still_searched() -> None:
    """A hint match that runs over the start of another (`="…="…"`) does not hide the line's secret."""
    text = "x\nv = \"abcdefghijkl=\"  ;  token='k2J9s8D7f6G5h4J3'\n"
    assert [(number, kind) for number, kind, _ in find_secrets(text)] == [(2, "hard-coded credential")]


FRAGMENTS = [
    "api_key", "Password", "TOKEN", "secret", "ſecret", "\u212aey", " = ", "=", ":", " ", "\t", "'", '"', "q7Z!p2Lm#9Rt$4Vx",
    "AKIA" + "Q" * 16, "ghp_" + "a1B2" * 9, "sk-proj-" + "x9Y8" * 9, "hf_" + "Ab3d" * 8, "-----BEGIN RSA PRIVATE KEY-----",
    "X-Amz-Credential=", "abcdefghijklmnop", "your", "${{x}}", "é", *BREAKS, "\n\n",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.sampled_from(["", "app/config.py", "tests/test_app.py"]))
@settings(max_examples=300, deadline=None)
def test_a_whole_text_finds_what_its_lines_find_one_by_one(parts: list[str], path: str) -> None:
    """Searching a text at once gives each line's findings, numbered as str.splitlines numbers the lines."""
    text = "".join(parts)
    expected = [(number, kind, preview) for number, line in enumerate(text.splitlines(), start=1) for _, kind, preview in find_secrets(line, path)]
    assert find_secrets(text, path) == expected


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


@pytest.mark.parametrize("text", [
    "Server=db1.corp.net;Database=sales;User Id=etl;PASSWORD=x7Qp2Lm9Rt",
    "# café\nhost=db1.corp.net dbname=sales user=etl Pwd=x7Qp2Lm9Rt\n",
    "host=db1.corp.net dbname=sales user=etl pa\u017f\u017fword=x7Qp2Lm9Rt",  # ſ is s to a case-insensitive regex
])
def test_connection_string_passwords_are_found_in_any_case(text: str) -> None:
    from readiness.facts.credentials import connection_passwords

    assert [scheme for _, scheme in connection_passwords(text)] == ["DSN"]
    assert connection_passwords(text.replace("=x7Qp2Lm9Rt", "=")) == []


URL_FRAGMENTS = ["postgres", "mysql+pymysql", "a", "1", "-", ".", "+", "://", ":", "@", "u", "pw", "host", " ", "/", "'", "x" * 25, "é",
                 "\n", "db.example.org", "?", "#", "://u:p@h"]


@given(st.lists(st.sampled_from(URL_FRAGMENTS), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_connection_urls_are_the_matches_of_the_url_pattern(text: str) -> None:
    """Found from each `://user:password@host`, the URLs are exactly the pattern's matches, scheme and all."""
    from readiness.facts.credentials import CONNECTION_URL, connection_urls

    assert [(m.span(), m.groups()) for m in connection_urls(text)] == [(m.span(), m.groups()) for m in CONNECTION_URL.finditer(text)]
