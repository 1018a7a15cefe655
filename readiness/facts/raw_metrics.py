"""radon's raw metrics (LOC, LLOC, SLOC, comments, multi-line strings, blanks) in linear time.

`radon.raw.analyze` tokenizes a file one logical line at a time and, inside a statement that spans lines, starts
again with one more line until the tokenizer stops complaining: a 2,000-line dict literal took 19 s here, a
larger one hours, so one data-like file could stall a whole assessment. This module walks the lines radon sees
(each stripped) once and cuts them where radon's chunks end. Most chunks (a statement on one line, a comment line,
a one-line string, a statement whose brackets span lines) are split into tokens by the tokenizer's own regular
expressions (`_line_tokens`): tried in the tokenizer's order and never backtracked into (an atomic group), with a
triple quote always taken as opening a triple-quoted string, as the tokenizer takes it. Any other stretch (a string
or continuation that runs past its line) goes through `tokenize` once, up to the next chunk that does not need it.
Tokenized chunks are counted with radon's own `is_single_token` and `_logical`, the others with the same rules
(`plain_lloc`, tested against `_logical`), so the figures are radon's. Text this cannot mirror (form feeds and
other line breaks the tokenizer does not know, a continuation before a blank line) goes to radon itself, with its
worst case.
"""

from __future__ import annotations

import re
import sys
import tokenize
from collections.abc import Iterator

from radon.raw import Module, _logical, analyze, is_single_token

# str.splitlines (radon's line split) breaks lines at these too; the tokenizer does not, so the rows would differ.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _uncaptured(pattern: str) -> str:
    """PATTERN with its capturing groups made non-capturing."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


# Python 3.12 splits an f-string into several tokens (radon then counts its `:`): the tokenizer takes those there.
_PREFIX = tokenize.StringPrefix if sys.version_info < (3, 12) else tokenize.group(
    *(p for p in tokenize._all_string_prefixes() if "f" not in p.lower())
)
_ONE_LINE_STRING = _uncaptured(tokenize.group(
    _PREFIX + "'''" + tokenize.Single3,  # a triple quote always opens a triple-quoted string, as in the tokenizer
    _PREFIX + '"""' + tokenize.Double3,
    _PREFIX + r"(?!''')'[^\n'\\]*(?:\\.[^\n'\\]*)*'",
    _PREFIX + r'(?!""")"[^\n"\\]*(?:\\.[^\n"\\]*)*"',
))
_ANY_TOKEN = "(?>" + "|".join((  # the tokenizer's order; each look-ahead only skips what cannot match there
    tokenize.Comment,
    r"(?=[rRbBuUfF]{0,2}['\"])" + _ONE_LINE_STRING,
    r"(?=\.?[0-9])" + _uncaptured(tokenize.Number),
    r"\w++(?!['\"])",  # a name right before a quote would be a string prefix the tokenizer reads another way
    _uncaptured(tokenize.Special),  # no operator starts with a word character: after names is the same
)) + ")"
_WHOLE_LINE = re.compile(r"(?:[ \t]*+" + _ANY_TOKEN + ")*+")
_TOKEN = re.compile(r"[ \t]*+(" + _ANY_TOKEN + ")")
_BRACKETS = re.compile(r"[][(){}]")
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

    def line(self, tokens: list[str]) -> None:
        """Count a one-line chunk split by `_line_tokens` (its tokens' text, a comment last) as `chunk` would."""
        words = tokens
        if tokens[-1][0] == "#":
            self.comments += 1
            if len(tokens) == 1:  # a comment line
                self.single_comments += 1
                return
            words = tokens[:-1]
        elif len(tokens) == 1 and tokens[0][-1] in "'\"":  # a one-line string
            self.single_comments += 1
            self.lloc += 1
            return
        self.sloc += 1
        self.lloc += plain_lloc(words)

    def split(self, parsed: list[str], tokens: list[str]) -> None:
        """Count a chunk of several lines split by `_line_tokens` (its stripped lines, its tokens' text), as `chunk`
        would (it opens with a bracket left open, so it is code)."""
        words = [t for t in tokens if t[0] != "#"]
        self.comments += len(tokens) - len(words)
        code = sum(1 for line in parsed if line)
        self.sloc += code
        self.blank += len(parsed) - code
        self.lloc += plain_lloc(words)

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
            following = _split_chunk(lines, index, counts)
            index = following if following is not None else _tokenized(lines, index, counts)
    except (tokenize.TokenError, SyntaxError, _Unmirrored):
        return analyze(source)
    return counts.module()


def _line_tokens(line: str) -> list[str] | None:
    """The tokens (comments included) the tokenizer would split a stripped line into, or None when the line needs
    the tokenizer itself (a string or continuation that goes on, a character it calls an error)."""
    if not line:
        return []
    if line[-1] == "\\":
        return None
    tokens = _TOKEN.findall(line)
    if "'" in line or '"' in line or "#" in line:  # spaces inside a token: check that the tokens cover the line
        return tokens if _WHOLE_LINE.fullmatch(line) else None
    covered = sum(map(len, tokens)) == len(line) - line.count(" ") - line.count("\t")
    return tokens if covered else None


def _depth(tokens: list[str]) -> int:
    """How many brackets TOKENS leave open (negative: more closed than opened)."""
    count = tokens.count
    return count("(") + count("[") + count("{") - count(")") - count("]") - count("}")


def _split_chunk(lines: list[str], start: int, counts: _Counts) -> int | None:
    """Count the chunk that starts at line START without the tokenizer, if `_line_tokens` splits all of it; return
    the next line's index, or None (nothing counted) when the tokenizer is needed."""
    line = lines[start]
    if not line:
        counts.blank += 1
        return start + 1
    tokens = _line_tokens(line)
    if tokens is None:
        return None
    if not _BRACKETS.search(line):
        counts.line(tokens)
        return start + 1
    depth = _depth(tokens)
    end = start
    while depth > 0:  # brackets still open: the statement goes on to the line that closes them
        end += 1
        more = _line_tokens(lines[end]) if end < len(lines) else None
        if more is None:
            return None
        depth += _depth(more)
        tokens += more
    if depth < 0:
        return None
    if end == start:
        counts.line(tokens)
    else:
        counts.split(lines[start : end + 1], tokens)
    return end + 1


def _plain_words(line: str) -> list[str] | None:
    """The tokens, comments left out, of a line that is a whole statement on its own; else None."""
    tokens = _line_tokens(line)
    if tokens is None or _depth(tokens):
        return None
    return [t for t in tokens if t[0] != "#"]


def plain_lloc(words: list[str]) -> int:
    """radon's `_logical` for a plain line's tokens (followed, as in radon, by NEWLINE and ENDMARKER).

    Per `;`-separated part: a part with a `:` counts 2, or 1 when that `:` is its last token (the next-to-last in
    a part before a `;`, radon's quirk kept); a part without one counts 1 when it holds any token.
    """
    if ";" not in words:  # one part, which ends the chunk
        return (2 - (words[-1] == ":")) if ":" in words else int(bool(words))
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
        if following >= len(lines) or _line_tokens(lines[following]) is not None:
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
