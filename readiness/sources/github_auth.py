"""Where the GitHub API is and how to authenticate: the API URL, the web host, the token (flag, environment or gh), redaction."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from urllib.parse import urlsplit

from readiness.errors import InputError


API_URL = "https://api.github.com"


def api_url_from(option: str | None, env: dict[str, str] | None = None) -> str:
    """The API base URL: --api-url, then GITHUB_API_URL, then api.github.com."""
    env = os.environ if env is None else env
    url = (option or env.get("GITHUB_API_URL") or API_URL).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        raise InputError(f"{url}: not a usable API URL (expected https://HOST[/api/v3])")
    return url


def web_host(api_url: str) -> str:
    """The host people and git use: github.com for api.github.com, the same host for Enterprise."""
    host = urlsplit(api_url).hostname or ""
    return "github.com" if host == "api.github.com" else host


def resolve_token(option: str | None, api_url: str = API_URL, env: dict[str, str] | None = None) -> str | None:
    """The token: --token, GH_TOKEN, GITHUB_TOKEN, then `gh auth token` when gh is installed."""
    env = os.environ if env is None else env
    for value in (option, env.get("GH_TOKEN"), env.get("GITHUB_TOKEN")):
        if value and value.strip():
            return value.strip()
    return _gh_token(web_host(api_url))


def _gh_token(host: str) -> str | None:
    """Ask the gh CLI for its token for HOST (quietly None when gh is absent or logged out)."""
    gh = shutil.which("gh")
    if not gh or not host:
        return None
    try:
        done = subprocess.run([gh, "auth", "token", "--hostname", host], capture_output=True, text=True, timeout=10,
                              stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    token = done.stdout.strip()
    return token if done.returncode == 0 and token and " " not in token else None


def redact(text: str, token: str | None) -> str:
    """TEXT with every occurrence of the token replaced."""
    return text.replace(token, "***") if token else text


class TokenFilter(logging.Filter):
    """A logging filter that removes the token from every record, whoever logs it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message, redact it, keep the record."""
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = redact(message, self.token), None
        return True
