"""One depth-first walk over a module's syntax tree: what CodeFacts holds, and radon's complexity and Halstead counts.

radon (`ComplexityVisitor`, `HalsteadVisitor`) walks a tree once per metric, and again for every function and class
body; this walk visits each node once, applying radon's rules as it goes (`radon_rules.py`). A tree deeper than
`RADON_DEPTH` levels is measured by radon's own visitors instead, so code that radon cannot measure (it recurses
about three frames a level) still gives what radon gives.
"""

from __future__ import annotations

import ast
from typing import Callable

from readiness.facts import credentials
from readiness.facts.model import Call, ClassInfo, CredentialHit, FunctionInfo, Import, StringLiteral
from readiness.facts.radon_rules import RadonRules, Scope

MAX_STRINGS = 2000
MAX_CALLS = 20000
MAX_CREDENTIALS = 200
ASSERT_CALLS = ("pytest.raises", "pytest.warns", "pytest.approx", "pytest.fail")
RADON_DEPTH = 100
"""Trees nested deeper than this are measured by radon's visitors (see the module docstring)."""

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
_LEAVES = frozenset(
    kind for base in (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop) for kind in base.__subclasses__()
)  # Load, Add, And...: shared singletons with nothing below them
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def dotted(node: ast.AST) -> str | None:
    """The dotted name of a Name/Attribute chain (calls and subscripts shown as '?')."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        inner = dotted(node.func)
        parts.append((inner or "?") + "()")
    elif isinstance(node, ast.Subscript):  # df["col"].fillna(...) -> "df[].fillna"
        inner = dotted(node.value)
        parts.append((inner or "?") + "[]")
    else:
        return None
    return ".".join(reversed(parts))


class Walker(RadonRules):
    """One walk over a module collecting everything CodeFacts holds, radon's complexity blocks and Halstead counts.

    Each node is visited once: a function's assertions, calls and statements (its nested functions included, as
    `ast.walk` over the function would count them) are added up on the way down rather than by walking it again.
    """

    def __init__(self, cells, path: str = "") -> None:
        super().__init__()
        self.cells = cells
        self.path = path
        self.credentials: list[CredentialHit] = []
        self.aliases: dict[str, str] = {}
        self.imports: list[Import] = []
        self.calls: list[Call] = []
        self.functions: list[FunctionInfo | None] = []
        self.classes: list[ClassInfo] = []
        self.strings: list[StringLiteral] = []
        self.scope: list[str] = []
        self.class_bases: list[tuple[str, ...]] = []
        self.module_statements = 0
        self.docstrings: set[int] = set()
        self.open: list[list] = []  # [asserts, statements, calls] of each function being walked, outermost first
        self.depth = self.max_depth = 0
        self.handlers = {
            **self.metric_handlers(),
            ast.Import: self._import, ast.ImportFrom: self._import_from, ast.Call: self._call,
            ast.Constant: self._constant, ast.ClassDef: self._class, ast.FunctionDef: self._function,
            ast.AsyncFunctionDef: self._function, ast.Assert: self._assert, ast.Assign: self._assign,
            ast.AnnAssign: self._assign, ast.Dict: self._dict, ast.BinOp: self._percent,
        }

    def cell(self, node: ast.AST) -> int | None:
        """The notebook cell of NODE, if the code came from a notebook."""
        return self.cells.cell(getattr(node, "lineno", 0)) if self.cells else None

    def resolve(self, name: str | None) -> str:
        """Resolve the first part of a dotted name through import aliases."""
        if not name:
            return "?"
        head, _, rest = name.partition(".")
        full = self.aliases.get(head)
        if full:
            return f"{full}.{rest}" if rest else full
        return name

    def module(self, node: ast.Module) -> None:
        """Walk a module, counting its statements outside definitions."""
        self._note_docstring(node.body)
        self.module_statements = sum(1 for s in node.body if not isinstance(s, _DEFINITIONS))
        self.children(node)

    def visit(self, node: ast.AST) -> None:
        """Visit NODE: its handler if it has one (handlers walk the children), else its children."""
        if self.open and isinstance(node, ast.stmt):
            for totals in self.open:
                totals[1] += 1
        handler = self.handlers.get(type(node))
        if handler is None:
            self.children(node)
        else:
            handler(node)

    def children(self, node: ast.AST, entering: Callable[[str], None] | None = None) -> None:
        """Visit the child nodes of NODE in field order (leaf-only nodes such as Load are skipped); ENTERING, when
        given, is told each field's name before its nodes are visited."""
        self.depth += 1
        if self.depth > self.max_depth:
            self.max_depth = self.depth
        visit = self.visit
        for name in node._fields:
            if entering is not None:
                entering(name)
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST) and type(item) not in _LEAVES:
                        visit(item)
            elif isinstance(value, ast.AST) and type(value) not in _LEAVES:
                visit(value)
        self.depth -= 1

    # facts

    def _import(self, node: ast.Import) -> None:
        """import a.b as c"""
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                head = alias.name.split(".", 1)[0]
                self.aliases.setdefault(head, head)
            self.imports.append(Import(alias.name, (), node.lineno, 0, self.cell(node), not self.scope))

    def _import_from(self, node: ast.ImportFrom) -> None:
        """from a import b as c"""
        module = node.module or ""
        names = tuple(a.name for a in node.names)
        for alias in node.names:
            if alias.name != "*":
                self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}" if module else alias.name
        self.imports.append(Import(module, names, node.lineno, node.level, self.cell(node), not self.scope))

    def _assert(self, node: ast.Assert) -> None:
        """An assert statement counts for every function it is in; radon counts it and nothing under it."""
        for totals in self.open:
            totals[0] += 1
        self._decide(1)
        saved, self.cc = self.cc, None
        self.children(node)
        self.cc = saved

    def _call(self, node: ast.Call) -> None:
        """Record the call with resolved name, literal string args and keyword names."""
        name = self.resolve(dotted(node.func)) if self.open or len(self.calls) < MAX_CALLS else ""
        if len(self.calls) < MAX_CALLS:
            args = tuple(
                a.value[:300] for a in node.args[:3] if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
            keywords = tuple(k.arg for k in node.keywords if k.arg)
            self.calls.append(Call(name, node.lineno, args, keywords, self.cell(node), ".".join(self.scope) or None))
        if node.keywords or name in credentials.ARGUMENT_CALLS or (type(node.func) is ast.Attribute and node.func.attr == "format"):
            self._credentials(node, credentials.call_hits(name, node))
        if self.open:
            last = name.rsplit(".", 1)[-1]
            asserting = name in ASSERT_CALLS or last.startswith(("assert", "assert_")) or ".testing.assert" in name
            for totals in self.open:
                totals[0] += asserting
                totals[2].append(name)
        self.children(node)

    def _constant(self, node: ast.Constant) -> None:
        """Keep string literals (not docstrings), truncated."""
        if isinstance(node.value, str) and id(node) not in self.docstrings and len(self.strings) < MAX_STRINGS:
            if node.value.strip():
                self.strings.append(StringLiteral(node.value[:300], node.lineno, self.cell(node)))
            if "@" in node.value or "=" in node.value:
                self._credentials(node, [(credentials.URL_PASSWORD, scheme) for _, scheme in credentials.connection_passwords(node.value[:5000])])

    # credentials (readiness.facts.credentials): cheap tests on the nodes that can hold a literal

    def _credentials(self, node: ast.AST, found: list[tuple[str, str]]) -> None:
        """Record credentials found at NODE (kind, name), at most MAX_CREDENTIALS per module."""
        for kind, name in found[: MAX_CREDENTIALS - len(self.credentials)]:
            self.credentials.append(CredentialHit(self.path, node.lineno, kind, name, self.cell(node)))  # type: ignore[attr-defined]

    def _assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        """x = "literal": a credential when x is secret-named."""
        if isinstance(node.value, ast.Constant):
            self._credentials(node, credentials.stored_hits(node.targets if isinstance(node, ast.Assign) else [node.target], node.value))
        self.children(node)

    def _dict(self, node: ast.Dict) -> None:
        """{"password": "literal"}: a credential under a secret-named key."""
        self._credentials(node, credentials.dict_hits(node))
        self.children(node)

    def _percent(self, node: ast.BinOp) -> None:
        """"mysql://%s:%s@%s" % ("root", "literal", host): a password filling a URL template; radon counts the operator."""
        if isinstance(node.op, ast.Mod):
            self._credentials(node, credentials.percent_hits(node))
        self._bin_op(node)

    def _note_docstring(self, body: list[ast.stmt]) -> bool:
        """Mark a leading docstring so it is not taken as a literal; say whether there was one."""
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            if isinstance(body[0].value.value, str):
                self.docstrings.add(id(body[0].value))
                return True
        return False

    def _definition_children(self, node: ast.AST, scope: Scope, function: bool) -> None:
        """Visit a definition's fields in order: its body counted in SCOPE, the rest outside radon's complexity (and,
        for a function, outside Halstead)."""
        saved_cc, saved_halstead, saved_context = self.cc, self.halstead, self.context

        def entering(name: str) -> None:
            body = name == "body"
            self.cc = scope if body else None
            if function:
                self.halstead = saved_halstead and body  # nothing under a skipped part is counted
                self.context = node.name if body else saved_context  # type: ignore[attr-defined]

        self.children(node, entering)
        self.cc, self.halstead, self.context = saved_cc, saved_halstead, saved_context
        self.owners.pop()

    def _class(self, node: ast.ClassDef) -> None:
        """Record a class and visit its body in its scope."""
        bases = tuple(self.resolve(dotted(b)) for b in node.bases)
        self._note_docstring(node.body)
        self.classes.append(ClassInfo(node.name, node.lineno, bases, self.cell(node)))
        self.scope.append(node.name)
        self.class_bases.append(bases)
        self._definition_children(node, self._open_scope(node), function=False)
        self.class_bases.pop()
        self.scope.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Record a function: decorators, assertions, calls, docstring, annotations."""
        has_doc = self._note_docstring(node.body)
        decorators = tuple(
            self.resolve(dotted(d.func if isinstance(d, ast.Call) else d)) for d in node.decorator_list
        )
        args = node.args
        annotated = node.returns is not None or any(a.annotation is not None for a in args.args + args.kwonlyargs if a.arg not in ("self", "cls"))
        qualname = ".".join([*self.scope, node.name])
        bases = self.class_bases[-1] if self.class_bases else ()
        slot = len(self.functions)
        self.functions.append(None)  # keep definition order: filled in once the body has been walked
        totals: list = [0, 0, []]
        self.open.append(totals)
        self.scope.append(node.name)
        self.class_bases.append(())
        self._definition_children(node, self._open_scope(node), function=True)
        self.class_bases.pop()
        self.scope.pop()
        self.open.pop()
        self.functions[slot] = FunctionInfo(
            node.name, qualname, node.lineno, node.end_lineno or node.lineno, decorators, totals[0],
            tuple(dict.fromkeys(totals[2]))[:200], bases, self.cell(node), has_doc, annotated, totals[1],
            _empty_body(node.body[1:] if has_doc else node.body),
        )

def _empty_body(body: list[ast.stmt]) -> bool:
    """Whether a function body (docstring removed) is only `pass`, `...` or `raise NotImplementedError`."""
    for stmt in body:
        if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis):
            continue
        if isinstance(stmt, ast.Raise) and stmt.exc is not None and (dotted(stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc) or "").endswith("NotImplementedError"):
            continue
        return False
    return True
