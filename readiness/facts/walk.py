"""One depth-first walk over a module's syntax tree: what CodeFacts holds, and radon's complexity and Halstead counts.

radon (`ComplexityVisitor`, `HalsteadVisitor`) walks a tree once per metric, and again for every function and class
body; this walk visits each node once, applying radon's rules as it goes (`radon_rules.py`). A tree deeper than
`RADON_DEPTH` levels is measured by radon's own visitors instead, so code that radon cannot measure (it recurses
about three frames a level) still gives what radon gives. Each node type's fields that can hold nodes are listed once
(`_FIELDS`, from the node classes' ASDL signatures), so names, literals and Load/Add singletons are never looked
at, and a node with nothing below it (Name, Pass...) is passed over without a call.
"""

from __future__ import annotations

import ast
import re
from typing import Callable

from readiness.facts import credentials
from readiness.facts.model import Call, ClassInfo, CredentialHit, FunctionInfo, Import, StringLiteral
from readiness.facts.radon_rules import RadonRules, Scope
from readiness.facts.unrolled import children_function

MAX_STRINGS = 2000
MAX_CALLS = 20000
MAX_CREDENTIALS = 200
ASSERT_CALLS = frozenset(("pytest.raises", "pytest.warns", "pytest.approx", "pytest.fail"))
RADON_DEPTH = 100
"""Trees nested deeper than this are measured by radon's visitors (see the module docstring)."""

_ARGUMENT_CALLS = credentials.ARGUMENT_CALLS
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_NOT_NODES = frozenset(("identifier", "string", "constant", "int", "expr_context", "boolop", "operator", "unaryop", "cmpop"))
"""ASDL types of fields that never hold a node the walk visits: names, literals, and Load, Add, And... (shared
singletons with nothing below them)."""
_FIELD = re.compile(r"(\w+)([*?]?) (\w+)")


def _node_classes(base: type = ast.AST) -> list[type]:
    """Every node class of the `ast` module (BinOp, arg, Load...), subclasses included."""
    found = []
    for kind in base.__subclasses__():
        found += [kind, *_node_classes(kind)]
    return found


def _child_fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """(name, holds a list of statements) of the fields of KIND that can hold nodes to visit, in field order; read
    from the ASDL signature of the class's docstring (`If(expr test, stmt* body, stmt* orelse)`). A field the
    signature does not describe is kept (values that are not nodes are skipped as they are met)."""
    declared = {name: (asdl, mark) for asdl, mark, name in _FIELD.findall(kind.__doc__ or "")}
    fields = []
    for name in getattr(kind, "_fields", ()):
        asdl, mark = declared.get(name, ("", ""))
        if asdl not in _NOT_NODES:
            fields.append((name, asdl == "stmt" and mark == "*"))
    return tuple(fields)


_LEAVES = frozenset(kind for base in (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop) for kind in _node_classes(base))
_FIELDS = {kind: _child_fields(kind) for kind in _node_classes() if kind not in _LEAVES}
"""Node class -> its fields that can hold nodes (Name, Constant, alias, Pass...: none)."""
_CHILDLESS = object()
"""The walk's action for a node with no field that can hold a node: nothing below it to visit."""


def dotted(node: ast.AST) -> str | None:
    """The dotted name of a Name/Attribute chain (calls and subscripts shown as '?')."""
    if type(node) is ast.Name:
        return node.id
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
        self.scope_name: str | None = None  # the scope's names joined by dots (None at module level)
        self.class_bases: list[tuple[str, ...]] = []
        self.module_statements = 0
        self.docstrings: set[int] = set()
        self.open: list[tuple[int, int, int]] = []  # where the counts below stood when each open function began
        self.statements = self.asserts = 0  # statements and assertions met so far
        self.call_names: list[str] = []  # the names of the calls met while a function is open, in order
        self.depth = self.max_depth = 0

    def cell(self, node: ast.AST) -> int | None:
        """The notebook cell of NODE, if the code came from a notebook."""
        return self.cells.cell(getattr(node, "lineno", 0)) if self.cells else None

    def name_of(self, node: ast.AST) -> str:
        """`resolve(dotted(node))`: the dotted name of a Name/Attribute chain through import aliases (for `f` and
        `m.f`, the most common, without building and splitting the dotted name)."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id) or node.id
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            head = node.value.id
            return f"{self.aliases.get(head) or head}.{node.attr}"
        return self.resolve(dotted(node))

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

    def children(self, node: ast.AST, fields: tuple[tuple[str, bool], ...] | None = None) -> None:
        """Visit the child nodes of NODE (or of its FIELDS) in field order, each through its handler; a node with
        nothing below it (Name, Load...) is passed over, counted in the depth as if it had been visited. All of a
        node's fields are walked by its type's own unrolled function (`facts/unrolled.py`), which does the same."""
        if fields is None and (unrolled := _UNROLLED.get(type(node))) is not None:
            unrolled(self, node)
            return
        depth = self.depth = self.depth + 1
        if depth > self.max_depth:
            self.max_depth = depth
        dispatch = _DISPATCH
        childless = False
        attributes = node.__dict__  # where the parser puts every field (reading it is cheaper than getattr)
        for name, statements in fields or _FIELDS[type(node)]:
            value = attributes.get(name)
            if type(value) is list:
                if statements:
                    self.statements += len(value)
                for item in value:
                    action = dispatch.get(type(item))
                    if action is _CHILDLESS:
                        childless = True
                    elif action is not None:
                        action(self, item)
            else:
                action = dispatch.get(type(value))
                if action is _CHILDLESS:
                    childless = True
                elif action is not None:
                    action(self, value)
        if childless and depth >= self.max_depth:
            self.max_depth = depth + 1
        self.depth = depth - 1

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
        self.asserts += 1
        self._decide(1)
        saved, self.cc = self.cc, None
        self.children(node)
        self.cc = saved

    def _call(self, node: ast.Call) -> None:
        """Record the call with resolved name, literal string args and keyword names."""
        room = len(self.calls) < MAX_CALLS
        func = node.func
        name = self.name_of(func) if room or self.open else ""
        keywords = node.keywords
        if room:
            args = node.args
            if args:
                args = tuple([a.value[:300] for a in args[:3] if type(a) is ast.Constant and type(a.value) is str])
            else:
                args = ()
            cell = self.cells.cell(node.lineno) if self.cells else None
            self.calls.append(Call(name, node.lineno, args, tuple([k.arg for k in keywords if k.arg]) if keywords else (), cell, self.scope_name))
        if keywords or name in _ARGUMENT_CALLS or (type(func) is ast.Attribute and func.attr == "format"):
            self._credentials(node, credentials.call_hits(name, node))
        if self.open:
            if "assert" in name:  # in every name the two tests below accept, in none of ASSERT_CALLS
                self.asserts += name.rsplit(".", 1)[-1].startswith("assert") or ".testing.assert" in name
            else:
                self.asserts += name in ASSERT_CALLS
            self.call_names.append(name)
        self.children(node)

    def _attribute(self, node: ast.Attribute) -> None:
        """a.b.c: down a chain of attributes in one call, each level counted in the depth as `children` counts it."""
        depth = self.depth
        value = node.value
        levels = 1
        while type(value) is ast.Attribute:
            value = value.value
            levels += 1
        inner = depth + levels  # the depth `children` of the innermost attribute would reach
        action = _DISPATCH.get(type(value))
        if action is _CHILDLESS:
            inner += 1
        if inner > self.max_depth:
            self.max_depth = inner
        if action is not None and action is not _CHILDLESS:
            self.depth = depth + levels
            action(self, value)
            self.depth = depth

    def _constant(self, node: ast.Constant) -> None:
        """Keep string literals (not docstrings), truncated."""
        value = node.value
        if type(value) is str and len(self.strings) < MAX_STRINGS and id(node) not in self.docstrings:
            if value and not value.isspace():  # what value.strip() says, without the copy
                self.strings.append(StringLiteral(value[:300], node.lineno, self.cells.cell(node.lineno) if self.cells else None))
            if "@" in value or "=" in value:
                self._credentials(node, [(credentials.URL_PASSWORD, scheme) for _, scheme in credentials.connection_passwords(value[:5000])])

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

    def _definition_children(self, node: ast.AST, scope: Scope, function: bool, bases: tuple[str, ...]) -> None:
        """Visit a definition's fields in order, in its scope (classes' BASES for the methods within): its body
        counted in radon's SCOPE, the rest outside radon's complexity (and, for a function, outside Halstead)."""
        self.scope.append(node.name)  # type: ignore[attr-defined]
        self.scope_name = ".".join(self.scope)
        self.class_bases.append(bases)
        saved_cc, saved_halstead, saved_context = self.cc, self.halstead, self.context
        for field in _FIELDS[type(node)]:
            body = field[0] == "body"
            self.cc = scope if body else None
            if function:
                self.halstead = saved_halstead and body  # nothing under a skipped part is counted
                self.context = node.name if body else saved_context  # type: ignore[attr-defined]
            self.children(node, (field,))  # one level down for each field, as for any node
        self.cc, self.halstead, self.context = saved_cc, saved_halstead, saved_context
        self.owners.pop()
        self.class_bases.pop()
        self.scope.pop()
        self.scope_name = ".".join(self.scope) or None

    def _class(self, node: ast.ClassDef) -> None:
        """Record a class and visit its body in its scope."""
        bases = tuple(self.name_of(b) for b in node.bases)
        self._note_docstring(node.body)
        self.classes.append(ClassInfo(node.name, node.lineno, bases, self.cell(node)))
        self._definition_children(node, self._open_scope(node), function=False, bases=bases)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Record a function: decorators, assertions, calls, docstring, annotations."""
        has_doc = self._note_docstring(node.body)
        decorators = tuple(
            self.name_of(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
        )
        args = node.args
        annotated = node.returns is not None or any(a.annotation is not None for a in args.args + args.kwonlyargs if a.arg not in ("self", "cls"))
        qualname = ".".join([*self.scope, node.name])
        bases = self.class_bases[-1] if self.class_bases else ()
        slot = len(self.functions)
        self.functions.append(None)  # keep definition order: filled in once the body has been walked
        self.open.append((self.asserts, self.statements, len(self.call_names)))
        self._definition_children(node, self._open_scope(node), function=True, bases=())
        asserts, statements, first_call = self.open.pop()
        calls = tuple(dict.fromkeys(self.call_names[first_call:]))[:200]
        if not self.open:
            self.call_names.clear()
        self.functions[slot] = FunctionInfo(
            node.name, qualname, node.lineno, node.end_lineno or node.lineno, decorators, self.asserts - asserts,
            calls, bases, self.cell(node), has_doc, annotated, self.statements - statements,
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


_HANDLERS = {
    **RadonRules.METRIC_HANDLERS,
    ast.Import: "_import", ast.ImportFrom: "_import_from", ast.Call: "_call", ast.Constant: "_constant",
    ast.ClassDef: "_class", ast.FunctionDef: "_function", ast.AsyncFunctionDef: "_function", ast.Assert: "_assert",
    ast.Assign: "_assign", ast.AnnAssign: "_assign", ast.Dict: "_dict", ast.BinOp: "_percent", ast.Attribute: "_attribute",
}
_DISPATCH: dict[type, Callable[[Walker, ast.AST], None] | object] = {
    kind: getattr(Walker, _HANDLERS[kind]) if kind in _HANDLERS else _CHILDLESS for kind in _FIELDS
}
"""Node class -> what the walk does with such a node: its handler (which walks its children), the walk of its
children (`Walker.children` for its type, unrolled), or nothing (_CHILDLESS); Load, Add... and values that are not
nodes are not in it."""
_UNROLLED = {
    kind: children_function(kind, fields, {"_DISPATCH": _DISPATCH, "_CHILDLESS": _CHILDLESS}) for kind, fields in _FIELDS.items() if fields
}
"""Node class -> `Walker.children` for its nodes, unrolled."""
_DISPATCH.update({kind: walk for kind, walk in _UNROLLED.items() if kind not in _HANDLERS})
