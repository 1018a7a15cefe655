"""The words read from a pattern rule a text out only when the pattern cannot match it (checks/support/prefilter.py)."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.support import datasets, platforms
from checks.support.prefilter import first_match, folded, leading, screen, screen_all
from checks.support.tooling import CLOUD_TEXT, INFRA_FILES

SHAPES = [
    r"(?i)(^|/)iris[\w-]*\.(csv|data)$", r"ab+c|d(e|f)g", r"x(?:yz){2,}", r"a*b?c", r"(?=kag)gle", r"(?<!x)key\b", r"(a)\1",
    r"(?x) foo  \s+ bar  # a comment", r"[Kk]aggle|KAGGLE", r"(?i)k", r"(?i)\bgit\s+push\b", r"(?>ato)mic", r"café|tea",
    r"(?i:MiXeD)case", r"(?s)a.c", r"ſ", r"(?i)st", r"(x|)y", r"(?i)kit", r"(?i)is\b",
]
ALPHABET = "abcdefgikstxyz KAGLEIRST/.-_\u017f\u212a\u0131\u0130é\n"


def test_words_are_read_from_the_pattern() -> None:
    """Literal runs, groups, branches and repeats of at least one give words; optional parts and classes do not."""
    assert screen(re.compile(r"(?i)(^|/)iris[\w-]*\.(csv|data)$")).words == ("iris",)
    assert screen(re.compile(r"ab+c|d(e|f)g")).words == ("a", "d")
    assert screen(re.compile(r"\bdocker\s+push\b|\bdocker(-|\s+)compose\s+push\b")).words == ("docker",)
    assert screen(re.compile(r"a*b?")).words is None  # nothing every match contains
    assert screen_all([re.compile("foo"), None, re.compile(r"\d+")]).words is None  # one pattern without words: no screen


def test_folding_knows_every_character_that_matches_an_ascii_letter() -> None:
    """The characters outside ASCII that a case-insensitive ASCII letter matches are the ones `folded` turns into it."""
    letter = re.compile("(?i)[a-z]")
    found = {chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert found == {"\u0130", "\u0131", "\u017f", "\u212a"}
    for ch in found:
        assert re.fullmatch("(?i)" + folded(ch), ch)


def test_a_screen_rules_out_only_text_without_its_words() -> None:
    """Text without any of the words is ruled out, also when a character outside ASCII stands for a letter."""
    kaggle = screen(re.compile("(?i)kaggle"))
    assert kaggle.excludes(folded("data/train.csv"))
    assert not kaggle.excludes(folded("KAGGLE competitions"))
    assert re.search("(?i)kaggle", "\u212aaggle") and not kaggle.excludes(folded("\u212aaggle"))  # the Kelvin sign
    assert re.search("(?i)spam", "\u017fpam") and not screen(re.compile("(?i)spam")).excludes(folded("\u017fpam"))  # a long s


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SHAPES), st.text(ALPHABET, max_size=30))
def test_a_screen_never_rules_out_a_match(shape: str, text: str) -> None:
    """Whenever a pattern matches a text, its screen does not exclude the text."""
    pattern = re.compile(shape)
    if pattern.search(text):
        assert not screen(pattern).excludes(folded(text))
        assert not screen_all([pattern, re.compile("zzz")]).excludes(folded(text))


def test_catalogue_patterns_keep_their_matches() -> None:
    """Every catalogue pattern the checks screen keeps the strings it matches (a screen that drops one would change a verdict)."""
    samples = ["data/titanic/train.csv", "MNIST.npz", "kaggle competitions download -c titanic", "gcloud run deploy api",
               "docker compose push", "Dockerfile", "infra/main.tf", "charts/app/Chart.yaml", "az webapp up", "provider \"aws\"",
               "fashion-mnist", "CIFAR-10 images", "synthetic data", "heroku container:push web", "kubectl apply -f k8s/"]
    patterns = [ds.files for ds in datasets.catalogue()] + [ds.words for ds in datasets.catalogue()]
    patterns += [p.commands for p in platforms.catalogue()] + [p for _, p in INFRA_FILES] + [p for _, p in CLOUD_TEXT]
    matched = 0
    for pattern in filter(None, patterns):
        for text in samples:
            if pattern.search(text):
                matched += 1
                assert not screen(pattern).excludes(folded(text)), (pattern.pattern, text)
    assert matched >= 10


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SHAPES + [r"(?i)\bsam deploy\b|provider\s+\"aws\"", r"(?m)^kind:\s*(Job|Pod)\b", r"(?i)\b(cours(era|e)|lab)s?\b"]),
       st.lists(st.sampled_from(["sam deploy", "provider  \"AWS\"", "\nkind: Pod", "kind: Job", "Coursera", "labs", "xlab", "café",
                                 "\u0130", "\u017fam deploy", "a" * 500, "\n"]), max_size=40), st.text(ALPHABET, max_size=20))
def test_first_match_finds_what_search_finds(shape: str, pieces: list[str], tail: str) -> None:
    """On long text, matching only where a leading word stands finds the same first match as searching."""
    pattern = re.compile(shape)
    text = "".join(pieces) + "x" * 4097 + "".join(reversed(pieces)) + tail
    found, expected = first_match(pattern, text), pattern.search(text)
    assert (found.span(), found.group(0)) == (expected.span(), expected.group(0)) if expected else found is None


def test_leading_words_are_where_every_match_starts() -> None:
    """Leading words come from the literal text at the start of every alternative, after zero-width assertions."""
    assert leading(re.compile(r"(?i)\bsam deploy\b|provider\s+\"aws\"")) == ("provider", "sam deploy")
    assert leading(re.compile(r"(?m)^apiVersion:\s*\S+")) == ("apiversion:",)
    assert leading(re.compile(r"\w+kaggle")) is None  # a match may start anywhere before the word
    assert leading(re.compile(r"(x|)y")) is None
    deploy = re.compile(r"(?i)\bsam deploy\b")
    for odd in ("\u017fam deploy", "\u212aelvin sam deploy", "\u0130 sam deploy"):  # a long s; a Kelvin sign; a capital dotted I
        text = "x" * 4097 + " " + odd + " then sam deploy"
        assert first_match(deploy, text).span() == deploy.search(text).span()
