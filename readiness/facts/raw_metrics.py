"""radon's raw metrics (LOC, LLOC, SLOC, comments, multi-line strings, blanks) in linear time.

`radon.raw.analyze` tokenizes a file one logical line at a time and, inside a statement that spans lines, starts
again with one more line until the tokenizer stops complaining: a 2,000-line dict literal took 19 s here, a
larger one hours, so one data-like file could stall a whole assessment. This module walks the lines radon sees
(each stripped) once and cuts them where radon's chunks end. Most chunks (a statement on one line, a comment line,
a one-line string, a statement whose brackets span lines) are split into tokens by the tokenizer's own regular
expressions (`_line_tokens`): tried in the tokenizer's order and never backtracked into (an atomic group), with a
triple quote always taken as opening a triple-quoted string, as the tokenizer takes it; lines of names, operators and
one-line strings (`raw_lines.py`), comments and docstrings (`_string_chunk`) are counted from their characters
alone. Any other stretch (a string or continuation that runs past its line) goes through `tokenize` once, up to the
next chunk that does not need it.
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

from readiness.facts.raw_lines import (
    BALANCED as _BALANCED, ONE_STRING as _ONE_STRING, PREFIX as _PREFIX, SIMPLE as _SIMPLE, open_brackets as _open_brackets,
    outside_strings as _outside_strings, quoted_statement as _quoted_statement, uncaptured as _uncaptured,
)

# str.splitlines (radon's line split) breaks lines at these too; the tokenizer does not, so the rows would differ.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


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
_TOKENS = re.compile(r"[ \t]*+(?:(" + _ANY_TOKEN + r")|[^ \t])").findall
"""The tokens of a line, in order; a character no token starts with gives '' (the line then needs the tokenizer)."""
_CONTINUED = re.compile(r"\\\s*(?:[\r\n]|\Z)").search
"""Finds a line that ends in a backslash (a superset: `raw_metrics` then looks at the lines themselves)."""
_STRING_START = re.compile(_uncaptured(_PREFIX) + "('{3}|\"{3})").match
_STRING_END = {"'" * 3: re.compile(tokenize.Single3, re.DOTALL).match, '"' * 3: re.compile(tokenize.Double3, re.DOTALL).match}
"""The rest of a triple-quoted string, up to its closing quotes (DOTALL, as the tokenizer, which matches one line at
a time: a backslash at the end of a line only escapes the line end)."""
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


def raw_metrics(source: str, stripped: list[str] | None = None) -> Module:
    """The namedtuple `radon.raw.analyze(source)` returns, computed in one pass (radon's own code for odd text);
    STRIPPED: SOURCE's lines (str.splitlines) each stripped, when at hand."""
    if any(mark in source for mark in _OTHER_BREAKS):
        return analyze(source)
    lines = [line.strip() for line in source.splitlines()] if stripped is None else stripped
    if "\\" in source and _CONTINUED(source) and any(a.endswith("\\") and (not b or b[0] == "#") for a, b in zip(lines, lines[1:])):
        # radon tokenizes a chunk ending in a continuation with nothing after it, fails, and takes more lines:
        # its chunk runs past the blank or comment line where the whole text's statement ends
        return analyze(source)
    counts = _Counts()
    index = 0
    total = len(lines)
    blank = comments = strings = simple = lloc = 0  # lines counted here without listing tokens, added to COUNTS at the end
    try:
        while index < total:
            line = lines[index]
            if not line:
                blank += 1
            elif line[0] == "#" and line[-1] != "\\":  # a comment line: one COMMENT token
                comments += 1
            elif _BALANCED(line) or (_SIMPLE(line) and not _open_brackets(line)):  # a whole statement: plain_lloc from its `:` alone
                simple += 1
                lloc += (2 - (line[-1] == ":")) if line.count(":") != line.count(":=") else 1
            elif (outside := _quoted_statement(line)) is not None:
                if len(outside) <= 3 and _ONE_STRING(line):  # a string on its own line: radon's one-line docstring, a single comment
                    strings += 1
                else:
                    simple += 1
                    lloc += (2 - (outside[-1] == ":")) if outside.count(":") != outside.count(":=") else 1
            else:
                following = _split_chunk(lines, index, counts)
                if following is None:
                    following = _string_chunk(lines, index, counts)
                index = following if following is not None else _tokenized(lines, index, counts)
                continue
            index += 1
    except (tokenize.TokenError, SyntaxError, _Unmirrored):
        return analyze(source)
    counts.blank, counts.comments, counts.sloc = counts.blank + blank, counts.comments + comments, counts.sloc + simple
    counts.single_comments, counts.lloc = counts.single_comments + comments + strings, counts.lloc + lloc + strings
    return counts.module()


def _line_tokens(line: str) -> list[str] | None:
    """The tokens (comments included) the tokenizer would split a stripped line into, or None when the line needs
    the tokenizer itself (a string or continuation that goes on, a character it calls an error)."""
    if not line:
        return []
    if line[-1] == "\\":
        return None
    tokens = _TOKENS(line)
    return None if "" in tokens else tokens


def _depth(tokens: list[str]) -> int:
    """How many brackets TOKENS leave open (negative: more closed than opened)."""
    count = tokens.count
    return count("(") + count("[") + count("{") - count(")") - count("]") - count("}")


def _split_chunk(lines: list[str], start: int, counts: _Counts) -> int | None:
    """Count the chunk that starts at line START (not blank) without the tokenizer, if `_line_tokens` splits all of
    it; return the next line's index, or None (nothing counted) when the tokenizer is needed."""
    line = lines[start]
    if _SIMPLE(line):
        summary = _simple_summary(line)
    else:
        tokens = _line_tokens(line)
        if tokens is None:
            return None
        opened = _depth(tokens)
        if opened == 0:
            counts.line(tokens)
            return start + 1
        summary = None if opened < 0 or ";" in tokens else _token_summary(tokens)
    if summary is None or summary[0] <= 0:
        return _split_tokens(lines, start, counts)
    depth, comments, colon, last = summary
    end = start
    total = len(lines)
    while depth > 0:  # brackets still open: the statement goes on to the line that closes them
        end += 1
        if end >= total:
            return None
        line = lines[end]
        if not line:
            continue
        outside = line if _SIMPLE(line) else _outside_strings(line)
        if outside is not None:  # what `_simple_summary(outside)` adds (most lines of such statements)
            depth += _open_brackets(outside)
            colon = colon or outside.count(":") != outside.count(":=")
            last = outside[-1] == ":"
            continue
        summary = _token_summary(_line_tokens(line))
        if summary is None:  # the tokenizer is needed, or a `;` splits the statement: count it from its tokens
            return _split_tokens(lines, start, counts)
        depth += summary[0]
        comments += summary[1]
        colon = colon or summary[2]
        last = last if summary[3] is None else summary[3]
    if depth < 0:
        return None
    code = sum(1 for line in lines[start : end + 1] if line)
    counts.comments += comments
    counts.sloc += code
    counts.blank += end + 1 - start - code
    counts.lloc += (2 - last) if colon else 1  # plain_lloc of the chunk's words: one part, opening with a bracket
    return end + 1


def _string_chunk(lines: list[str], start: int, counts: _Counts) -> int | None:
    """Count a chunk that is only a triple-quoted string over several lines (a docstring) without the tokenizer;
    return the next line's index, or None (nothing counted) for anything else."""
    opening = _STRING_START(lines[start])
    if opening is None:
        return None
    quotes = opening.group(1)
    end = start + 1
    while end < len(lines) and quotes not in lines[end]:
        end += 1
    if end == len(lines):
        return None
    text = "\n".join(lines[start : end + 1])
    closing = _STRING_END[quotes](text, opening.end())
    if closing is None or closing.end() != len(text):  # closed elsewhere, or more follows the string on its line
        return None
    # one STRING token over several lines, then NEWLINE: radon counts its lines as multi-line string or blank
    written = sum(1 for line in lines[start : end + 1] if line)
    counts.multi += written
    counts.blank += end + 1 - start - written
    counts.lloc += 1
    return end + 1


def _simple_summary(line: str) -> tuple[int, int, bool, bool]:
    """`_token_summary` of a line `_SIMPLE` matches, from its characters."""
    return _open_brackets(line), 0, line.count(":") != line.count(":="), line[-1] == ":"


def _token_summary(tokens: list[str] | None) -> tuple[int, int, bool, bool | None] | None:
    """What counting a statement needs from one of its lines' TOKENS: brackets left open, comments, whether a word (a
    token not a comment) is `:`, whether the last word is (None: no word); None for no tokens or a `;` among them."""
    if tokens is None or ";" in tokens:
        return None
    words = [t for t in tokens if t[0] != "#"]
    return _depth(words), len(tokens) - len(words), ":" in words, (words[-1] == ":") if words else None


def _split_tokens(lines: list[str], start: int, counts: _Counts) -> int | None:
    """`_split_chunk` from every line's tokens (for a statement that a `;` splits, or that the tokenizer may need)."""
    tokens = _line_tokens(lines[start])
    if tokens is None:
        return None
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
