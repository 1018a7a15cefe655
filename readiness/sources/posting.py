"""Read a job posting: a file, stdin or an https URL, with a size cap; HTML reduced to text with html.parser.

Nothing in a posting is run: HTML is parsed by the standard library's tolerant parser, scripts, styles and other
non-text elements are dropped, and no resource it names is fetched.
"""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from readiness.errors import InputError

MAX_BYTES = 1024 * 1024
URL_TIMEOUT = 10.0
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "head", "select", "button", "form", "nav", "footer"})
BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "main", "aside", "br", "tr", "table", "ul", "ol", "dl", "dt", "dd",
                    "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title", "body", "html"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"})
HTML_HINT = re.compile(r"(?is)^\s*(<!doctype html|<html\b|<head\b|<body\b)|<(p|div|li|ul|h[1-6]|br)\b[^>]*>")


@dataclass(frozen=True, slots=True)
class Posting:
    """A posting's text (HTML already reduced), where it came from, and its title when it has one."""

    origin: str
    text: str
    title: str | None = None
    html: bool = False


class _Text(HTMLParser):
    """Collects visible text: block elements start new lines, list items become '- ' bullets, h1 '# ' and other headings '## ' lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in SKIPPED and tag not in VOID:
            self.skip.append(tag)
        if tag in BLOCKS:
            self.parts.append("\n")
        if self.skip:
            return
        if tag in HEADINGS:
            self.parts.append("# " if tag == "h1" else "## ")
        elif tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of HTML, one block per line, and its title (the first h1, else <title>); malformed markup is read as far as it goes."""
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser's last-resort errors on broken declarations
        pass
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    heading = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ") and line[2:].strip()), None)
    title = heading or " ".join("".join(parser.title).split()) or None
    return text, title


def looks_like_html(text: str) -> bool:
    """Whether TEXT is HTML rather than plain text or Markdown."""
    return bool(HTML_HINT.search(text[:4096]))


def decode_posting(data: bytes, origin: str) -> Posting:
    """Check and decode a posting's bytes; empty, binary or oversized input is one InputError line."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{origin}: the posting is larger than {MAX_BYTES // 1024} KiB; give the posting's own text")
    if not data.strip():
        raise InputError(f"{origin}: the posting is empty")
    if b"\x00" in data[:8192] or data[:4] in (b"%PDF", b"PK\x03\x04") or data[:2] == b"\x1f\x8b":
        raise InputError(f"{origin}: the posting is a binary file; save it as text, Markdown or HTML")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:8192]) // 20 or text.count("\ufffd") > len(text) // 20:
        raise InputError(f"{origin}: the posting is a binary file; save it as text, Markdown or HTML")
    if looks_like_html(text):
        body, title = html_to_text(text)
        if not body.strip():
            raise InputError(f"{origin}: the HTML posting has no visible text")
        return Posting(origin, body, title, True)
    return Posting(origin, text.replace("\r\n", "\n").replace("\r", "\n"))


def _read_capped(stream: BinaryIO, origin: str) -> bytes:
    """At most MAX_BYTES + 1 bytes from STREAM (one more tells an oversized input)."""
    try:
        return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{origin}: cannot read the posting ({exc.strerror or exc})") from exc


def read_posting(source: str) -> Posting:
    """A posting from a file path or '-' (stdin)."""
    if source == "-":
        return decode_posting(_read_capped(sys.stdin.buffer, "stdin"), "stdin")
    path = Path(source).expanduser()
    if path.is_dir():
        raise InputError(f"{source}: is a folder; give the posting's file")
    try:
        with path.open("rb") as handle:
            data = _read_capped(handle, source)
    except FileNotFoundError:
        raise InputError(f"{source}: no such posting file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read the posting ({exc.strerror or exc})") from exc
    return decode_posting(data, path.name)


class _HttpsOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to https URLs."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith("https://"):
            raise InputError(f"{req.full_url}: redirected to a non-https URL; refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_until(stream: BinaryIO, origin: str, deadline: float) -> bytes:
    """Read STREAM in chunks until its end, MAX_BYTES + 1 bytes or DEADLINE (monotonic seconds), whichever is first."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        if time.monotonic() > deadline:
            raise InputError(f"{origin}: the posting took too long to download; refused")
        chunk = stream.read(64 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def fetch_posting(url: str, timeout: float = URL_TIMEOUT) -> Posting:
    """A posting fetched over https (no other scheme, redirects included), at most MAX_BYTES, within TIMEOUT seconds."""
    if not url.lower().startswith("https://"):
        raise InputError(f"{url}: --url takes an https:// address only")
    opener = urllib.request.build_opener(_HttpsOnly())
    request = urllib.request.Request(url, headers={"User-Agent": "readiness-match", "Accept": "text/html, text/plain;q=0.9, */*;q=0.1"})
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise InputError(f"{url}: the posting is larger than {MAX_BYTES // 1024} KiB; refused")
            data = _read_until(response, url, time.monotonic() + timeout)
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"{url}: cannot fetch the posting ({reason})") from None
    return decode_posting(data, url)
