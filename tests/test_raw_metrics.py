"""One-pass raw metrics: radon's figures exactly, without radon's quadratic re-tokenizing of long statements."""

from __future__ import annotations

import io
import sys
import tokenize
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from radon.raw import analyze

from readiness.facts.raw_metrics import raw_metrics

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "",
    "\n\n\n",
    "x = 1",
    "x = 1\n\n\n",
    "# only a comment",
    '"""one-line docstring"""\n',
    '"""\nmulti\n\nline\n"""\nx = 1\n',
    "def f(a,\n      b):  # trailing comment\n    '''doc'''\n    return {\n        'k': 1,  # inside\n\n        'j': [1,\n              2],\n    }\n",
    "if x: y = 1; z = 2\nelse:\n    pass\n",
    "total = 1 + \\\n    2 + \\\n    3\n",
    "x = 'a' \\\n'b' \\\n\n# a comment after a continuation and a blank line\ny = 2\n",
    "lambda_ = lambda q: q[1:2]\nd = {'a': 1}\nclass A: pass\n",
    "s = '''abc\n  def'''  # c\nt = f'{s!r:>10}'\n",
    "@decorator(\n    arg=1,\n)\nasync def g():\n    async with a as b: await b\n",
    "x = 1\f\ny = 2\n",  # a form feed: radon's own code is used
    "try:\n    1/0\nexcept ZeroDivisionError as e:  # why\n    raise\nfinally:\n    print('done')\n",
    "match point:\n    case (0, 0):\n        print('origin')\n    case _:\n        pass\n",
    "x = [\n" + "".join(f"    {i},  # item {i}\n" for i in range(50)) + "]\n\n\n# end\n",
    # split by the regular expressions: strings, comments and brackets that open and close on their lines
    "x = f'{a!r:>10}' + rb'\\d' + 'it''s'  # c\nprint(\"a#b\", 'c')\n'''one line'''\n\"doc\"\n",
    "call(\n    'a',  # first\n\n    # alone\n    b=[1, 2],\n)\nd = {'k': (1,\n  2)}; e = 3\n",
    "x = '''open\nstill''' + (\n  1)\ny = ('a' 'b'\n     '''c\n''')\n",
    "s = 'it\\'s' ; t = \"q\\\"\" \nu = ''\nv = \"\"\"\"\"\"\nw = u'x' b'y' R'z' Br'w'\n",
    "if (a and\n    b): pass\nf = lambda: (yield)\nz = [x for x in y if x]  # ok\n",
    "x = \"a\" \\\n    \"b\"\n",
    "x = 'continued \\\nstring'\n",
    "x = 1  # a comment ending in a backslash \\\ny = 2\n",
    "x = (  # opens\n    1,\n    '''two\n    lines''',\n)\n",
    # counted from their characters, summarised line by line, docstrings found by regular expression
    "x = a if b else c\nx[a:=1]\nx[1::2]\nf(a)(b)[c]\nif (a and\n    b[1:]):\n    pass\nelse:\n    f(x,\n      y)\n",
    "def f():\n    \"\"\"Doc.\n\n    More: (\n    \"\"\"\n    r'''raw \\\n'''\n    \"\"\"a \\\"\"\" b\"\"\"\n    \"\"\"x\n\"\"\".strip()\n",
    "'''doc\n''' + x\n'''a\nb''' ; y\nf(\n  1,  # c\n\n  2)  # d\n",
]


@pytest.mark.parametrize("source", TRICKY)
def test_same_figures_as_radon_on_tricky_code(source: str) -> None:
    assert raw_metrics(source) == analyze(source)


def test_same_figures_as_radon_on_real_code() -> None:
    """Every module of this project and a slice of the standard library."""
    stdlib = Path(sys.modules["json"].__file__).resolve().parents[1]
    files = sorted(ROOT.glob("readiness/**/*.py")) + sorted(ROOT.glob("checks/*.py")) + sorted(stdlib.glob("[a-f]*.py"))
    compared = 0
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        try:
            expected = analyze(source)
        except SyntaxError:
            continue
        assert raw_metrics(source) == expected, path
        compared += 1
    assert compared > 100


def test_a_long_literal_is_tokenized_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """radon re-tokenizes a statement once per added line (2,000 lines: ~19 s here); one pass runs the tokenizer once,
    and a literal whose every line the regular expressions split (strings, comments) needs no tokenizer at all."""
    import readiness.facts.raw_metrics as module

    calls = []
    real = module.tokenize.generate_tokens

    def counting(readline):
        calls.append(1)
        return real(readline)

    # a triple-quoted string over two lines: the literal needs the tokenizer, once
    head = 'DATA = {\n    """two\n    lines""": 0,\n'
    small = head + "".join(f"    'key_{i}': {i},  # item\n" for i in range(200)) + "}\n"
    large = head + "".join(f"    'key_{i}': {i},  # item\n" for i in range(20_000)) + "}\n"
    plain = "DATA = {\n" + "".join(f"    'key_{i}': {i},  # item\n" for i in range(200)) + "}\n"
    expected, expected_plain = analyze(small), analyze(plain)
    monkeypatch.setattr(module.tokenize, "generate_tokens", counting)
    assert raw_metrics(small) == expected and len(calls) == 1
    result = raw_metrics(large)
    assert len(calls) == 2
    assert (result.loc, result.sloc, result.lloc, result.comments) == (20_004, 20_004, expected.lloc, 20_000)
    assert raw_metrics(plain) == expected_plain and len(calls) == 2


@pytest.mark.parametrize("line", [
    "", "x = 1", "if x:", "if x: y", "if x: y = 1; z = 2", "a = b[1:2]", "a[1:]; b", "lambda: 1.5; y", "f = lambda: x",
    "d = {1: 2}; e = {3: 4}", "x := 1", "y = (z := 3)", "pass;", "a; b; c", "else:", "class A(B, metaclass=M): pass",
    "return x[::2]", "for i in range(3): print(i); continue", "x: int = 3", "def f(a: int) -> int: return a",
])
def test_plain_line_lloc_is_radons(line: str) -> None:
    import tokenize as tk

    from radon.raw import _logical

    from readiness.facts.raw_metrics import _plain_words, plain_lloc

    words = _plain_words(line)
    assert words is not None
    tokens = [t for t in tk.generate_tokens(io.StringIO(line).readline)]
    assert plain_lloc(words) == _logical(tokens), [t[:2] for t in tokens]


# Lines for the generated sources below: each of raw_metrics' shortcuts (blank, comment and simple lines counted from
# their characters, statements over several lines summarised line by line, docstrings found by regular expression)
# next to what must still go to the tokenizer or to radon.
FRAGMENTS = [
    "", "    ", "# c", "# c \\", "x = 1", "if a:", "else:", "x: int = 3", "y = (z := 3)", "a[1:2]; b", "a ::= b",
    "f(a, b)", "f(", "g(a,", "    b)", ")", "]", "}", "d = {1: [2,", "3]}", "x = [i for i in y if i]  # c",
    "s = 'a:b'", 's = "(["', "t = f'{a!r:>10}'", "u = rb'\\d'", "lambda: 1", "a = 1; b = 2", "x = 1 \\", "    + 2",
    '"""', "'''", '"""doc', "'''doc", 'doc"""', "doc'''", '"""one"""', 'r"""raw', 'x = """', '""" + x', '"""a\\',
    '\\"""', 'b"""', "$", "a ? b", "x != y", "1abc + 0x1F + 1e5j + 1_000", "class A(B): pass", "@d(1)",
    "def f(a: int) -> int: return a", "try: pass", "print('it''s', \"q\\\"\")", "é = 1", "x = 1\t# tab",
    "'x'", "rb'x'", 'u"x"', "bb'x'", "abc'x'", "'a' 'b'", '"it\'s"', '"\'\'"', '\'""\'', 'f"{a:>3}"', "'a:b'.c(':')",
    'x = "(" + \')\'', 'd = {"k": 1}', 'f("a", b=\':\')', 'x = ("a",', "'b')", "if x == 'y':", "'''x'''", "'#'", '"a"; b',
    "f(g(h(i(j))))", "x = a[b(c{d})]", "f(g('(', \"]\"), [h({'k': ':'})])", "d[f(g(h(i(':'))))]: int = 1",
]


def _closes_unopened(source: str) -> bool:
    """Whether the tokenizer meets a closing bracket with none open."""
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            depth += token.string in ("(", "[", "{") and token.type == tokenize.OP
            depth -= token.string in (")", "]", "}") and token.type == tokenize.OP
            if depth < 0:
                return True
    except (tokenize.TokenError, SyntaxError):
        pass
    return False


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_same_figures_as_radon_on_generated_code(lines: list[str], newline: str, final: bool) -> None:
    """Any mix of the fragments (most of it not Python) gets radon's figures, or radon's SyntaxError (text that closes
    a bracket it never opened, which no parsed code holds, left out: radon gives up on it; raw_metrics may not)."""
    source = newline.join(lines) + (newline if final else "")
    assume(not _closes_unopened(source))
    try:
        expected = analyze(source)
    except SyntaxError:
        with pytest.raises(SyntaxError):
            raw_metrics(source)
        return
    assert raw_metrics(source) == expected


LINE_PIECES = ["x", " ", "=", ":", ":=", ",", "(", ")", "[", "]", "{", "}", "'a'", '"b"', "'(", '")', "'", '"', "#", ";", "\\", "1", "é"]


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=25))
def test_one_match_says_what_counting_brackets_says(pieces: list[str]) -> None:
    """The regexes that find a whole statement on a line agree with counting its brackets (outside its strings)."""
    from readiness.facts.raw_lines import BALANCED, SIMPLE, open_brackets, outside_strings, quoted_statement

    line = "".join(pieces).strip()
    assume(line)
    if BALANCED(line):
        assert SIMPLE(line) and not open_brackets(line)
    outside = outside_strings(line)
    assert quoted_statement(line) == (outside if outside is not None and not open_brackets(outside) else None)


def test_lines_given_stripped_give_the_same_figures() -> None:
    sources = [path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("readiness/facts/*.py"))]
    for source in sources + TRICKY:
        assert raw_metrics(source, [line.strip() for line in source.splitlines()]) == raw_metrics(source)
