"""One-pass raw metrics: radon's figures exactly, without radon's quadratic re-tokenizing of long statements."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
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
    """radon re-tokenizes a statement once per added line (2,000 lines: ~19 s here); one pass runs the tokenizer once."""
    import readiness.facts.raw_metrics as module

    calls = []
    real = module.tokenize.generate_tokens

    def counting(readline):
        calls.append(1)
        return real(readline)

    small = "DATA = {\n" + "".join(f"    'key_{i}': {i},\n" for i in range(200)) + "}\n"
    large = "DATA = {\n" + "".join(f"    'key_{i}': {i},\n" for i in range(20_000)) + "}\n"
    expected = analyze(small)
    monkeypatch.setattr(module.tokenize, "generate_tokens", counting)
    assert raw_metrics(small) == expected and len(calls) == 1
    result = raw_metrics(large)
    assert len(calls) == 2
    assert (result.loc, result.sloc, result.lloc, result.comments) == (20_002, 20_002, expected.lloc, 0)


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
