"""GitHub's GraphQL API for the stand-in: queries answered from the World by executing them against GitHub's published
schema (`@octokit/graphql-schema`), and a validator for query documents and served answers."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, build_client_schema, execute_sync, parse, validate
from graphql.error import GraphQLError
from graphql.execution.values import get_variable_values
from graphql.language import OperationDefinitionNode

from .openapi import default_cache_dir, ensure_package
from .world import Repo, World

SCHEMA_PACKAGE = "@octokit/graphql-schema"
SCHEMA_VERSION = "15.26.1"
_SCHEMA_RELPATH = Path("node_modules/@octokit/graphql-schema/schema.json")
WEB = "https://github.com"
NEEDS_TOKEN = {
    "message": "This endpoint requires you to be authenticated.",
    "documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
}


def ensure_graphql_schema(cache_dir: Path | None = None) -> Path:
    """Install `@octokit/graphql-schema` (pinned) into the test cache if needed; return its schema.json."""
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return ensure_package(root, SCHEMA_PACKAGE, SCHEMA_VERSION, _SCHEMA_RELPATH)


@functools.lru_cache(maxsize=2)
def load_schema(path: str | None = None) -> GraphQLSchema:
    """GitHub's GraphQL schema from the package's introspection JSON (once per process)."""
    with open(path or ensure_graphql_schema(), "rb") as fh:
        data = json.load(fh)
    schema = build_client_schema(data.get("data", data))
    # GitHub's published schema breaks one rule newer graphql-core enforces on the schema itself (an implementation
    # field deprecated where its interface field is not); it says nothing about queries, so that check is skipped.
    schema._validation_errors = []  # noqa: SLF001 - graphql-core's cache of schema validation
    return schema


def _messages(errors: list[GraphQLError] | None) -> list[str]:
    """GraphQL errors as text."""
    return [e.message for e in errors or ()]


def _document(schema: GraphQLSchema, query: str) -> Any:
    """The parsed query, or AssertionError naming every validation error."""
    document = parse(query)
    errors = validate(schema, document)
    if errors:
        raise AssertionError("query does not validate against GitHub's GraphQL schema:\n  " + "\n  ".join(_messages(errors)))
    return document


def validate_request(body: Any, schema: GraphQLSchema | None = None) -> None:
    """Raise AssertionError unless BODY is `{"query", "variables"}` whose query validates and whose variables coerce."""
    schema = schema or load_schema()
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise AssertionError(f"a GraphQL request body needs a query string, got {body!r:.200}")
    document = _document(schema, body["query"])
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    coerced = get_variable_values(schema, operation.variable_definitions or [], body.get("variables") or {})
    if isinstance(coerced, list):
        raise AssertionError("GraphQL variables do not match the query: " + "; ".join(_messages(coerced)))


def validate_response(request: Any, body: Any, schema: GraphQLSchema | None = None) -> None:
    """Raise AssertionError unless BODY's `data` is what the schema allows for REQUEST's query: executing the query
    with the answer as its root value must give the answer back (types, nullability, enums, unions, no extra field)."""
    schema = schema or load_schema()
    validate_request(request, schema)
    if not isinstance(body, dict) or "data" not in body:
        raise AssertionError(f"a GraphQL answer needs a data member, got {body!r:.200}")
    result = execute_sync(schema, parse(request["query"]), root_value=body["data"],
                          variable_values=request.get("variables") or {}, field_resolver=_echo)
    if result.errors or result.data != body["data"]:
        raise AssertionError(f"GraphQL answer does not match the schema: {_messages(result.errors)} "
                             f"(re-executed: {json.dumps(result.data)[:300]})")


def _echo(source: Any, info: Any, **_: Any) -> Any:
    """Read a field from an answer being checked, by its response key."""
    key = info.path.key
    return source.get(key) if isinstance(source, dict) else None


# --------------------------------------------------------------------------- answering


def _repository(repo: Repo | None, full_name: str) -> dict[str, Any]:
    """A Repository node for a pinned item (only fields a World knows; others are null or the schema refuses)."""
    owner, name = full_name.split("/", 1)
    return {
        "__typename": "Repository", "name": repo.name if repo else name, "nameWithOwner": repo.full_name if repo else full_name,
        "url": f"{WEB}/{repo.full_name if repo else full_name}", "description": repo.description if repo else None,
        "isFork": bool(repo and repo.fork), "isArchived": bool(repo and repo.archived),
        "isEmpty": repo is None or (repo.git_path is None and repo.size == 0),
        "stargazerCount": repo.stargazers_count if repo else 0,
        "primaryLanguage": {"name": repo.language} if repo and repo.language else None,
        "owner": {"__typename": "User", "login": repo.owner if repo else owner},
    }


def _user_node(world: World, login: str) -> dict[str, Any] | None:
    """The User node for `user(login:)`, with its pinned repositories."""
    user = world.user(login)
    if user is None:
        return None

    def pinned_items(info: Any, first: int | None = None, types: list[str] | None = None, **_: Any) -> dict[str, Any]:
        wanted = [p for p in user.pinned if types is None or "REPOSITORY" in [str(getattr(t, "name", t)) for t in types]]
        nodes = [_repository(world.repo(*p.split("/", 1)), p) for p in wanted]
        return {"totalCount": len(nodes), "nodes": nodes[: first or len(nodes)]}

    return {"__typename": "User", "login": user.login, "name": user.name, "bio": user.bio, "company": user.company,
            "location": user.location, "websiteUrl": user.blog or None, "twitterUsername": user.twitter_username,
            "pinnedItems": pinned_items}


def answer(world: World, body: Any) -> tuple[int, dict[str, Any]]:
    """(status, JSON body) for POST /graphql: the query executed against the schema with the World behind it."""
    schema = load_schema()
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return 400, {"message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql"}
    try:
        document = parse(body["query"])
    except GraphQLError as exc:
        return 200, {"errors": [{"message": exc.message}]}
    errors = validate(schema, document)
    if errors:
        return 200, {"errors": [{"message": e.message} for e in errors]}
    root = {"user": lambda info, login: _user_node(world, login)}
    result = execute_sync(schema, document, root_value=root, variable_values=body.get("variables") or {})
    out: dict[str, Any] = {"data": result.data}
    errors = [{"message": e.message} for e in result.errors or ()]
    login = (body.get("variables") or {}).get("login")
    if isinstance(result.data, dict) and "user" in result.data and result.data["user"] is None:
        errors.append({"type": "NOT_FOUND", "path": ["user"], "message": f"Could not resolve to a User with the login of '{login}'."})
    if errors:
        out["errors"] = errors
    return 200, out
