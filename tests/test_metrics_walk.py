"""The facts walk's complexity and Halstead figures are radon's: blocks, ranks, total complexity, Halstead counts, MI."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from radon.metrics import mi_visit

from bench.metrics_compare import radon_figures, walk_figures
from readiness.facts.code import analyze_code
from readiness.facts.walk import RADON_DEPTH, Walker

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "",
    "x = 1 if a else 2\nassert a and b or c, 'msg' if d else 'e'\n",
    "def f(a=lambda: 1 if x else 2, *, b=[i for i in y if i]) -> (1 if z else 2):\n    return a and b\n",
    "@deco(1 if x else 2)\nasync def g():\n    async for i in x:\n        pass\n    else:\n        pass\n    async with a: await b\n",
    "class A(Base if x else Other, metaclass=M):\n    y = [i for i in z if i if not i]\n"
    "    def m(self):\n        def inner():\n            return 1 if x else 2\n        return inner\n"
    "    class Inner:\n        def deep(self):\n            if x: pass\n    if flag:\n        def conditional(self): pass\n",
    "class Empty:\n    pass\nclass One:\n    def a(self):\n        if x: return 1\n",
    "if __name__ == '__main__':\n    def main():\n        for i in x:\n            while y:\n                break\n"
    "            else:\n                pass\n    class C: pass\n",
    "try:\n    pass\nexcept A:\n    pass\nexcept (B, C) as e:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
    "try:\n    pass\nexcept* ValueError:\n    pass\n",
    "match p:\n    case (0, 0): pass\n    case [x, *rest] if x: pass\n    case {'k': v}: pass\n    case _: pass\n",
    "match p:\n    case x: pass\n",
    "match p:\n    case A() | B(): pass\n    case str() as s: pass\n",
    "x = -a + b * c ** d // e % f @ g << h >> i & j | k ^ l\nx += 1\nx -= a\nnot a\n~b\n",
    "a < b <= c == d != e > f >= g is h is not i in j not in k\n",
    "d = {1: 1, True: 2, 1.0: 3}\nx = 1 + True + 1.0 + 'a' + b'a' + None + ...\n",
    "def f():\n    x = a.b + a.b + c.b\n    def g():\n        return x + x\n    return g() + f()\n",
    "def f(): return a + b\ndef f(): return a + b\n",
    "lam = lambda q: q + 1 if q else q - 1\ngen = (x for x in y if x for z in x)\n",
    "def f(x):\n    assert x > 0 and x < 10\n    return [y for y in x if y > 0]\n",
    "class A:\n    def __init__(self):\n        self.x = 1 if a else 2\n    @property\n    def y(self): return self.x or 0\n",
    "x: int = 1 if a else 2\nwhile x:\n    x -= 1\nelse:\n    pass\n",
    "def outer():\n    class Local:\n        def method(self):\n            return a and b and c\n    return Local\n",
    "s = f'{a + b}' + f'{c if d else e}'\n",
    "def f(a, b):\n    '''Doc.'''\n    return a if a > b else b\n" * 3,
]


@pytest.mark.parametrize("source", TRICKY)
def test_same_figures_as_radon_on_tricky_code(source: str) -> None:
    tree = ast.parse(source)
    assert walk_figures(tree) == radon_figures(tree)


def test_same_figures_as_radon_on_real_code() -> None:
    """Every module of this project and a slice of the standard library (bench/metrics_compare.py runs all of it)."""
    stdlib = Path(sys.modules["json"].__file__).resolve().parents[1]
    files = sorted(ROOT.glob("readiness/**/*.py")) + sorted(ROOT.glob("checks/**/*.py")) + sorted(stdlib.glob("[a-h]*.py"))
    trees = {path: ast.parse(path.read_bytes()) for path in files}
    assert len(trees) > 150
    assert [path for path, tree in trees.items() if walk_figures(tree) != radon_figures(tree)] == []


def test_maintainability_index_is_radons() -> None:
    """The MI on the facts is radon's mi_visit (comments and docstrings counted), rounded to two places."""
    for path in sorted(ROOT.glob("readiness/facts/*.py")):
        text = path.read_text(encoding="utf-8")
        metrics = analyze_code(path.name, text).metrics
        assert metrics is not None and metrics.mi == round(mi_visit(text, True), 2), path


def test_a_tree_deeper_than_the_walk_mirrors_is_measured_by_radon() -> None:
    """A long chain of additions nests one level per term: radon's own visitors give the figures (or fail as radon does)."""
    source = "x = " + " + ".join(f"a{i}" for i in range(RADON_DEPTH + 20)) + "\n"
    tree = ast.parse(source)
    walker = Walker(None)
    walker.module(tree)
    assert walker.max_depth > RADON_DEPTH
    metrics = analyze_code("deep.py", source).metrics
    assert metrics is not None and metrics.mi == round(mi_visit(source, True), 2)


def _real_trees() -> dict[Path, ast.Module]:
    """This project's modules and a slice of the standard library, parsed."""
    stdlib = Path(sys.modules["json"].__file__).resolve().parents[1]
    files = sorted(ROOT.glob("readiness/**/*.py")) + sorted(ROOT.glob("checks/**/*.py")) + sorted(stdlib.glob("[a-m]*.py"))
    return {path: ast.parse(path.read_bytes()) for path in files}


LEAVES = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)


def _height(node: ast.AST) -> int:
    """How deep the walk goes below NODE: one level per node with fields (Load, Add... left out; nothing below a
    constant or an import is looked at)."""
    if isinstance(node, (ast.Constant, ast.Import, ast.ImportFrom)):
        return 0
    below = [_height(child) for child in ast.iter_child_nodes(node) if not isinstance(child, LEAVES)]
    return 1 + max(below, default=0)


def _preorder(node: ast.AST) -> list[ast.AST]:
    """NODE and every node below it, in field order (the order the walk meets them)."""
    found = [node]
    for child in ast.iter_child_nodes(node):
        found += _preorder(child)
    return found


@pytest.mark.parametrize("source", TRICKY)
def test_walk_depth_counts_every_level(source: str) -> None:
    """Nodes with nothing below them (Name, alias, Pass) are passed over, yet count for the depth radon's recursion
    reaches (the depth that decides which trees go to radon's own visitors)."""
    tree = ast.parse(source)
    walker = Walker(None)
    walker.module(tree)
    assert walker.max_depth == _height(tree)


def test_walk_reads_every_field_that_holds_a_node() -> None:
    """The fields the walk skips (names, numbers, strings, Load, Add...) hold no node below which anything is counted,
    and the fields it counts as statements hold statements only."""
    from readiness.facts.walk import _FIELDS

    for path, tree in _real_trees().items():
        for node in ast.walk(tree):
            kept = dict(_FIELDS[type(node)]) if not isinstance(node, LEAVES) else {}
            for name in node._fields:
                value = getattr(node, name, None)
                values = value if isinstance(value, list) else [value]
                nodes = [v for v in values if isinstance(v, ast.AST) and not isinstance(v, LEAVES)]
                if nodes:
                    assert name in kept, (path, type(node).__name__, name)
                if kept.get(name):
                    assert all(isinstance(v, ast.stmt) for v in values), (path, type(node).__name__, name)


def test_function_figures_cover_everything_below_the_function() -> None:
    """A function's statements, assertions and calls are those of every node below it (nested functions included), as
    a separate walk of the function finds them, and the depth is the tree's."""
    from readiness.facts.walk import ASSERT_CALLS

    functions = 0
    for path, tree in _real_trees().items():
        walker = Walker(None)
        walker.module(tree)
        assert walker.max_depth == _height(tree), path
        nodes = _preorder(tree)
        calls = [n for n in nodes if isinstance(n, ast.Call)]
        assert len(calls) == len(walker.calls), path
        names = {id(node): fact.name for node, fact in zip(calls, walker.calls)}
        definitions = [n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        assert len(definitions) == len(walker.functions), path
        for node, info in zip(definitions, walker.functions):
            below = _preorder(node)[1:]
            called = [names[id(n)] for n in below if isinstance(n, ast.Call)]
            asserting = [n for n in called if n in ASSERT_CALLS or n.rsplit(".", 1)[-1].startswith("assert") or ".testing.assert" in n]
            assert info is not None and (info.name, info.line) == (node.name, node.lineno), path
            assert info.statements == sum(isinstance(n, ast.stmt) for n in below), (path, info.qualname)
            assert info.asserts == sum(isinstance(n, ast.Assert) for n in below) + len(asserting), (path, info.qualname)
            assert info.calls == tuple(dict.fromkeys(called))[:200], (path, info.qualname)
            functions += 1
    assert functions > 3000
