"""Frozen dataclasses describing the GitHub "world" a stand-in server exposes."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

AUTHOR_ASSOCIATIONS = frozenset(
    {"COLLABORATOR", "CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN",
     "MEMBER", "NONE", "OWNER"}
)


@dataclass(frozen=True)
class User:
    """A GitHub account as `GET /users/{login}` shows it (public view)."""

    login: str
    id: int
    name: str | None = None
    email: str | None = None
    blog: str = ""
    bio: str | None = None
    company: str | None = None
    location: str | None = None
    hireable: bool | None = None
    twitter_username: str | None = None
    followers: int = 0
    following: int = 0
    public_gists: int = 0
    site_admin: bool = False
    type: str = "User"
    created_at: str = "2020-01-01T00:00:00Z"
    updated_at: str | None = None
    pinned: tuple[str, ...] = ()
    """Repositories pinned on the profile (`owner/name`, in order), answered by the GraphQL `pinnedItems`."""


@dataclass(frozen=True)
class Repo:
    """A repository owned by `owner`; `git_path` is a local git repo to serve over smart HTTP."""

    owner: str
    name: str
    id: int
    fork: bool = False
    archived: bool = False
    size: int = 0
    default_branch: str = "main"
    language: str | None = None
    topics: tuple[str, ...] = ()
    description: str | None = None
    homepage: str | None = None
    stargazers_count: int = 0
    forks_count: int = 0
    open_issues_count: int = 0
    license: str | None = None
    has_pages: bool = False
    is_template: bool = False
    created_at: str = "2021-01-01T00:00:00Z"
    updated_at: str | None = None
    pushed_at: str | None = None
    git_path: Path | None = None

    @property
    def full_name(self) -> str:
        """`owner/name`."""
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True)
class IssueOrPR:
    """An issue or pull request authored by `author` in repository `repo` (`owner/name`)."""

    repo: str
    number: int
    title: str
    author: str
    id: int
    is_pull_request: bool = True
    created_at: str = "2023-01-01T00:00:00Z"
    updated_at: str | None = None
    closed_at: str | None = None
    merged_at: str | None = None
    state: str = "closed"
    author_association: str = "CONTRIBUTOR"
    comments: int = 0
    labels: tuple[str, ...] = ()
    draft: bool = False
    body: str | None = None
    assignee: str | None = None
    linked_pr: bool = False
    """An issue a pull request is linked to (what the `linked:pr` qualifier finds)."""

    @property
    def owner(self) -> str:
        """Login of the repository owner."""
        return self.repo.split("/", 1)[0]

    @property
    def merged(self) -> bool:
        """True for a merged pull request."""
        return self.is_pull_request and self.merged_at is not None


@dataclass(frozen=True)
class World:
    """Everything the stand-in knows: users, their repositories, issues and pull requests."""

    users: tuple[User, ...] = ()
    repos: tuple[Repo, ...] = ()
    items: tuple[IssueOrPR, ...] = field(default=())
    gone: tuple[str, ...] = ()
    """OWNER/NAME of repositories that no longer exist (renamed or deleted): a search naming one is refused."""

    def __post_init__(self) -> None:
        """Reject inconsistent worlds early (duplicate logins, repos, unknown enums)."""
        logins = [u.login.lower() for u in self.users]
        if len(set(logins)) != len(logins):
            raise ValueError("duplicate user login in World")
        names = [r.full_name.lower() for r in self.repos]
        if len(set(names)) != len(names):
            raise ValueError("duplicate repository in World")
        for item in self.items:
            if item.author_association not in AUTHOR_ASSOCIATIONS:
                raise ValueError(f"bad author_association {item.author_association!r}")
            if item.state not in ("open", "closed"):
                raise ValueError(f"bad state {item.state!r}")
            if item.merged_at and (not item.is_pull_request or item.state != "closed"):
                raise ValueError(f"{item.repo}#{item.number}: only closed pull requests can be merged")

    def user(self, login: str) -> User | None:
        """The user with this login (case-insensitive), if any."""
        wanted = login.lower()
        return next((u for u in self.users if u.login.lower() == wanted), None)

    def user_by_id(self, user_id: int) -> User | None:
        """The user with this numeric id, if any."""
        return next((u for u in self.users if u.id == user_id), None)

    def repos_of(self, login: str) -> tuple[Repo, ...]:
        """Repositories owned by `login` (case-insensitive)."""
        wanted = login.lower()
        return tuple(r for r in self.repos if r.owner.lower() == wanted)

    def repo(self, owner: str, name: str) -> Repo | None:
        """One repository by owner and name (case-insensitive)."""
        wanted = f"{owner}/{name}".lower()
        return next((r for r in self.repos if r.full_name.lower() == wanted), None)

    def id_of(self, login: str) -> int:
        """The numeric id of `login`: the World's, or a stable synthetic one."""
        user = self.user(login)
        return user.id if user else synthetic_id(login)


def synthetic_id(text: str) -> int:
    """A stable positive id derived from text (for accounts not listed in the World)."""
    value = 0
    for ch in text.lower():
        value = (value * 131 + ord(ch)) % 2_000_000_000
    return 10_000_000 + value


def _iso(moment: _dt.datetime) -> str:
    """Format a UTC datetime the way GitHub does (seconds, `Z`)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_LANGS = ("Python", "Jupyter Notebook", "Python", "C++", None, "TypeScript", "Python", "Rust")
_LICENSES = ("MIT", "Apache-2.0", None, "BSD-3-Clause", "GPL-3.0", None, "NOASSERTION")
_TOPICS = (("machine-learning", "pytorch"), (), ("nlp",), ("computer-vision", "deep-learning"), ())
_TARGETS = ("pytorch/pytorch", "huggingface/transformers", "scikit-learn/scikit-learn",
            "numpy/numpy", "pandas-dev/pandas", "mlflow/mlflow", "ray-project/ray")


def world_of_size(n_repos: int, n_merged_prs: int, login: str = "ada-learner") -> World:
    """A deterministic synthetic World: one user, `n_repos` repos, `n_merged_prs` external merged PRs."""
    base = _dt.datetime(2019, 3, 1, 12, 0, 0, tzinfo=_dt.UTC)
    user = User(
        login=login, id=synthetic_id(login), name="Ada Learner", email=None,
        blog="https://ada.example.org", bio="ML engineer in training", location="Berlin",
        followers=17, following=3, public_gists=2, created_at=_iso(base),
        updated_at=_iso(base + _dt.timedelta(days=1500)),
    )
    repos = tuple(_synthetic_repo(login, i, base) for i in range(n_repos))
    prs = tuple(_synthetic_pr(login, i, base) for i in range(n_merged_prs))
    return World(users=(user,), repos=repos, items=prs)


def _synthetic_repo(login: str, i: int, base: _dt.datetime) -> Repo:
    """The i-th synthetic repository of a generated World."""
    created = base + _dt.timedelta(days=3 * i, hours=i % 24)
    pushed = created + _dt.timedelta(days=30 + (i * 7) % 400, minutes=i % 60)
    return Repo(
        owner=login, name=f"project-{i:04d}", id=500_000_000 + i, fork=i % 10 == 9,
        archived=i % 17 == 16, size=(i * 37) % 5000, language=_LANGS[i % len(_LANGS)],
        topics=_TOPICS[i % len(_TOPICS)], description=f"Synthetic project number {i}" if i % 4 else None,
        homepage=f"https://{login}.github.io/project-{i:04d}" if i % 9 == 0 else None,
        stargazers_count=(i * 13) % 97, forks_count=(i * 5) % 11, license=_LICENSES[i % len(_LICENSES)],
        has_pages=i % 9 == 0, created_at=_iso(created), updated_at=_iso(pushed), pushed_at=_iso(pushed),
    )


def _synthetic_pr(login: str, i: int, base: _dt.datetime) -> IssueOrPR:
    """The i-th synthetic merged pull request to someone else's repository."""
    created = base + _dt.timedelta(days=i % 1500, hours=i % 24, minutes=i % 60)
    merged = created + _dt.timedelta(days=1 + i % 20)
    return IssueOrPR(
        repo=_TARGETS[i % len(_TARGETS)], number=1000 + i, title=f"Fix issue {i}", author=login,
        id=900_000_000 + i, is_pull_request=True, created_at=_iso(created), updated_at=_iso(merged),
        closed_at=_iso(merged), merged_at=_iso(merged), state="closed",
        author_association="FIRST_TIME_CONTRIBUTOR" if i < len(_TARGETS) else "CONTRIBUTOR",
        comments=i % 5,
    )
