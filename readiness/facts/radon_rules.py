"""radon's cyclomatic complexity and Halstead rules, applied node by node during the facts walk (walk.py).

radon's rules are kept, quirks included:

- Complexity: +1 per `if`/`elif`/conditional expression and `assert`, +1 (+1 with `else`) per `for`/`while`, one per
  `except` (+1 with `else`), one per `case` (less one `case _`), `and`/`or` chains add their operands less one, each
  comprehension 1 + its `if`s. A function's decorators, arguments and annotations, a class's bases, keywords and
  decorators, and everything under an `assert` are not counted. A function is a block when it is at module level
  (in any statement) or a method of a module-level class; closures and inner classes count for nothing.
- Halstead: the operators and operands of binary, unary, boolean and augmented operators and comparisons; operands
  are told apart by name, attribute, constant value or node, within the innermost function (by name); a function's
  decorators, arguments and annotations are not visited.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field


@dataclass(slots=True)
class Scope:
    """A module, function or class as radon's complexity sees it: decision points and, for a class, its methods."""

    name: str
    lineno: int
    is_class: bool = False
    block: bool = False  # a block radon reports (module-level function or class, or a module-level class's method)
    classname: str | None = None
    decisions: int = 0
    methods: list["Scope"] = field(default_factory=list)

    @property
    def complexity(self) -> int:
        """radon's figure: a function's 1 + decisions; a class's average over its methods (its total without any)."""
        if not self.is_class:
            return 1 + self.decisions
        total = self.real_complexity
        return int(total / float(len(self.methods))) + (len(self.methods) > 1) if self.methods else total

    @property
    def real_complexity(self) -> int:
        """A class's 1 + decisions in its body + its methods' complexity (radon's `real_complexity`)."""
        return 1 + self.decisions + sum(m.complexity for m in self.methods)

    @property
    def fullname(self) -> str:
        """`Class.method` for a method, else the name (radon's `fullname`)."""
        return f"{self.classname}.{self.name}" if self.classname else self.name


class RadonRules:
    """The complexity scopes and Halstead counts of one walk; the walker calls `METRIC_HANDLERS`' methods per node
    and sets `cc` (the scope decisions go to, None where radon does not look), `halstead` and `context`."""

    def __init__(self) -> None:
        self.module_scope = Scope("", 0)
        self.cc: Scope | None = self.module_scope
        self.owners: list[Scope] = []
        self.blocks: list[Scope] = []
        self.operators = self.operands = 0
        self.operators_seen: set[str] = set()
        self.operands_seen: set[tuple] = set()
        self.context: str | None = None  # the innermost function's name
        self.halstead = True  # whether this part of the tree counts for Halstead

    def children(self, node: ast.AST) -> None:
        """Visit NODE's children (the walker's)."""
        raise NotImplementedError

    METRIC_HANDLERS = {
        ast.If: "_branch", ast.IfExp: "_branch", ast.For: "_loop", ast.AsyncFor: "_loop", ast.While: "_loop",
        ast.Try: "_try", ast.Match: "_match", ast.comprehension: "_comprehension", ast.BoolOp: "_bool_op",
        ast.BinOp: "_bin_op", ast.UnaryOp: "_unary_op", ast.AugAssign: "_aug_assign", ast.Compare: "_compare",
    }
    """Node type -> the name of the method that counts it and walks its children."""

    def _decide(self, points: int) -> None:
        """Add decision points to the scope radon would count them in."""
        if self.cc is not None:
            self.cc.decisions += points

    def _branch(self, node: ast.If | ast.IfExp) -> None:
        """`if`, `elif` and `x if c else y`: one decision each."""
        self._decide(1)
        self.children(node)

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        """A loop: one decision, one more with an `else`."""
        self._decide(1 + bool(node.orelse))
        self.children(node)

    def _try(self, node: ast.Try) -> None:
        """`try`: one decision per handler, one more with an `else` (radon does not count `except*`)."""
        self._decide(len(node.handlers) + bool(node.orelse))
        self.children(node)

    def _match(self, node: ast.Match) -> None:
        """`match`: one decision per case, less one when a case catches everything."""
        catch_all = any(getattr(case.pattern, "pattern", False) is None for case in node.cases)
        self._decide(max(0, len(node.cases) - catch_all))
        self.children(node)

    def _comprehension(self, node: ast.comprehension) -> None:
        """A comprehension's `for`: one decision plus one per `if`."""
        self._decide(len(node.ifs) + 1)
        self.children(node)

    def _operation(self, operators: int, operands: int, names, values) -> None:
        """Count a Halstead operation: operators by name, operands by name, attribute, value or node."""
        if not self.halstead:
            return
        self.operators += operators
        self.operands += operands
        self.operators_seen.update(names)
        seen, context = self.operands_seen, self.context
        for value in values:
            kind = type(value)
            if kind is ast.Name:
                seen.add((context, value.id))
            elif kind is ast.Attribute:
                seen.add((context, value.attr))
            elif kind is ast.Constant:
                seen.add((context, value.value))
            else:
                seen.add((context, value))

    def _bool_op(self, node: ast.BoolOp) -> None:
        """`a and b or c`: decisions for complexity, an operation for Halstead."""
        self._decide(len(node.values) - 1)
        self._operation(1, len(node.values), (type(node.op).__name__,), node.values)
        self.children(node)

    def _bin_op(self, node: ast.BinOp) -> None:
        """`a + b`."""
        self._operation(1, 2, (type(node.op).__name__,), (node.left, node.right))
        self.children(node)

    def _unary_op(self, node: ast.UnaryOp) -> None:
        """`-a`, `not a`."""
        self._operation(1, 1, (type(node.op).__name__,), (node.operand,))
        self.children(node)

    def _aug_assign(self, node: ast.AugAssign) -> None:
        """`a += b`."""
        self._operation(1, 2, (type(node.op).__name__,), (node.target, node.value))
        self.children(node)

    def _compare(self, node: ast.Compare) -> None:
        """`a < b <= c`."""
        self._operation(len(node.ops), len(node.comparators) + 1, [type(op).__name__ for op in node.ops], [*node.comparators, node.left])
        self.children(node)

    def _open_scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> Scope:
        """The complexity scope of a definition, attached where radon would report it."""
        owner = self.owners[-1] if self.owners else None
        is_class = isinstance(node, ast.ClassDef)
        scope = Scope(node.name, node.lineno, is_class)
        if owner is None:
            scope.block = True
            self.blocks.append(scope)
        elif owner.is_class and not is_class:
            scope.block, scope.classname = owner.block, owner.name
            owner.methods.append(scope)
        self.owners.append(scope)
        return scope

    def total_complexity(self) -> int:
        """radon's `total_complexity` of the module."""
        total = 1 + self.module_scope.decisions
        for scope in self.blocks:
            total += (scope.real_complexity if scope.is_class else scope.complexity) - 1
        return total

    def ranked_blocks(self) -> list[Scope]:
        """radon's blocks (functions, then each class followed by its methods) sorted as `sorted_results` does."""
        listed = [s for s in self.blocks if not s.is_class]
        for scope in self.blocks:
            if scope.is_class:
                listed += [scope, *scope.methods]
        return sorted(listed, key=lambda s: -s.complexity)

    def halstead_volume(self) -> float:
        """radon's Halstead volume of the whole module: N * log2(h)."""
        vocabulary = len(self.operators_seen) + len(self.operands_seen)
        length = self.operators + self.operands
        return length * math.log(vocabulary, 2) if vocabulary != 0 else 0
