"""The walk of one node type's children written out as a function of its own (walk.py's `Walker.children` with its
loop over the type's fields unrolled): no field list to loop over nor fields to look up by name per node."""

from __future__ import annotations

from typing import Any, Callable


def children_function(kind: type, fields: tuple[tuple[str, bool], ...], namespace: dict[str, Any]) -> Callable[[Any, Any], None]:
    """A function that does for a node of KIND what `Walker.children` does (FIELDS: its fields that can hold nodes, and
    whether each holds a list of statements); NAMESPACE supplies `_DISPATCH` and `_CHILDLESS`."""
    lines = [
        f"def children_{kind.__name__}(self, node):",
        "    depth = self.depth = self.depth + 1",
        "    if depth > self.max_depth:",
        "        self.max_depth = depth",
        "    dispatch = _DISPATCH",
    ]
    visit = [  # one value: its handler, the walk of its children, or (with nothing below it) one level more of depth
        "action = dispatch.get(type({value}))",
        "if action is _CHILDLESS:",
        "    if depth >= self.max_depth:",
        "        self.max_depth = depth + 1",
        "elif action is not None:",
        "    action(self, {value})",
    ]
    for name, statements in fields:
        lines += [f"    value = node.{name}", "    if type(value) is list:"]
        if statements:
            lines.append("        self.statements += len(value)")
        lines.append("        for item in value:")
        lines += ["            " + line.format(value="item") for line in visit]
        lines.append("    else:")
        lines += ["        " + line.format(value="value") for line in visit]
    lines.append("    self.depth = depth - 1")
    scope = dict(namespace)
    exec("\n".join(lines), scope)  # the source is built above from the names of ast's own node fields
    return scope[f"children_{kind.__name__}"]
