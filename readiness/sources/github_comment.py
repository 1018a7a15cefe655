"""One pull-request comment through the GitHub API: find ours by its hidden marker and update it, else create it.

GitHub treats a pull request as an issue for comments: list `GET /repos/{owner}/{repo}/issues/{number}/comments`
(ceil(C/100) requests for C comments), then `PATCH /repos/{owner}/{repo}/issues/comments/{id}` or `POST` to the
list. Only a comment that starts with the marker and was written by a bot (the workflow token writes as
github-actions[bot]) or by someone with write access counts as ours, so a contributor cannot make readiness
overwrite a comment of theirs by pasting the marker.
"""

from __future__ import annotations

from dataclasses import dataclass

from github import Auth, Github, GithubRetry

from readiness.errors import GatherError
from readiness.sources.github import PER_PAGE, RetryPolicy, classify

WRITERS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
"""Author associations of people who can edit any comment in the repository anyway."""
PERMISSION_HINT = "give the job `permissions: pull-requests: write`"


@dataclass(frozen=True, slots=True)
class Posted:
    """What was done: 'created' or 'updated', and the comment's web address."""

    action: str
    url: str


class CommentFailed(GatherError):
    """The comment could not be listed, created or updated (the message is safe to show)."""


def _ours(comment: object, marker: str) -> bool:
    """Whether COMMENT is one readiness wrote: it starts with MARKER, by a bot or by someone with write access."""
    body = getattr(comment, "body", None) or ""
    user = getattr(comment, "user", None)
    kind = getattr(user, "type", None) if user is not None else None
    association = str(getattr(comment, "author_association", "") or "")
    return body.startswith(marker) and (kind == "Bot" or association in WRITERS)


def upsert_comment(api_url: str, token: str, repo: str, number: int, body: str, marker: str,
                   policy: RetryPolicy = RetryPolicy(total=2)) -> Posted:
    """Update our comment on pull request NUMBER of REPO (OWNER/NAME) to BODY, or create it; CommentFailed otherwise."""
    retry = GithubRetry(total=policy.total, connect=policy.connect, backoff_factor=policy.backoff,
                        secondary_rate_wait=policy.secondary_wait, max_rate_limit_wait=policy.max_wait)
    gh = Github(auth=Auth.Token(token), base_url=api_url.rstrip("/"), per_page=PER_PAGE, timeout=int(policy.timeout),
                retry=retry, lazy=True)
    issue = gh.get_repo(repo).get_issue(number)  # lazy: no request until the comments are listed
    step = "list the comments of"
    try:
        existing = next((c for c in issue.get_comments() if _ours(c, marker)), None)
        if existing is not None:
            step = "update its comment on"
            existing.edit(body)
            return Posted("updated", existing.html_url)
        step = "comment on"
        return Posted("created", issue.create_comment(body).html_url)
    except Exception as exc:  # PyGithub, requests and json errors are classified, never shown raw
        failure = classify(exc, token)
        hint = f"; {PERMISSION_HINT}" if failure.message.startswith(("HTTP 403", "HTTP 401", "HTTP 404")) else ""
        raise CommentFailed(f"could not {step} pull request #{number} of {repo}: {failure.message}{hint}") from None
    finally:
        gh.close()
