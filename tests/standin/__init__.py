"""Test stand-in for GitHub's REST API and git smart HTTP, checked against GitHub's OpenAPI description."""

from .faults import FAULT_KINDS, Fault, FaultKind
from .openapi import OpenAPIValidator, default_cache_dir, ensure_openapi
from .server import GitHubStandIn, RequestRecord, ServedBody
from .world import IssueOrPR, Repo, User, World, synthetic_id, world_of_size

__all__ = [
    "FAULT_KINDS", "Fault", "FaultKind", "GitHubStandIn", "IssueOrPR", "OpenAPIValidator", "Repo",
    "RequestRecord", "ServedBody", "User", "World", "default_cache_dir", "ensure_openapi",
    "synthetic_id", "world_of_size",
]
