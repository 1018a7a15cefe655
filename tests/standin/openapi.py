"""Validate JSON bodies against GitHub's OpenAPI description (`@octokit/openapi`)."""

from __future__ import annotations

import datetime as _dt
import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from jsonschema.exceptions import ValidationError, relevance

OPENAPI_PACKAGE = "@octokit/openapi"
OPENAPI_VERSION = "23.0.2"
_SPEC_RELPATH = Path("node_modules/@octokit/openapi/generated/api.github.com.json")
_SCHEMA_REF_PREFIX = "#/components/schemas/"
_RESPONSE_REF_PREFIX = "#/components/responses/"
_DEFS_PREFIX = "#/$defs/"
_BASIC_ERROR = "basic-error"

# OpenAPI 3.0 / JSON Schema keywords copied verbatim (values are not schemas).
_PLAIN_KEYWORDS = frozenset(
    {
        "type", "enum", "const", "format", "pattern", "required",
        "minLength", "maxLength", "minimum", "maximum", "multipleOf",
        "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
    }
)
_SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf")
_COMPOSITION_KEYWORDS = frozenset(_SCHEMA_LIST_KEYWORDS) | {"not"}
_IGNORED_KEYWORDS = frozenset(
    {
        "example", "examples", "deprecated", "readOnly", "writeOnly", "discriminator",
        "xml", "externalDocs", "title", "description", "default", "nullable",
        "exclusiveMinimum", "exclusiveMaximum",
    }
)


def default_cache_dir() -> Path:
    """Return the test cache directory: `$READINESS_TEST_CACHE` or `tests/.cache`."""
    env = os.environ.get("READINESS_TEST_CACHE")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".cache"


_install_lock = threading.Lock()


def ensure_openapi(cache_dir: Path | None = None) -> Path:
    """Install `@octokit/openapi@23.0.2` into the cache if needed; return its api.github.com.json."""
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return ensure_package(root, OPENAPI_PACKAGE, OPENAPI_VERSION, _SPEC_RELPATH)


def ensure_package(root: Path, package: str, version: str, relpath: Path) -> Path:
    """Install the pinned npm PACKAGE@VERSION into ROOT if ROOT/RELPATH is missing; return that file."""
    spec = root / relpath
    if spec.is_file():
        return spec
    root.mkdir(parents=True, exist_ok=True)
    with _install_lock, open(root / ".openapi-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # other test processes may be installing too
        if not spec.is_file():
            _npm_install(root, f"{package}@{version}")
    if not spec.is_file():
        raise RuntimeError(f"npm install did not produce {spec}")
    return spec


def _npm_install(root: Path, package: str) -> None:
    """Run `npm install` of one pinned package into `root`."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is required to fetch {package}")
    cmd = [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(root), package]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-4000:]}")


# --------------------------------------------------------------------------- formats

_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
FORMAT_CHECKER = jsonschema.FormatChecker(formats=())


def _is_date_time(value: object) -> bool:
    """RFC 3339 date-time (what GitHub sends, e.g. 2024-01-02T03:04:05Z)."""
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_date(value: object) -> bool:
    """Full date, YYYY-MM-DD."""
    if not isinstance(value, str):
        return True
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _is_uri(value: object) -> bool:
    """Absolute URI with a scheme (http/https URLs need a host)."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or " " in value:
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else True


def _is_email(value: object) -> bool:
    """Loose e-mail check: one @ with text on both sides."""
    return not isinstance(value, str) or bool(_EMAIL.match(value))


for _name, _check in (("date-time", _is_date_time), ("date", _is_date), ("uri", _is_uri), ("email", _is_email)):
    FORMAT_CHECKER.checks(_name)(_check)


# --------------------------------------------------------------------------- conversion


class _SchemaConverter:
    """Turn OpenAPI 3.0 schemas into JSON Schema 2020-12, memoised per component name."""

    def __init__(self, components: dict[str, Any]) -> None:
        self._components = components
        self._converted: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}
        self._lock = threading.Lock()

    def bundle(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Convert `schema` and attach every reachable component under `$defs`."""
        refs: set[str] = set()
        root = self._convert(schema, refs)
        defs = {name: self._component(name)[0] for name in self._closure(refs)}
        bundled = dict(root) if isinstance(root, dict) else {"allOf": [root]}
        if defs:
            bundled["$defs"] = defs
        return bundled

    def _closure(self, names: set[str]) -> list[str]:
        """All component names reachable from `names`."""
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            todo.extend(self._component(name)[1] - seen)
        return sorted(seen)

    def _component(self, name: str) -> tuple[dict[str, Any], frozenset[str]]:
        """Converted component schema and the names it refers to (memoised)."""
        with self._lock:
            hit = self._converted.get(name)
        if hit is not None:
            return hit
        if name not in self._components:
            raise KeyError(f"OpenAPI description has no components.schemas[{name!r}]")
        refs: set[str] = set()
        converted = self._convert(self._components[name], refs)
        result = (converted, frozenset(refs))
        with self._lock:
            self._converted[name] = result
        return result

    def _convert(self, node: Any, refs: set[str]) -> Any:
        """Convert one schema node, collecting referenced component names into `refs`."""
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return self._convert_ref(node["$ref"], refs)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _IGNORED_KEYWORDS or key.startswith("x-"):
                continue
            if key in _PLAIN_KEYWORDS:
                out[key] = value
            elif key == "properties":
                out[key] = {k: self._convert(v, refs) for k, v in value.items()}
            elif key in ("items", "additionalProperties", "not"):
                out[key] = self._convert(value, refs)
            elif key in _SCHEMA_LIST_KEYWORDS:
                out[key] = [self._convert(v, refs) for v in value]
        _convert_exclusive_bounds(node, out)
        _drop_write_only_required(node, out)
        return _apply_nullable(out) if node.get("nullable") is True else out

    @staticmethod
    def _convert_ref(ref: str, refs: set[str]) -> dict[str, Any]:
        """Rewrite `#/components/schemas/X` to `#/$defs/X`."""
        if not ref.startswith(_SCHEMA_REF_PREFIX):
            raise ValueError(f"unsupported $ref {ref!r} (only {_SCHEMA_REF_PREFIX}* is handled)")
        name = ref[len(_SCHEMA_REF_PREFIX):].replace("~1", "/").replace("~0", "~")
        refs.add(name)
        return {"$ref": _DEFS_PREFIX + name.replace("~", "~0").replace("/", "~1")}


def _convert_exclusive_bounds(node: dict[str, Any], out: dict[str, Any]) -> None:
    """OpenAPI 3.0 boolean exclusiveMinimum/Maximum become numeric JSON Schema bounds."""
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = node.get(flag)
        if value is True and bound in out:
            out[flag] = out.pop(bound)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[flag] = value


def _drop_write_only_required(node: dict[str, Any], out: dict[str, Any]) -> None:
    """A writeOnly property is never required in a response (OpenAPI 3.0 rule)."""
    props = node.get("properties")
    if not props or "required" not in out:
        return
    write_only = {k for k, v in props.items() if isinstance(v, dict) and v.get("writeOnly")}
    if write_only:
        out["required"] = [r for r in out["required"] if r not in write_only]


def _apply_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Let `schema` also accept null (OpenAPI 3.0 `nullable: true`)."""
    if _COMPOSITION_KEYWORDS & schema.keys() or "type" not in schema:
        return {"anyOf": [{"type": "null"}, schema]}
    out = dict(schema)
    types = out["type"] if isinstance(out["type"], list) else [out["type"]]
    if "null" not in types:
        out["type"] = [*types, "null"]
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


# --------------------------------------------------------------------------- spec


class _Spec:
    """One loaded OpenAPI document with its path index and memoised validators."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.converter = _SchemaConverter(doc.get("components", {}).get("schemas", {}))
        self._routes = self._index_paths(doc.get("paths", {}))
        self._validators: dict[tuple[str, str, str], Any] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _index_paths(paths: dict[str, Any]) -> dict[int, list[tuple[re.Pattern[str], str, int]]]:
        """Group path templates by segment count, most literal segments first."""
        index: dict[int, list[tuple[re.Pattern[str], str, int]]] = {}
        for template in paths:
            segments = template.strip("/").split("/")
            parts = [
                "[^/]+" if re.fullmatch(r"\{[^}]+\}", s) else _template_segment(s)
                for s in segments
            ]
            literal = sum(1 for s in segments if "{" not in s)
            regex = re.compile("^/" + "/".join(parts) + "$")
            index.setdefault(len(segments), []).append((regex, template, literal))
        for routes in index.values():
            routes.sort(key=lambda r: -r[2])
        return index

    def match(self, path: str) -> str | None:
        """The path template (e.g. `/users/{username}`) matching a concrete path."""
        clean = urlsplit(path).path.rstrip("/") or "/"
        for regex, template, _ in self._routes.get(len(clean.strip("/").split("/")), []):
            if regex.match(clean):
                return template
        return None

    def validator(self, template: str, method: str, status_key: str, schema: dict[str, Any]) -> Any:
        """A memoised jsonschema validator for one operation response."""
        key = (template, method, status_key)
        with self._lock:
            hit = self._validators.get(key)
        if hit is None:
            bundled = self.converter.bundle(schema)
            hit = jsonschema.Draft202012Validator(bundled, format_checker=FORMAT_CHECKER)
            with self._lock:
                self._validators[key] = hit
        return hit


def _template_segment(segment: str) -> str:
    """Regex for a segment that may mix literal text and `{param}` parts."""
    pieces = re.split(r"(\{[^}]+\})", segment)
    return "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in pieces)


@functools.lru_cache(maxsize=4)
def _load_spec(spec_path: str) -> _Spec:
    """Load and index an OpenAPI JSON file once per process."""
    with open(spec_path, "rb") as fh:
        return _Spec(json.load(fh))


# --------------------------------------------------------------------------- validator


class OpenAPIValidator:
    """Check response bodies against the response schemas of GitHub's OpenAPI description."""

    def __init__(self, spec_path: Path | None = None) -> None:
        """Load (once per process) the description at `spec_path`, installing it if omitted."""
        path = Path(spec_path) if spec_path is not None else ensure_openapi()
        self.spec_path = path.resolve()
        self._spec = _load_spec(str(self.spec_path))

    @property
    def document(self) -> dict[str, Any]:
        """The raw OpenAPI document (shared; do not mutate)."""
        return self._spec.doc

    def match_path(self, path: str) -> str | None:
        """The template for a concrete path, e.g. `/users/octocat/repos` → `/users/{username}/repos`."""
        return self._spec.match(path)

    def component_schema(self, name: str) -> dict[str, Any]:
        """`components.schemas[name]` converted to a self-contained JSON Schema."""
        return self._spec.converter.bundle({"$ref": _SCHEMA_REF_PREFIX + name})

    def validate(self, method: str, path: str, status: int, body: Any) -> None:
        """Raise AssertionError when `body` does not match the documented response schema."""
        template = self.match_path(path)
        where = f"{method.upper()} {path} -> {status}"
        if template is None:
            raise AssertionError(f"{where}: no path in the OpenAPI description matches {path!r}")
        operation = self.document["paths"][template].get(method.lower())
        if operation is None:
            raise AssertionError(f"{where}: {template} has no {method.upper()} operation")
        status_key, schema = self._response_schema(operation, status, where)
        if schema is None:
            return
        validator = self._spec.validator(template, method.lower(), status_key, schema)
        errors = list(validator.iter_errors(body))
        if errors:
            raise AssertionError(_describe(f"{where} ({operation.get('operationId')}, {status_key})", errors))

    def validate_request(self, method: str, path: str, body: Any) -> None:
        """Raise AssertionError when a request `body` does not match the operation's documented request body."""
        template = self.match_path(path)
        where = f"{method.upper()} {path} (request body)"
        operation = self.document["paths"].get(template or "", {}).get(method.lower())
        if operation is None:
            raise AssertionError(f"{where}: no {method.upper()} operation in the OpenAPI description matches {path!r}")
        content = operation.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if schema is None:
            raise AssertionError(f"{where}: {template} documents no JSON request body")
        validator = self._spec.validator(template or path, method.lower(), "request", schema)
        errors = list(validator.iter_errors(body))
        if errors:
            raise AssertionError(_describe(f"{where} ({operation.get('operationId')})", errors))

    def _response_schema(
        self, operation: dict[str, Any], status: int, where: str
    ) -> tuple[str, dict[str, Any] | None]:
        """The documented response schema for `status` (basic-error for undocumented errors)."""
        responses = operation.get("responses", {})
        for key in (str(status), f"{status // 100}XX", "default"):
            if key in responses:
                return key, self._json_schema(self._resolve_response(responses[key]), where)
        if status >= 400:
            return f"{status} (undocumented; basic-error)", {"$ref": _SCHEMA_REF_PREFIX + _BASIC_ERROR}
        raise AssertionError(f"{where}: status {status} is not documented (have {sorted(responses)})")

    def _resolve_response(self, response: dict[str, Any]) -> dict[str, Any]:
        """Follow a `#/components/responses/...` reference."""
        while "$ref" in response:
            ref = response["$ref"]
            if not ref.startswith(_RESPONSE_REF_PREFIX):
                raise ValueError(f"unsupported response $ref {ref!r}")
            response = self.document["components"]["responses"][ref[len(_RESPONSE_REF_PREFIX):]]
        return response

    @staticmethod
    def _json_schema(response: dict[str, Any], where: str) -> dict[str, Any] | None:
        """The `application/json` schema of a response object, if any."""
        content = response.get("content")
        if not content:
            return {"type": "null"}
        for media_type, media in content.items():
            if media_type == "application/json" or media_type.endswith("+json"):
                schema: dict[str, Any] | None = media.get("schema")
                return schema
        raise AssertionError(f"{where}: response has no JSON content ({sorted(content)})")


def _describe(header: str, errors: list[ValidationError], limit: int = 8) -> str:
    """A readable multi-line summary of validation errors, most relevant first."""
    leaves = sorted((leaf for e in errors for leaf in _leaves(e)), key=relevance)
    lines = [f"{header}: body does not match the OpenAPI schema ({len(leaves)} problem(s))"]
    for err in leaves[:limit]:
        lines.append(f"  at {err.json_path}: {_short(err.message)}")
        lines.append(f"     schema path: {'/'.join(str(p) for p in err.absolute_schema_path)}")
    if len(leaves) > limit:
        lines.append(f"  ... and {len(leaves) - limit} more")
    return "\n".join(lines)


def _leaves(error: ValidationError) -> list[ValidationError]:
    """Expand oneOf/anyOf failures into the errors of the closest-matching branch."""
    if not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
    closest = min(branches.values(), key=lambda errs: (len(errs), relevance(min(errs, key=relevance))))
    return [leaf for sub in closest for leaf in _leaves(sub)]


def _short(text: str, limit: int = 300) -> str:
    """Clip long messages (jsonschema echoes whole instances)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
