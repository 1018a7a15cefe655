"""Documentation checks DOC005-DOC012 on the repository's files: licence, dependencies declared and pinned, ignores, junk, large files, secrets."""

from __future__ import annotations

import fnmatch
import re

from checks.support.code_graph import has_code, repo_paths
from checks.support.common import declared_distributions, first_evidence, is_declared, third_party_imports, unparsed
from checks.support.library import library_evidence
from checks.support.registry import check
from readiness.facts.credentials import LOCAL_DEFAULTS
from readiness.facts.manifests import manifest_kind
from readiness.facts.model import RepoFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed, unknown

DOC = Dimension.DOCUMENTATION


MANIFEST_SEARCH = (
    "requirements*.txt", "requirements/*.txt", "pyproject.toml", "setup.cfg", "setup.py (read as AST)",
    "environment.yml/.yaml", "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock", "conda-lock.yml",
)
LICENSE_NAMES = re.compile(r"(?i)^(licen[cs]e|copying)(\.[a-z]+)?$")
JUNK_DIRS = ("__pycache__/", ".ipynb_checkpoints/", ".pytest_cache/", ".mypy_cache/", ".ruff_cache/", ".venv/", "venv/", "site-packages/", "node_modules/", ".tox/")
JUNK_FILES = (
    (re.compile(r"(^|/)\.DS_Store$"), ".DS_Store"),
    (re.compile(r"\.py[co]$"), "compiled Python"),
    (re.compile(r"(^|/)\.coverage(\.|$)"), "coverage data file"),
    (re.compile(r"(^|/)(mlruns|wandb|lightning_logs)/"), "experiment-tracker run folder"),
    (re.compile(r"(^|/)Thumbs\.db$"), "Thumbs.db"),
    (re.compile(r"(^|/)\.idea/|(^|/)\.vscode/.*\.log$"), "editor state"),
)
JUNK_HINT = re.compile(r"\.DS_Store|\.py[co]|\.coverage|mlruns/|wandb/|lightning_logs/|Thumbs\.db|\.idea/|\.vscode/")
"""Text one of which every match of a JUNK_FILES pattern holds (one quick search rules a path out)."""
LARGE = 10 * 1024 * 1024
ENV_FILE = re.compile(r"(^|/)\.env$")
ENV_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.+?)\s*$", re.MULTILINE)
PLACEHOLDER_VALUE = re.compile(r"(?i)^[\"']?(|your[\w-]*|changeme|change_me|xxx+|<.*>|\$\{.*\}|\$\(.*\)|\$[A-Z_][A-Z0-9_]*|none|null|todo|example|test|dummy|placeholder)[\"']?$")
SECRET_NAME = re.compile(r"(?i)(pass(word|wd)?|secret|token|api_?key|private_?key|access_?key|credentials?|auth)$|_key$")
URL_PASSWORD = re.compile(r"://[^:/@\s]+:([^@\s]+)@")


@check(
    id="DOC005",
    slug="license-present",
    dimension=DOC,
    title="The repository has a licence",
    remediation="Add a LICENSE file (MIT or Apache-2.0 are common for portfolio projects) so others may reuse your code.",
    effort=Effort.LOW,
    weight=1,
)
def license_present(facts: RepoFacts) -> Verdict:
    """A LICENSE/LICENCE/COPYING file at the root, or a licence declared in pyproject.toml.

    Minor for hiring, but without one nobody may legally reuse or contribute to the code.
    Source: Cookiecutter Data Science layout and the Papers with Code template (signals.md M8).
    """
    files = [f for f in facts.files if "/" not in f.path and LICENSE_NAMES.match(f.name)]
    if files:
        return passed("licence file present", Evidence("licence file", files[0].path))
    pyproject = facts.text("pyproject.toml") or ""
    if re.search(r"(?m)^\s*license\s*=", pyproject):
        return passed("licence declared in pyproject.toml", Evidence("license field", "pyproject.toml"))
    return failed("no licence", searched=("LICENSE*", "LICENCE*", "COPYING*", "pyproject.toml license"))


@check(
    id="DOC006",
    slug="dependencies-declared",
    dimension=DOC,
    title="The third-party packages the code imports are declared in a dependency file",
    remediation="Declare every package you import in requirements.txt or pyproject.toml (e.g. scikit-learn for `import sklearn`).",
    effort=Effort.LOW,
    weight=3,
)
def dependencies_declared(facts: RepoFacts) -> Verdict:
    """Compares the third-party imports of every .py file and notebook with the packages declared in the
    repository's manifests, found anywhere in the tree (not only at the root): requirements*.txt,
    requirements/*.txt, pyproject.toml (PEP 621 and Poetry), setup.cfg, setup.py (read as an AST, never
    run), environment.yml/.yaml, Pipfile and lock files.

    Import names are mapped to distribution names (sklearn → scikit-learn, cv2 → opencv-python, PIL →
    pillow, yaml → PyYAML, bs4 → beautifulsoup4...); the standard library and the repository's own
    modules are excluded; a package that a declared one always installs (numpy with pandas, matplotlib
    with seaborn...) counts as declared. Any undeclared import fails, scored by the share declared: one
    missing package is enough to break a fresh install.
    Source: Pimentel et al. (EMSE 2021): only 8.78% of repositories with notebooks declared dependencies
    (signals.md N6).
    """
    imports = third_party_imports(facts)
    if not imports:
        if not has_code(facts):
            return not_applicable("no Python code or notebooks")
        return not_applicable("the code imports only the standard library and its own modules")
    declared = declared_distributions(facts)
    refused = unparsed(facts, manifest_kind)
    if not facts.manifests and not refused:
        ev = [imports[root] for root in sorted(imports)]
        return failed(f"{len(imports)} third-party package(s) imported, none declared", *first_evidence(ev), searched=MANIFEST_SEARCH)
    missing = sorted(root for root in imports if not is_declared(root, declared))
    if missing and refused:
        return unknown(f"{len(missing)} imported package(s) not found in the manifests read ({', '.join(missing[:8])}); "
                       f"{len(refused)} manifest(s) over a parsing limit were not read", *refused[:3])
    share = 1 - len(missing) / len(imports)
    manifests = ", ".join(m.path for m in facts.manifests[:3])
    if not missing:
        return passed(f"all {len(imports)} imported packages are declared ({manifests})", Evidence("manifests", manifests))
    evidence = first_evidence([imports[root] for root in missing])
    names = ", ".join(missing[:8])
    return failed(f"{len(missing)} of {len(imports)} imported packages are not declared: {names}", *evidence, score=round(10 * share, 1))


@check(
    id="DOC007",
    slug="dependencies-pinned",
    dimension=DOC,
    title="An application's dependency versions are pinned or locked",
    remediation="Pin versions (`package==1.2.3`) or commit a lock file (uv.lock, poetry.lock, pip-compile output) so the project installs the same way next year.",
    effort=Effort.LOW,
    weight=2,
)
def dependencies_pinned(facts: RepoFacts) -> Verdict:
    """Re-running a project a year later fails when unpinned dependencies have moved on. Passes with a lock
    file, or when at least 80% of declared requirements fix a version (==, ~=, ===, conda's =).

    A library is different: it should declare ranges so it installs next to other packages; for a library
    (a declared package with its importable folder and no application around it, see DEP001)
    without a lock file the check is not applicable. Source: Pimentel et al. and Julynter's guideline "pin
    the versions of every package"; installing declared dependencies failed for 59.30% of the notebooks
    that had any (signals.md N7).
    """
    locks = [m for m in facts.manifests if m.is_lock]
    if locks:
        return passed(f"lock file {locks[0].path}", Evidence("lock file", locks[0].path))
    if refused := unparsed(facts, manifest_kind):
        return unknown(f"{len(refused)} manifest(s) over a parsing limit were not read; how the versions are pinned is unknown", *refused[:3])
    if not facts.manifests:
        return not_applicable("no dependency manifest")
    reqs = [r for m in facts.manifests for r in m.requirements]
    if not reqs:
        return not_applicable("the manifests declare no packages")
    if library_evidence(facts):
        return not_applicable("a library declares version ranges; pinning is for applications")
    pinned, unpinned = [], []
    for r in reqs:
        (pinned if r.pinned or r.spec.startswith("=") else unpinned).append(r)
    share = len(pinned) / len(reqs)
    loose = [Evidence(f"{r.name}{r.spec or ' (no version)'}", r.path, r.line) for r in unpinned]
    if share >= 0.8:
        return passed(f"{len(pinned)} of {len(reqs)} requirements pinned", *first_evidence(loose, 3), score=round(10 * share, 1))
    return failed(f"only {len(pinned)} of {len(reqs)} requirements pinned, and no lock file", *first_evidence(loose), score=round(10 * share, 1))


@check(
    id="DOC008",
    slug="no-freeze-dump",
    dimension=DOC,
    title="Requirements list the project's needs, not a dump of a whole environment",
    remediation="Replace the `pip freeze` dump with the packages the project imports (use pip-tools or uv to pin them and their dependencies).",
    effort=Effort.LOW,
    weight=1,
)
def no_freeze_dump(facts: RepoFacts) -> Verdict:
    """A raw `pip freeze` of a whole environment (Jupyter's own packages such as ipykernel and traitlets,
    `@ file:///` paths from conda builds, dozens of exact pins) installs badly elsewhere and hides what the
    project needs. Source: Cookiecutter Data Science and signals.md N7's trap.
    """
    reqs = [m for m in facts.manifests if m.kind == "requirements"]
    if not reqs:
        return not_applicable("no requirements files")
    dumps = [m for m in reqs if m.freeze_like]
    if dumps:
        ev = [Evidence(f"{len(m.requirements)} pinned packages, including environment-only ones or file:// paths", m.path) for m in dumps]
        return failed("a requirements file is a dump of a whole environment", *ev)
    return passed("requirements files look curated", *(Evidence(f"{len(m.requirements)} packages", m.path) for m in reqs[:3]))


@check(
    id="DOC009",
    slug="gitignore-present",
    dimension=DOC,
    title="A .gitignore keeps environments, caches and data out of the repository",
    remediation="Add a .gitignore (GitHub's Python template) listing .venv/, __pycache__/, .ipynb_checkpoints/, data/ and .env.",
    effort=Effort.LOW,
    weight=1,
)
def gitignore_present(facts: RepoFacts) -> Verdict:
    """A .gitignore at the root. Source: Cookiecutter Data Science ("data mostly stays out of source
    control"; "keep secrets out of version control")."""
    if ".gitignore" in repo_paths(facts):
        lines = [ln for ln in (facts.text(".gitignore") or "").splitlines() if ln.strip() and not ln.startswith("#")]
        return passed(f".gitignore with {len(lines)} patterns", Evidence(f"{len(lines)} patterns", ".gitignore"))
    return failed("no .gitignore", searched=(".gitignore at the root",))


@check(
    id="DOC010",
    slug="no-junk-committed",
    dimension=DOC,
    title="No caches, environments or editor state are committed",
    remediation="Remove the committed caches (`git rm -r --cached __pycache__ .ipynb_checkpoints`) and add them to .gitignore.",
    effort=Effort.LOW,
    weight=1,
)
def no_junk_committed(facts: RepoFacts) -> Verdict:
    """Committed __pycache__/, .ipynb_checkpoints/, virtual environments, site-packages, .DS_Store,
    compiled .pyc files, a .coverage data file, or experiment-tracker run folders (mlruns/, wandb/) tell a
    reviewer the repository was pushed without care. Source: signals.md Q8 and pynblint's trap (a
    committed .coverage file is an artifact, not evidence of tests).
    """
    evidence = [Evidence(f"{count} tracked file(s) under {path}", path) for path, count in facts.skipped if path.rstrip("/").rsplit("/", 1)[-1] + "/" in JUNK_DIRS]
    for info in facts.files:
        if not JUNK_HINT.search(info.path):
            continue
        for pattern, label in JUNK_FILES:
            if pattern.search(info.path):
                evidence.append(Evidence(label, info.path))
                break
    if evidence:
        return failed(f"{len(evidence)} kind(s) of junk committed", *first_evidence(evidence))
    return passed("no caches or environment files committed", searched=("__pycache__/", ".ipynb_checkpoints/", "virtual environments", ".DS_Store", "*.pyc", ".coverage", "mlruns/", "wandb/"))


def _lfs_patterns(facts: RepoFacts) -> list[str]:
    """Patterns that .gitattributes routes through Git LFS."""
    text = facts.text(".gitattributes") or ""
    return [line.split()[0] for line in text.splitlines() if "filter=lfs" in line and line.split()]


def _lfs_tracked(path: str, patterns: list[str]) -> bool:
    """Whether PATH matches a Git LFS pattern."""
    name = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(path, p.lstrip("/")) or fnmatch.fnmatch(name, p) or path.startswith(p.rstrip("*").lstrip("/")) and p.endswith("/**") for p in patterns)


@check(
    id="DOC011",
    slug="large-files-managed",
    dimension=DOC,
    title="Large files are kept out of git or stored with Git LFS or DVC",
    remediation="Move files over 10 MB to Git LFS or DVC (or a release asset / download script) and remove them from history.",
    effort=Effort.MEDIUM,
    weight=2,
)
def large_files_managed(facts: RepoFacts) -> Verdict:
    """Tracked files over 10 MB that are neither Git LFS files (a `filter=lfs` pattern in .gitattributes)
    nor DVC-managed. GitHub warns at 50 MB and rejects 100 MB; large blobs make every clone slow.
    Sizes come from the file system, never by reading the file. Source: pynblint's
    large-data-file-not-versioned rule (10 MB), without its trap of counting files inside .git (signals.md N14).
    """
    patterns = _lfs_patterns(facts)
    dvc = any(p.endswith(".dvc") or p in ("dvc.yaml", "dvc.lock") for p in repo_paths(facts))
    large = [f for f in facts.files if (f.size or 0) > LARGE and not _lfs_tracked(f.path, patterns)]
    unsized = sum(1 for f in facts.files if f.size is None) if facts.sparse else 0
    if not large and unsized:  # a blobless clone downloads only what the facts read: other sizes are unknown
        return unknown(f"sizes of {unsized} file(s) not downloaded from GitHub are unknown", searched=("tracked files over 10 MB",))
    if not large:
        return passed("no file over 10 MB outside Git LFS/DVC", searched=("tracked files over 10 MB",))
    if dvc:
        large = [f for f in large if f"{f.path}.dvc" not in repo_paths(facts)]
    if not large:
        return passed("large files are DVC-managed")
    ev = [Evidence(f"{f.size / 1024 / 1024:.0f} MB", f.path) for f in sorted(large, key=lambda f: -(f.size or 0))]
    return failed(f"{len(large)} file(s) over 10 MB committed without Git LFS or DVC", *first_evidence(ev))


def _real_value(value: str) -> bool:
    """Whether a value looks like a real secret: not a placeholder, a reference or a local service's default password."""
    return not PLACEHOLDER_VALUE.match(value) and value.lower() not in LOCAL_DEFAULTS and len(value) >= 6


def _env_secret(name: str, raw: str) -> bool:
    """Whether a .env assignment commits a secret: a secret-named variable, or a URL with a password, holding a real-looking value."""
    value = raw.split(" #", 1)[0].strip().strip("\"'")
    if match := URL_PASSWORD.search(value):
        return _real_value(match.group(1))
    return bool(SECRET_NAME.search(name)) and _real_value(value)


@check(
    id="DOC012",
    slug="no-secrets-committed",
    dimension=DOC,
    title="No API keys, tokens or private keys are committed",
    remediation="Revoke the exposed key now, remove it from the code and history, and read secrets from environment variables (.env kept out of git).",
    effort=Effort.LOW,
    weight=5,
)
def no_secrets_committed(facts: RepoFacts) -> Verdict:
    """Known token formats (AWS, GitHub, OpenAI, Anthropic, Hugging Face, Google, Slack, Stripe), private
    keys, and hard-coded values assigned to names like api_key/secret/token/password with high entropy,
    in tracked files, notebook sources and notebook outputs; plus a committed .env file with real values.

    Evidence shows where, never the secret: a short prefix and the length. Placeholders (your_api_key,
    <TOKEN>, ${VAR}) and references to where a secret comes from (Makefile `$(VAR)`, shell `${VAR}`/`$VAR`,
    `os.environ[...]`/`os.getenv(...)`, `${{ secrets.X }}`) are ignored, and so are made-up values in test
    files (`password = "legacy-test-token"`, "fake", "dummy"). In a .env file, secret-named variables
    (…PASSWORD, …TOKEN, …SECRET, …_KEY) and URLs with a password count, unless the value is a placeholder
    or the default password of a local development service (postgres, minioadmin, guest...).
    A committed secret is a hard fail for any reviewer.
    Source: Cookiecutter Data Science; signals.md Q8.
    """
    evidence = [Evidence(f"{hit.kind}: {hit.redacted}", hit.path, hit.line, hit.cell) for hit in facts.secrets]
    flagged = {hit.path for hit in facts.secrets}
    for path, kept in facts.texts.items():
        if ENV_FILE.search(path) and path not in flagged:
            real = [m.group(1) for m in ENV_ASSIGNMENT.finditer(kept.text) if _env_secret(m.group(1), m.group(2))]
            if real:
                evidence.append(Evidence(f".env file with values for {', '.join(real[:4])} (values redacted)", path))
    if evidence:
        return failed(f"{len(evidence)} likely secret(s) committed", *first_evidence(evidence, 8))
    return passed("no secrets found", searched=("token formats", "private keys", "hard-coded credentials", ".env files", "notebook outputs"))
