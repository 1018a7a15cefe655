"""Line hashes for duplicate-code detection: one hash per meaningful normalised line, as TRIVIAL_LINE defines them."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from readiness.facts.code import MEANINGFUL, TRIVIAL_LINE, line_hashes

ROOT = Path(__file__).resolve().parents[1]


def reference(text: str) -> tuple[int, ...]:
    """The definition: every line with its whitespace runs made single spaces, kept from MEANINGFUL characters unless
    TRIVIAL_LINE matches it, hashed with CRC-32."""
    out = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if len(line) >= MEANINGFUL and not TRIVIAL_LINE.match(line):
            out.append(zlib.crc32(line.encode("utf-8", "replace")))
    return tuple(out)


PIECES = ["import os", "from x import y", "# comment", "@decorator", ")", "]", "}", "else:", "try:", "return", "pass",
          "break", "continue", "return value", "passed = True", "x", "=", "value", " ", "  ", "\t", "\x0b", "\x1f",
          "\xa0", "\u3000", "\u2028", "\r", "\n", "\r\n", "é", "\ud800", "long_enough_name(argument)", "12345678901"]


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_same_hashes_as_the_definition(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert line_hashes(text) == reference(text)
    assert line_hashes(text, [line.strip() for line in text.splitlines()]) == reference(text)


def test_same_hashes_as_the_definition_on_real_code() -> None:
    stdlib = Path(sys.modules["json"].__file__).resolve().parents[1]
    files = sorted(ROOT.glob("readiness/**/*.py")) + sorted(stdlib.glob("[a-f]*.py"))
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    assert sum(len(line_hashes(text)) for text in texts) > 10_000
    assert [line_hashes(text) for text in texts] == [reference(text) for text in texts]
