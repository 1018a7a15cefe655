"""Recognise CI configuration files and parse them with YAML's safe loader."""

from __future__ import annotations

from typing import Any

from readiness.facts.bounded import ParseError, Refused, load_yaml
from readiness.facts.model import Workflow


def ci_system(path: str) -> str | None:
    """Which CI system a path configures, or None."""
    lower = path.lower()
    if lower.startswith(".github/workflows/") and lower.endswith((".yml", ".yaml")) and lower.count("/") == 2:
        return "github-actions"
    return {
        ".gitlab-ci.yml": "gitlab",
        ".circleci/config.yml": "circleci",
        ".circleci/config.yaml": "circleci",
        "azure-pipelines.yml": "azure-pipelines",
        "azure-pipelines.yaml": "azure-pipelines",
        ".travis.yml": "travis",
        "bitbucket-pipelines.yml": "bitbucket",
        "jenkinsfile": "jenkins",
    }.get(lower)


def _normalise(data: Any, depth: int = 0) -> Any:
    """YAML 1.1 reads the key `on` as True: give it back its name (recursively, bounded)."""
    if depth > 50:
        return None
    if isinstance(data, dict):
        return {("on" if key is True else str(key)): _normalise(value, depth + 1) for key, value in data.items()}
    if isinstance(data, list):
        return [_normalise(item, depth + 1) for item in data[:10_000]]
    return data


def parse_workflow(path: str, system: str, text: str) -> Workflow:
    """Parse one CI file; YAML errors are kept on the record, never raised."""
    if system == "jenkins":
        return Workflow(path, system, text, None, None)
    try:
        data = load_yaml(text)
    except Refused as exc:
        return Workflow(path, system, text, None, str(exc), refused=True)
    except ParseError as exc:
        return Workflow(path, system, text, None, str(exc))
    return Workflow(path, system, text, _normalise(data), None)
