"""Issue and pull-request comments for the stand-in: list, create and update, with GitHub's permission answers.

GitHub's REST API treats a pull request as an issue for comments (`/repos/{owner}/{repo}/issues/{number}/comments`).
A workflow token without `pull-requests: write` gets 403 "Resource not accessible by integration"; a write
without a token gets 401 "Requires authentication"; an unknown issue 404; an empty body 422.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from . import payloads
from .world import User

ACTIONS_BOT = User("github-actions[bot]", 41898282, type="Bot")
"""The account a workflow's GITHUB_TOKEN writes as."""
NOT_ACCESSIBLE = "Resource not accessible by integration"
COMMENT_DOCS = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
BODY_LIMIT = 65536
"""GitHub refuses comment bodies longer than this many characters (422, 'body is too long')."""


@dataclass
class Comment:
    """One stored comment (mutable: updates change body and updated_at)."""

    id: int
    repo: str
    number: int
    body: str
    user: User
    author_association: str
    created_at: str
    updated_at: str


@dataclass
class CommentBook:
    """Every comment the stand-in holds, thread-safe; ids count up like GitHub's."""

    comments: list[Comment] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1_000_001))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, repo: str, number: int, body: str, user: User, association: str = "NONE") -> Comment:
        """Store a comment (tests use this to seed other people's comments)."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self._lock:
            comment = Comment(next(self._ids), repo.lower(), number, body, user, association, now, now)
            self.comments.append(comment)
        return comment

    def on(self, repo: str, number: int) -> list[Comment]:
        """The comments of one issue or pull request, oldest first."""
        with self._lock:
            return [c for c in self.comments if c.repo == repo.lower() and c.number == number]

    def get(self, repo: str, comment_id: int) -> Comment | None:
        """One comment of a repository by id."""
        with self._lock:
            return next((c for c in self.comments if c.id == comment_id and c.repo == repo.lower()), None)

    def update(self, comment: Comment, body: str) -> None:
        """Replace a comment's body."""
        with self._lock:
            comment.body = body
            comment.updated_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def comment_payload(api: str, comment: Comment) -> dict[str, Any]:
    """The `issue-comment` body GitHub returns."""
    url = f"{api}/repos/{comment.repo}/issues/comments/{comment.id}"
    user = payloads.simple_user(api, comment.user.login, comment.user.id)
    user["type"] = comment.user.type
    return {
        "id": comment.id, "node_id": payloads.node_id("IssueComment", comment.id), "url": url,
        "html_url": f"{payloads.WEB}/{comment.repo}/pull/{comment.number}#issuecomment-{comment.id}",
        "body": comment.body, "user": user, "created_at": comment.created_at, "updated_at": comment.updated_at,
        "issue_url": f"{api}/repos/{comment.repo}/issues/{comment.number}",
        "author_association": comment.author_association, "performed_via_github_app": None,
        "reactions": {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "confused": 0,
                      "heart": 0, "hooray": 0, "eyes": 0, "rocket": 0},
    }


def body_error(body: Any) -> dict[str, Any] | None:
    """GitHub's 422 for a missing, empty or too long comment body, else None."""
    text = body.get("body") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return payloads.error_body("Validation Failed", 422, COMMENT_DOCS,
                                   errors=[{"resource": "IssueComment", "field": "body", "code": "missing_field"}])
    if len(text) > BODY_LIMIT:
        return payloads.error_body("Validation Failed", 422, COMMENT_DOCS,
                                   errors=[{"resource": "IssueComment", "code": "custom", "field": "body",
                                            "message": f"body is too long (maximum is {BODY_LIMIT} characters)"}])
    return None
