"""Text safe for a terminal: ANSI/OSC escape sequences removed and other control characters shown as escapes.

The one place every text renderer and log line passes repository-derived text through, so a README, a notebook
output or a file name cannot move the cursor, retitle the window, write the clipboard or plant a hyperlink. A
string or command sequence that is never terminated loses only its opening, so no text after it is lost."""

from __future__ import annotations

import logging
import re

_SEQUENCE = re.compile(
    r"""
      (?:\x1b\]|\x9d) [^\x07\x1b\x9c\n]* (?:\x07|\x1b\\|\x9c)      # OSC ... BEL or ST (hyperlinks, titles, clipboard)
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]) [^\x1b\x9c\n]* (?:\x1b\\|\x9c)   # DCS, SOS, PM, APC ... ST
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                        # one never terminated: its opening only
    | (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?     # CSI: colours, cursor movement, erasing
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                            # any other escape sequence
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 (but tab and newline), DEL, C1, and lone surrogates (undecodable bytes of a file name)."""


def _visible(match: re.Match[str]) -> str:
    """A control character as a visible escape (a surrogate from an undecodable byte as that byte)."""
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """TEXT with escape sequences removed and every other control character (but newline and tab) escaped."""
    if text.isprintable() or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_visible, _SEQUENCE.sub("", text.replace("\r\n", "\n")))


class SafeFormatter(logging.Formatter):
    """A log formatter whose lines (message, arguments and traceback alike) pass through `sanitize`."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, made safe for a terminal."""
        return sanitize(super().format(record))
