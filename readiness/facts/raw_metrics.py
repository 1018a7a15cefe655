"""radon's raw metrics (LOC, LLOC, SLOC, comments, multi-line strings, blanks) in linear time.

`radon.raw.analyze` tokenizes a file one logical line at a time and, inside a statement that spans lines, starts
again with one more line until the tokenizer stops complaining: a 2,000-line dict literal took 19 s here, a
larger one hours, so one data-like file could stall a whole assessment. This module walks the lines radon sees
(each stripped) once and cuts them where radon's chunks end. A line that is a whole statement with no string,
comment or continuation (most lines) is split into tokens by the tokenizer's own regular expression; any other
stretch goes through `tokenize` once, up to the next such line. Tokenized chunks are counted with radon's own
`is_single_token` and `_logical`, plain lines with the same rule (`plain_lloc`, tested against `_logical`), so the
figures are radon's. Text this cannot mirror (form feeds and other line breaks the tokenizer does not know, a
continuation before a blank line) goes to radon itself, with its worst case.
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Iterator

from radon.raw import Module, _logical, analyze, is_single_token

# str.splitlines (radon's line split) breaks lines at these too; the tokenizer does not, so the rows would differ.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_PLAIN_LINE = re.compile(r"[^'\"#\\]*")  # no string, comment or backslash continuation
_PLAIN_TOKEN = re.compile(  # the tokenizer's own patterns for numbers, operators and names; one group, for findall
    tokenize.Whitespace + "(" + re.sub(r"(?<!\\)\((?!\?)", "(?:", tokenize.group(tokenize.Number, tokenize.Special, tokenize.Name)) + ")"
)
_END = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")
"""The ENDMARKER that closes each chunk radon tokenizes on its own (only its type is ever read)."""


class _Unmirrored(Exception):
    """The text cannot be cut into chunks the way radon would; radon's own code is used instead."""


class _Counts:
    """Running totals of radon's raw figures."""

    def __init__(self) -> None:
        self.lloc = self.comments = self.single_comments = self.multi = self.blank = self.sloc = 0

    def chunk(self, parsed: list[str], tokens: list) -> None:
        """Count one chunk: its stripped lines and its tokens (ending in ENDMARKER), as radon.raw.analyze does."""
        self.comments += sum(1 for t in tokens if t[0] == tokenize.COMMENT)
        if is_single_token(tokenize.COMMENT, tokens):
            self.single_comments += 1
        elif is_single_token(tokenize.STRING, tokens):
            if tokens[0][2][0] == tokens[0][3][0]:
                self.single_comments += 1
            else:
                self.multi += sum(1 for line in parsed if line)
                self.blank += sum(1 for line in parsed if not line)
        else:
            code = sum(1 for line in parsed if line)
            self.sloc += code
            self.blank += len(parsed) - code
        self.lloc += _logical(tokens)

    def module(self) -> Module:
        """The namedtuple radon returns."""
        loc = self.sloc + self.blank + self.multi + self.single_comments
        return Module(loc, self.lloc, self.sloc, self.comments, self.multi, self.blank, self.single_comments)


def raw_metrics(source: str) -> Module:
    """The namedtuple `radon.raw.analyze(source)` returns, computed in one pass (radon's own code for odd text)."""
    if any(mark in source for mark in _OTHER_BREAKS):
        return analyze(source)
    lines = [line.strip() for line in source.splitlines()]
    if "\\" in source and any(a.endswith("\\") and (not b or b[0] == "#") for a, b in zip(lines, lines[1:])):
        # radon tokenizes a chunk ending in a continuation with nothing after it, fails, and takes more lines:
        # its chunk runs past the blank or comment line where the whole text's statement ends
        return analyze(source)
    counts = _Counts()
    index = 0
    try:
        while index < len(lines):
            words = _plain_words(lines[index])
            if words is None:
                index = _tokenized(lines, index, counts)
                continue
            if words:
                counts.sloc += 1
                counts.lloc += plain_lloc(words)
            else:
                counts.blank += 1
            index += 1
    except (tokenize.TokenError, SyntaxError, _Unmirrored):
        return analyze(source)
    return counts.module()


def _plain_words(line: str) -> list[str] | None:
    """The tokens of a line that is a whole statement with no string, comment or continuation; else None."""
    if not _PLAIN_LINE.fullmatch(line):
        return None
    if line.count("(") + line.count("[") + line.count("{") != line.count(")") + line.count("]") + line.count("}"):
        return None  # an open bracket: the statement goes on (the source parsed, so brackets nest properly)
    words = _PLAIN_TOKEN.findall(line)
    if sum(map(len, words)) != len(line) - line.count(" ") - line.count("\t"):
        return None  # a character the tokenizer would call an error: leave the line to it
    return words


def plain_lloc(words: list[str]) -> int:
    """radon's `_logical` for a plain line's tokens (followed, as in radon, by NEWLINE and ENDMARKER).

    Per `;`-separated part: a part with a `:` counts 2, or 1 when that `:` is its last token (the next-to-last in
    a part before a `;`, radon's quirk kept); a part without one counts 1 when it holds any token.
    """
    total = 0
    part: list[str] = []
    for word in [*words, None]:
        if word == ";" or word is None:
            size = len(part) + (1 if word is None else 0)  # the last part still holds ENDMARKER
            if ":" in part:
                position = len(part) - 1 - part[::-1].index(":")
                total += 2 - (position == size - 2)
            elif part:
                total += 1
            part = []
        else:
            part.append(word)
    return total


def _tokenized(lines: list[str], start: int, counts: _Counts) -> int:
    """Run the tokenizer from line START until a chunk ends before a plain line; return the next line's index."""
    position = start

    def readline() -> str:
        nonlocal position
        if position >= len(lines):
            return ""
        line = lines[position]
        position += 1
        return line + "\n" if position < len(lines) else line

    for first, last, tokens in _chunks(readline):
        counts.chunk(lines[start + first - 1 : start + last], tokens)
        following = start + last
        if following >= len(lines) or _plain_words(lines[following]) is not None:
            return following
    return len(lines)


def _chunks(readline) -> Iterator[tuple[int, int, list]]:
    """(first row, last row, tokens ending in ENDMARKER) of each of radon's chunks, rows counted from 1."""
    current: list = []
    code = False  # whether the chunk so far holds more than comments and line ends
    first_row = expected_row = 1
    for token in tokenize.generate_tokens(readline):
        kind = token[0]
        if kind in (tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        if kind == tokenize.ERRORTOKEN:
            raise _Unmirrored("error token")  # radon would extend its chunk here
        if not current:
            first_row = token[2][0]
            while expected_row < first_row:  # blank lines the tokenizer passed over silently
                yield expected_row, expected_row, [_END]
                expected_row += 1
        current.append(token)
        if kind == tokenize.NEWLINE or (kind == tokenize.NL and not code):
            expected_row = token[3][0] + 1
            current.append(_END)
            yield first_row, token[3][0], current
            current, code = [], False
        elif kind != tokenize.NL and kind != tokenize.COMMENT:
            code = True
    if current:
        raise _Unmirrored("text ended inside a chunk")
