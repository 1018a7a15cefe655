"""`git ls-files -z -s --cached` read from the repository's index file as data, without starting git.

A git process per repository costs more than reading its index (and competes with the workers for the cores); the
index format is documented (gitformat-index). Only the plain case is read here: a `.git` folder, a SHA-1 index of
version 2, 3 or 4 whose checksum holds, without a split or sparse index. Anything else answers None, and the caller
asks git, which also reports what is wrong.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from readiness.sources.gitsafe import run_git

_OBJECT_FORMAT = re.compile(rb"(?im)^\s*objectformat\s*=")
_HASH = 20  # SHA-1
_FIXED = 40 + _HASH + 2  # times, device, inode, mode, ids, size, object id, flags
_EXTENDED = 0x4000
_NAME_MASK = 0x0FFF
_UNSUPPORTED = (b"link", b"sdir")  # a split index (entries live in another file), a sparse index (folders as entries)


def ls_files(root: Path) -> bytes:
    """What `git ls-files -z -s --cached` prints in ROOT: read from the index when it is the plain case, else from
    git (a GitError when git fails)."""
    listing = index_listing(root)
    return run_git(["ls-files", "-z", "-s", "--cached"], root).stdout if listing is None else listing


def index_listing(root: Path) -> bytes | None:
    """The bytes `git ls-files -z -s --cached` prints in ROOT (a repository's top folder), or None when the index is
    not the plain case read here (git is then asked)."""
    git_dir = root / ".git"
    try:
        if not git_dir.is_dir() or _OBJECT_FORMAT.search((git_dir / "config").read_bytes()):
            return None
        data = (git_dir / "index").read_bytes()
    except OSError:
        return None
    try:
        return _listing(data)
    except (ValueError, IndexError):
        return None


def _listing(data: bytes) -> bytes | None:
    """The listing of an index file's DATA, or None when it is not the plain case."""
    if len(data) < 12 + _HASH or data[:4] != b"DIRC":
        return None
    trailer = data[-_HASH:]
    if trailer != bytes(_HASH) and hashlib.sha1(data[:-_HASH]).digest() != trailer:  # all zeros: index.skipHash
        return None
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4):
        return None
    out: list[bytes] = []
    position, previous = 12, b""
    end = len(data) - _HASH
    for _ in range(count):
        start = position
        mode = int.from_bytes(data[start + 24:start + 28], "big")
        object_id = data[start + 40:start + 40 + _HASH].hex().encode()
        flags = int.from_bytes(data[start + _FIXED - 2:start + _FIXED], "big")
        position = start + _FIXED
        if flags & _EXTENDED:
            if version < 3:
                return None
            position += 2
        if version == 4:
            strip, position = _varint(data, position)
            if strip > len(previous):
                return None
            stop = data.index(b"\0", position)
            path = previous[:len(previous) - strip] + data[position:stop]
            position = stop + 1
        else:
            stop = data.index(b"\0", position)
            path = data[position:stop]
            position = start + ((stop - start) // 8 + 1) * 8  # 1 to 8 NULs pad the entry to a multiple of 8
        if position > end or ((flags & _NAME_MASK) != _NAME_MASK and (flags & _NAME_MASK) != len(path)):
            return None
        previous = path
        out.append(b"%06o %s %d\t%s\0" % (mode, object_id, (flags >> 12) & 3, path))
    while position + 8 <= end:  # extensions: a 4-byte signature, a 4-byte size, the data
        if data[position:position + 4] in _UNSUPPORTED:
            return None
        position += 8 + int.from_bytes(data[position + 4:position + 8], "big")
    return b"".join(out)


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """git's offset varint at POSITION (each continued byte adds one before shifting): (value, next position)."""
    byte = data[position]
    value = byte & 0x7F
    position += 1
    while byte & 0x80:
        byte = data[position]
        value = ((value + 1) << 7) | (byte & 0x7F)
        position += 1
    return value, position
