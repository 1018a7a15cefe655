"""Build JSON bodies shaped like api.github.com's from World objects."""

from __future__ import annotations

import base64
from typing import Any

from .world import IssueOrPR, Repo, User, World

WEB = "https://github.com"
DOCS = "https://docs.github.com/rest"
API_VERSION = "2022-11-28"

_LICENSES: dict[str, tuple[str, str]] = {
    "MIT": ("mit", "MIT License"),
    "Apache-2.0": ("apache-2.0", "Apache License 2.0"),
    "GPL-2.0": ("gpl-2.0", "GNU General Public License v2.0"),
    "GPL-3.0": ("gpl-3.0", "GNU General Public License v3.0"),
    "LGPL-3.0": ("lgpl-3.0", "GNU Lesser General Public License v3.0"),
    "AGPL-3.0": ("agpl-3.0", "GNU Affero General Public License v3.0"),
    "BSD-2-Clause": ("bsd-2-clause", 'BSD 2-Clause "Simplified" License'),
    "BSD-3-Clause": ("bsd-3-clause", 'BSD 3-Clause "New" or "Revised" License'),
    "MPL-2.0": ("mpl-2.0", "Mozilla Public License 2.0"),
    "Unlicense": ("unlicense", "The Unlicense"),
    "CC0-1.0": ("cc0-1.0", "Creative Commons Zero v1.0 Universal"),
    "CC-BY-4.0": ("cc-by-4.0", "Creative Commons Attribution 4.0 International"),
}


def node_id(kind: str, number: int) -> str:
    """A legacy-style GraphQL node id (base64 of `0NN:KindNUMBER`)."""
    raw = f"0{len(kind):02d}:{kind}{number}".encode()
    return base64.b64encode(raw).decode()


def simple_user(api: str, login: str, user_id: int, site_admin: bool = False) -> dict[str, Any]:
    """The `simple-user` object embedded as owner/user in other payloads."""
    u = f"{api}/users/{login}"
    return {
        "login": login, "id": user_id, "node_id": node_id("User", user_id),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4", "gravatar_id": "",
        "url": u, "html_url": f"{WEB}/{login}", "followers_url": f"{u}/followers",
        "following_url": f"{u}/following{{/other_user}}", "gists_url": f"{u}/gists{{/gist_id}}",
        "starred_url": f"{u}/starred{{/owner}}{{/repo}}", "subscriptions_url": f"{u}/subscriptions",
        "organizations_url": f"{u}/orgs", "repos_url": f"{u}/repos", "events_url": f"{u}/events{{/privacy}}",
        "received_events_url": f"{u}/received_events", "type": "User", "user_view_type": "public",
        "site_admin": site_admin,
    }


def public_user(api: str, user: User, public_repos: int) -> dict[str, Any]:
    """The `public-user` body of `GET /users/{login}`."""
    body = simple_user(api, user.login, user.id, user.site_admin)
    body["type"] = user.type
    body.update(
        name=user.name, company=user.company, blog=user.blog, location=user.location,
        email=user.email, hireable=user.hireable, bio=user.bio, twitter_username=user.twitter_username,
        public_repos=public_repos, public_gists=user.public_gists, followers=user.followers,
        following=user.following, created_at=user.created_at, updated_at=user.updated_at or user.created_at,
    )
    return body


def license_simple(spdx: str | None) -> dict[str, Any] | None:
    """The `license` object in repository payloads (None when the repo has no licence)."""
    if spdx is None:
        return None
    if spdx == "NOASSERTION":
        return {"key": "other", "name": "Other", "spdx_id": "NOASSERTION", "url": None,
                "node_id": "MDc6TGljZW5zZTA="}
    key, name = _LICENSES.get(spdx, (spdx.lower(), spdx))
    return {"key": key, "name": name, "spdx_id": spdx, "url": f"https://api.github.com/licenses/{key}",
            "node_id": node_id("License", sum(map(ord, key)))}


def _repo_urls(api: str, full: str) -> dict[str, str]:
    """The many `*_url` fields of a repository payload."""
    r = f"{api}/repos/{full}"
    templated = {
        "keys": "/keys{/key_id}", "collaborators": "/collaborators{/collaborator}",
        "issue_events": "/issues/events{/number}", "assignees": "/assignees{/user}",
        "branches": "/branches{/branch}", "blobs": "/git/blobs{/sha}", "git_tags": "/git/tags{/sha}",
        "git_refs": "/git/refs{/sha}", "trees": "/git/trees{/sha}", "statuses": "/statuses/{sha}",
        "commits": "/commits{/sha}", "git_commits": "/git/commits{/sha}", "comments": "/comments{/number}",
        "issue_comment": "/issues/comments{/number}", "contents": "/contents/{+path}",
        "compare": "/compare/{base}...{head}", "archive": "/{archive_format}{/ref}",
        "issues": "/issues{/number}", "pulls": "/pulls{/number}", "milestones": "/milestones{/number}",
        "notifications": "/notifications{?since,all,participating}", "labels": "/labels{/name}",
        "releases": "/releases{/id}",
    }
    plain = ("forks", "teams", "hooks", "events", "tags", "languages", "stargazers", "contributors",
             "subscribers", "subscription", "merges", "downloads", "deployments")
    urls = {f"{k}_url": r + suffix for k, suffix in templated.items()}
    urls.update({f"{k}_url": f"{r}/{k}" for k in plain})
    return urls


def minimal_repository(api: str, world: World, repo: Repo) -> dict[str, Any]:
    """One item of `GET /users/{login}/repos` (`minimal-repository` plus licence, as GitHub sends)."""
    full = repo.full_name
    body: dict[str, Any] = {
        "id": repo.id, "node_id": node_id("Repository", repo.id), "name": repo.name, "full_name": full,
        "private": False, "owner": simple_user(api, repo.owner, world.id_of(repo.owner)),
        "html_url": f"{WEB}/{full}", "description": repo.description, "fork": repo.fork,
        "url": f"{api}/repos/{full}",
    }
    body.update(_repo_urls(api, full))
    updated = repo.updated_at or repo.pushed_at or repo.created_at
    body.update(
        created_at=repo.created_at, updated_at=updated, pushed_at=repo.pushed_at or repo.created_at,
        git_url=f"git://github.com/{full}.git", ssh_url=f"git@github.com:{full}.git",
        clone_url=f"{api}/git/{full}.git", svn_url=f"{WEB}/{full}", homepage=repo.homepage,
        size=repo.size, stargazers_count=repo.stargazers_count, watchers_count=repo.stargazers_count,
        language=repo.language, has_issues=True, has_projects=True, has_downloads=True, has_wiki=True,
        has_pages=repo.has_pages, has_discussions=False, forks_count=repo.forks_count, mirror_url=None,
        archived=repo.archived, disabled=False, open_issues_count=repo.open_issues_count,
        license=license_simple(repo.license), allow_forking=True, is_template=repo.is_template,
        web_commit_signoff_required=False, topics=list(repo.topics), visibility="public",
        forks=repo.forks_count, open_issues=repo.open_issues_count, watchers=repo.stargazers_count,
        default_branch=repo.default_branch,
    )
    return body


def _label(api: str, repo: str, name: str) -> dict[str, Any]:
    """A label object inside an issue payload."""
    label_id = 4_000_000 + sum(map(ord, repo + name))
    return {"id": label_id, "node_id": node_id("Label", label_id), "url": f"{api}/repos/{repo}/labels/{name}",
            "name": name, "color": "ededed", "default": False, "description": None}


def _reactions(url: str) -> dict[str, Any]:
    """An all-zero `reaction-rollup`."""
    counts = dict.fromkeys(("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"), 0)
    return {"url": url, "total_count": 0, **counts}


def issue_search_item(api: str, world: World, item: IssueOrPR) -> dict[str, Any]:
    """One `issue-search-result-item` of `GET /search/issues`."""
    issue = f"{api}/repos/{item.repo}/issues/{item.number}"
    kind = "pull" if item.is_pull_request else "issues"
    assignee = simple_user(api, item.assignee, world.id_of(item.assignee)) if item.assignee else None
    body: dict[str, Any] = {
        "url": issue, "repository_url": f"{api}/repos/{item.repo}", "labels_url": f"{issue}/labels{{/name}}",
        "comments_url": f"{issue}/comments", "events_url": f"{issue}/events",
        "html_url": f"{WEB}/{item.repo}/{kind}/{item.number}", "id": item.id,
        "node_id": node_id("PullRequest" if item.is_pull_request else "Issue", item.id),
        "number": item.number, "title": item.title, "user": simple_user(api, item.author, world.id_of(item.author)),
        "labels": [_label(api, item.repo, name) for name in item.labels], "state": item.state,
        "locked": False, "assignee": assignee, "assignees": [assignee] if assignee else [], "milestone": None, "comments": item.comments,
        "created_at": item.created_at, "updated_at": item.updated_at or item.closed_at or item.created_at,
        "closed_at": item.closed_at, "author_association": item.author_association, "type": None,
        "active_lock_reason": None, "reactions": _reactions(f"{issue}/reactions"),
        "timeline_url": f"{issue}/timeline", "performed_via_github_app": None,
        "state_reason": _state_reason(item), "score": 1.0,
    }
    if item.body is not None:  # the description types `body` as a non-nullable string
        body["body"] = item.body
    if item.is_pull_request:
        body["draft"] = item.draft
        body["pull_request"] = _pull_request_links(api, item)
    else:
        body["sub_issues_summary"] = {"total": 0, "completed": 0, "percent_completed": 0}
    return body


def _state_reason(item: IssueOrPR) -> str | None:
    """GitHub's `state_reason` (issues only; PRs have null)."""
    if item.is_pull_request or item.state == "open":
        return None
    return "completed"


def _pull_request_links(api: str, item: IssueOrPR) -> dict[str, Any]:
    """The `pull_request` object of a search hit, including `merged_at`."""
    html = f"{WEB}/{item.repo}/pull/{item.number}"
    return {"url": f"{api}/repos/{item.repo}/pulls/{item.number}", "html_url": html,
            "diff_url": f"{html}.diff", "patch_url": f"{html}.patch", "merged_at": item.merged_at}


def error_body(message: str, status: int, doc: str = DOCS, **extra: Any) -> dict[str, Any]:
    """GitHub's error body: message, documentation_url, status (as a string)."""
    return {"message": message, **extra, "documentation_url": doc, "status": str(status)}


def rate_limit_overview(buckets: dict[str, dict[str, int]]) -> dict[str, Any]:
    """`GET /rate_limit` body from per-resource {limit, remaining, reset, used} dicts."""
    resources = {name: {**b, "resource": name} for name, b in buckets.items()}
    return {"resources": resources, "rate": dict(resources["core"])}
