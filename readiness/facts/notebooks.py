"""Read notebooks as JSON through nbformat (never executed) into cells, outputs and code facts."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from readiness.facts.bounded import ParseError, load_json
from readiness.facts.code import CellMap, analyze_code
from readiness.facts.files import NOTEBOOK_CAP
from readiness.facts.model import Cell, CodeFacts, NotebookFacts, Output, SecretHit
from readiness.facts.secrets import find_secrets
from readiness.models import Problem, cell_label

PREVIEW = 1000
SCAN_LIMIT = 100_000
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")
MAGIC_LINE = re.compile(r"^(\s*)(%|!|\?)")
HELP_LINE = re.compile(r"^(\s*)[\w.\[\]]+\?\??\s*$")
ASSIGNED_SHELL = re.compile(r"^(\s*)[\w, ]+=\s*(!|%)")


def _text(value: Any) -> tuple[str, bool]:
    """Join an nbformat multi-line string; the flag says whether the value was malformed."""
    if isinstance(value, str):
        return value, False
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value), False
    if value is None:
        return "", True
    return str(value), True


def _size(value: Any, budget: int = 50_000_000) -> int:
    """Approximate payload size in characters without serialising the whole output again."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        head = value[:100_000]
        try:
            return len("".join(head))  # the common case, lines of text: their lengths summed in C
        except TypeError:
            return sum(_size(v) for v in head)
    if isinstance(value, dict):
        return sum(len(str(k)) + _size(v) for k, v in list(value.items())[:1000])
    return len(str(value))


def _output(raw: Any) -> tuple[Output, str]:
    """Summarise one output; also return its text for secret scanning (bounded)."""
    if not isinstance(raw, dict):
        return Output("unknown", 0), ""
    kind = str(raw.get("output_type", "unknown"))
    size = _size(raw)
    if kind == "stream":
        text, _ = _text(raw.get("text", ""))
        return Output(kind, size, name=str(raw.get("name", "")), text=text[:PREVIEW]), text[:SCAN_LIMIT]
    if kind == "error":
        ename, evalue = str(raw.get("ename", "")), str(raw.get("evalue", ""))[:PREVIEW]
        return Output(kind, size, ename=ename, evalue=evalue), evalue
    data = raw.get("data", {}) if isinstance(raw.get("data"), dict) else {}
    text, _ = _text(data.get("text/plain", ""))
    mimes = tuple(str(key)[:100] for key in list(data)[:20])
    return Output(kind, size, text=text[:PREVIEW], mimes=mimes), text[:SCAN_LIMIT]


def code_of(cells: tuple[Cell, ...], skip: frozenset[int] = frozenset()) -> tuple[str, CellMap]:
    """Concatenate code cells (except those in SKIP), turning IPython magics and shell escapes into `pass` lines."""
    lines: list[str] = []
    starts: list[int] = []
    indices: list[int] = []
    for cell in cells:
        if cell.kind != "code" or cell.index in skip:
            continue
        source = cell.source
        first = source.lstrip().split("\n", 1)[0]
        if first.startswith("%%") and not first.startswith(PYTHON_CELL_MAGICS):
            continue
        starts.append(len(lines) + 1)
        indices.append(cell.index)
        for line in source.split("\n"):
            if first.startswith("%%") and line.strip() == first.strip():
                lines.append("pass")
            # a line with none of %, ! and ? is no magic, help request or shell escape: each pattern needs one
            elif ("%" in line or "!" in line or "?" in line) and (MAGIC_LINE.match(line) or HELP_LINE.match(line) or ASSIGNED_SHELL.match(line)):
                indent = re.match(r"^\s*", line).group(0)  # type: ignore[union-attr]
                lines.append(indent + "pass")
            else:
                lines.append(line)
    return "\n".join(lines), CellMap(starts, indices)


LARGE_OUTPUT = 1024 * 1024
MAX_ANALYSED_CELLS = 10_000
ERROR_LINE = re.compile(r"\(line (\d+)\)")
MAX_BROKEN_CELLS = 20
MAX_VALUES = 2_000_000
"""JSON values a notebook may hold (a 32 MiB notebook of figures and logs holds far fewer)."""


def analyze_cells(path: str, cells: tuple[Cell, ...]) -> tuple[CodeFacts, tuple[tuple[int, str], ...]]:
    """Code facts of the notebook's code; a cell that does not parse is left out and reported, the others still count."""
    broken: list[tuple[int, str]] = []
    first_error: str | None = None
    while True:
        text, cell_map = code_of(cells, frozenset(index for index, _ in broken))
        code = analyze_code(path, text, cell_map)
        if code.parse_error is None:
            return (replace(code, parse_error=first_error) if first_error else code), tuple(broken)
        first_error = first_error or code.parse_error
        match = ERROR_LINE.search(code.parse_error)
        line = int(match.group(1)) if match else 0
        cell = cell_map.cell(line) if match else None
        if cell is None or len(broken) >= MAX_BROKEN_CELLS or any(index == cell for index, _ in broken):
            return replace(code, parse_error=first_error), tuple(broken)
        start = cell_map.starts[cell_map.cells.index(cell)]
        message = ERROR_LINE.sub(f"on line {line - start + 1} of the cell", code.parse_error, count=1)
        broken.append((cell, message))


def _as_v4(data: dict) -> tuple[dict, str | None]:
    """Return a v4-shaped notebook dict, converting v3 with nbformat."""
    major = data.get("nbformat")
    if major == 4:
        return data, None
    if major == 3:
        import nbformat  # only old notebooks need it (importing it costs ~50 ms)

        try:
            converted = nbformat.convert(nbformat.from_dict(data), 4)
        except MemoryError:
            raise
        except Exception as exc:  # nbformat's own validation errors (jsonschema's, KeyError...) on a malformed v3 file
            raise ValueError(f"nbformat v3 that could not be converted: {type(exc).__name__}") from None
        return converted, "nbformat v3, converted to v4 for analysis"
    raise ValueError(f"unsupported nbformat version {major!r}")


def read_notebook(path: str, data: bytes) -> tuple[NotebookFacts, list[SecretHit], list[Problem]]:
    """Parse one notebook; every failure becomes a problem on this file."""
    problems: list[Problem] = []
    try:
        raw = load_json(data, NOTEBOOK_CAP, MAX_VALUES)
        if not isinstance(raw, dict):
            raise ValueError("top level is not a JSON object")
        notebook, note = _as_v4(raw)
    except (ValueError, RecursionError, KeyError, TypeError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, ParseError) else f"not a readable notebook: {exc}"
        return NotebookFacts(path, error=reason, size=len(data)), [], [Problem(reason, path)]
    if note:
        problems.append(Problem(note, path))
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    kernelspec = metadata.get("kernelspec") if isinstance(metadata.get("kernelspec"), dict) else {}
    language_info = metadata.get("language_info") if isinstance(metadata.get("language_info"), dict) else {}
    language = kernelspec.get("language") or language_info.get("name")
    raw_cells = notebook.get("cells")
    if not isinstance(raw_cells, list):
        problems.append(Problem("notebook has no cell list", path))
        raw_cells = []
    cells: list[Cell] = []
    secrets: list[SecretHit] = []
    malformed = 0
    for index, raw_cell in enumerate(raw_cells):
        if not isinstance(raw_cell, dict):
            malformed += 1
            continue
        kind = raw_cell.get("cell_type")
        source, bad = _text(raw_cell.get("source"))
        malformed += int(bad or not isinstance(kind, str))
        count = raw_cell.get("execution_count")
        count = count if isinstance(count, int) and not isinstance(count, bool) else None
        outputs: list[Output] = []
        raw_outputs = raw_cell.get("outputs") if isinstance(raw_cell.get("outputs"), list) else []
        for raw_output in raw_outputs:
            output, text = _output(raw_output)
            outputs.append(output)
            if output.size > LARGE_OUTPUT:
                problems.append(Problem(f"{cell_label(index)}: output of {output.size / 1024 / 1024:.1f} MB; summarised, only its first {SCAN_LIMIT // 1000} KB scanned", path))
            secrets += [SecretHit(path, None, kind_, red, index) for _, kind_, red in find_secrets(text)] if text else []
        secrets += [SecretHit(path, line, kind_, red, index) for line, kind_, red in find_secrets(source, path)]
        cells.append(Cell(index, kind if isinstance(kind, str) else "unknown", source, count, tuple(outputs)))
    if malformed:
        problems.append(Problem(f"{malformed} cell(s) with missing or malformed fields", path))
    code = None
    syntax_errors: tuple[tuple[int, str], ...] = ()
    if len(cells) > MAX_ANALYSED_CELLS:
        problems.append(Problem(f"{len(cells)} cells; the code of the first {MAX_ANALYSED_CELLS} only is analysed", path))
    if (language or "python").lower() in ("python", "python3", "ipython", "ipython3"):
        code, syntax_errors = analyze_cells(path, tuple(cells[:MAX_ANALYSED_CELLS]))
    facts = NotebookFacts(
        path,
        notebook.get("nbformat"),
        notebook.get("nbformat_minor"),
        language,
        tuple(cells),
        code,
        tuple(sorted(str(k) for k in metadata.keys())),
        None,
        len(data),
        syntax_errors,
    )
    return facts, secrets, problems
