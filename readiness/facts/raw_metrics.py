"""radon's raw metrics (LOC, LLOC, SLOC, comments, multi-line strings, blanks) in one tokenizer pass.

`radon.raw.analyze` tokenizes a file one logical line at a time and, on a statement that spans lines, starts
again with one more line until the tokenizer stops complaining: a 2,000-line dict literal took 19 s here, a
larger one hours, so one data-like file could stall a whole assessment. This module tokenizes the text radon
would see (each line stripped, the lines joined) once, cuts it at the same places radon ends a chunk (a NEWLINE,
or a line with no code), and counts each chunk with radon's own `is_single_token` and `_logical`: the same
figures, in linear time. Text the single pass cannot mirror falls back to radon itself.
"""

from __future__ import annotations

import io
import tokenize
from typing import Iterator

from radon.raw import Module, _logical, analyze, is_single_token

# str.splitlines (radon's line split) breaks lines at these too; the tokenizer does not, so the rows would differ.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_SKIPPED = (tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
_LINE_ENDS = (tokenize.NL, tokenize.NEWLINE)


def raw_metrics(source: str) -> Module:
    """The namedtuple `radon.raw.analyze(source)` returns, computed in one pass (radon's own code for odd text)."""
    if any(mark in source for mark in _OTHER_BREAKS):
        return analyze(source)
    lines = [line.strip() for line in source.splitlines()]
    try:
        chunks = list(_chunks("\n".join(lines)))
    except (tokenize.TokenError, SyntaxError, _Unmirrored):
        return analyze(source)
    lloc = comments = single_comments = multi = blank = sloc = 0
    for first_row, last_row, tokens in chunks:
        parsed = lines[first_row - 1 : last_row]
        comments += sum(1 for t in tokens if t[0] == tokenize.COMMENT)
        if is_single_token(tokenize.COMMENT, tokens):
            single_comments += 1
        elif is_single_token(tokenize.STRING, tokens):
            start, end = tokens[0][2][0], tokens[0][3][0]
            if start == end:
                single_comments += 1
            else:
                multi += sum(1 for line in parsed if line)
                blank += sum(1 for line in parsed if not line)
        else:
            for line in parsed:
                if line:
                    sloc += 1
                else:
                    blank += 1
        lloc += _logical(tokens)
    covered = chunks[-1][1] if chunks else 0
    blank += len(lines) - covered  # trailing lines no token reached (radon counts each as a blank chunk)
    return Module(sloc + blank + multi + single_comments, lloc, sloc, comments, multi, blank, single_comments)


class _Unmirrored(Exception):
    """The one-pass token stream does not split the text the way radon's chunks would."""


def _chunks(text: str) -> Iterator[tuple[int, int, list[tokenize.TokenInfo]]]:
    """(first row, last row, tokens ending in ENDMARKER) for each of radon's chunks of TEXT, in order."""
    current: list[tokenize.TokenInfo] = []
    first_row = 1
    expected_row = 1
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        kind = token[0]
        if kind == tokenize.ERRORTOKEN:
            raise _Unmirrored("error token")  # radon would extend its chunk here; leave such text to radon
        if kind in _SKIPPED:
            continue
        if not current:
            first_row = token[2][0]
            while expected_row < first_row:  # blank lines the tokenizer passed over silently
                yield expected_row, expected_row, [_end(expected_row)]
                expected_row += 1
        current.append(token)
        if kind in _LINE_ENDS and (kind == tokenize.NEWLINE or not any(t[0] not in _LINE_ENDS and t[0] != tokenize.COMMENT for t in current)):
            last_row = token[3][0]
            yield first_row, last_row, [*current, _end(last_row)]
            expected_row = last_row + 1
            current = []
    if current:
        raise _Unmirrored("text ended inside a chunk")


def _end(row: int) -> tokenize.TokenInfo:
    """The ENDMARKER that closes each chunk radon tokenizes on its own."""
    return tokenize.TokenInfo(tokenize.ENDMARKER, "", (row + 1, 0), (row + 1, 0), "")
