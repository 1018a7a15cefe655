"""Serve local git repositories over smart HTTP by running `git http-backend` as CGI."""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import subprocess
import threading
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Protocol

# A git environment that ignores host and user configuration.
ISOLATED_GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0"}
_BARE_CONFIG = (("uploadpack.allowFilter", "true"), ("uploadpack.allowAnySHA1InWant", "true"),
                ("http.uploadpack", "true"), ("http.receivepack", "false"))
CHUNK = 64 * 1024


def _git_env() -> dict[str, str]:
    """The current environment minus GIT_* variables, plus isolation settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(ISOLATED_GIT_ENV)
    return env


def make_bare_mirror(source: Path, project_root: Path, full_name: str) -> Path:
    """`git clone --bare` `source` to `project_root/owner/name.git` and enable partial clone."""
    dest = project_root / f"{full_name}.git"
    dest.parent.mkdir(parents=True, exist_ok=True)
    env = _git_env()
    subprocess.run(["git", "clone", "--bare", "--quiet", str(source), str(dest)],
                   check=True, env=env, capture_output=True, timeout=120)
    for key, value in _BARE_CONFIG:
        subprocess.run(["git", "config", key, value], cwd=dest, check=True, env=env,
                       capture_output=True, timeout=30)
    return dest


class Reader(Protocol):
    """The part of a binary stream the body reader needs."""

    def read(self, size: int = ..., /) -> bytes: ...  # noqa: D102

    def readline(self, size: int = ..., /) -> bytes: ...  # noqa: D102


def read_request_body(headers: Mapping[str, str], rfile: Reader) -> bytes:
    """Read a request body (Content-Length or chunked) and undo gzip/deflate encoding.

    `headers` must have lower-cased names.
    """
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raw = _read_chunked(rfile)
    else:
        length = int(headers.get("content-length") or 0)
        raw = rfile.read(length) if length > 0 else b""
    encoding = headers.get("content-encoding", "").lower().strip()
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    return raw


def _read_chunked(rfile: Reader) -> bytes:
    """Decode an HTTP/1.1 chunked body."""
    parts = []
    while True:
        size_line = rfile.readline(1024)
        if not size_line:
            break
        size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            while rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                pass
            break
        parts.append(rfile.read(size))
        rfile.readline(1024)
    return b"".join(parts)


def cgi_environment(project_root: Path, *, method: str, path_info: str, query: str,
                    content_type: str, content_length: int, remote_addr: str,
                    git_protocol: str | None) -> dict[str, str]:
    """The CGI variables `git http-backend` needs."""
    env = _git_env()
    env.update(
        GIT_PROJECT_ROOT=str(project_root), GIT_HTTP_EXPORT_ALL="1", GATEWAY_INTERFACE="CGI/1.1",
        SERVER_PROTOCOL="HTTP/1.0", REQUEST_METHOD=method, PATH_INFO=path_info, QUERY_STRING=query,
        CONTENT_TYPE=content_type, CONTENT_LENGTH=str(content_length), REMOTE_ADDR=remote_addr,
    )
    if git_protocol:
        env["GIT_PROTOCOL"] = git_protocol
    return env


def run_http_backend(env: dict[str, str], body: bytes,
                     start: Callable[[int, list[tuple[str, str]]], None],
                     write: Callable[[bytes], None]) -> int:
    """Run `git http-backend`, call `start(status, headers)` once, stream the body via `write`.

    Returns the number of body bytes written.
    """
    proc = subprocess.Popen(["git", "http-backend"], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    feeder = threading.Thread(target=_feed, args=(proc.stdin, body), daemon=True)
    feeder.start()
    try:
        status, headers = _parse_cgi_headers(proc.stdout)
        start(status, headers)
        sent = 0
        while chunk := proc.stdout.read1(CHUNK):  # type: ignore[attr-defined]
            write(chunk)
            sent += len(chunk)
        return sent
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        feeder.join(timeout=5)


def _feed(stdin: IO[bytes], body: bytes) -> None:
    """Write the request body to the CGI and close its stdin."""
    try:
        if body:
            stdin.write(body)
    except (BrokenPipeError, ValueError):
        pass
    finally:
        with contextlib.suppress(BrokenPipeError, ValueError):
            stdin.close()


def _parse_cgi_headers(stdout: IO[bytes]) -> tuple[int, list[tuple[str, str]]]:
    """Read CGI response headers; `Status:` becomes the HTTP status (default 200)."""
    status = 200
    headers: list[tuple[str, str]] = []
    while True:
        line = stdout.readline(8192)
        if not line or line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("latin-1").rstrip("\r\n").partition(":")
        if name.lower() == "status":
            status = int(value.strip().split()[0])
        else:
            headers.append((name.strip(), value.strip()))
    return status, headers


def remove_tree(path: Path) -> None:
    """Delete a directory tree, ignoring errors."""
    shutil.rmtree(path, ignore_errors=True)
