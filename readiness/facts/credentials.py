"""Credentials written into code and configuration: secret-named literals, passwords in connection URLs, secret defaults.

Whatever the value's length or entropy: a database password of ten digits is as committed as a random token. Only
where the credential is, its kind and the name it is held under are kept; the value never leaves this module.
"""

from __future__ import annotations

import ast
import re
import string
from typing import Iterator

from readiness.facts.model import CredentialHit
from readiness.facts.secrets import FIXTURE_WORDS, mentions

HARD_CODED = "hard-coded credential"
URL_PASSWORD = "password in a connection string"
ENV_DEFAULT = "hard-coded default of a secret environment variable"
PRINTED = "secret printed into the CI log"

LOCAL_DEFAULTS = frozenset({
    "postgres", "root", "admin", "password", "guest", "minioadmin", "airflow", "mlflow", "mysql", "redis", "dbz", "debezium", "user",
    "pass", "secret", "mongo", "mongodb", "rabbitmq", "kafka", "jupyter", "sa", "default", "local", "dev", "development", "true", "false",
})
"""Passwords that local development services ship with (postgres/postgres, minioadmin...): known to everyone, not a leak."""
PLACEHOLDER_WORDS = frozenset({
    "test", "testing", "none", "null", "todo", "example", "dummy", "fake", "sample", "placeholder", "changeme", "token", "key",
    "apikey", "api_key", "passwd", "pwd", "pw", "username", "xxx", "redacted", "hidden", "masked", "empty", "string", "str",
})
PLACEHOLDER = re.compile(
    r"(?i)^(your|enter|insert|put|add|replace|paste)|(your|dummy|fake|example|sample|placeholder|change[_-]?me|xxx|\*\*\*|redacted|"
    r"<|>|\{|\}|\$|%s|%\(|\.\.\.|…|_here$|-here$|^\[.*\]$)"
)
"""A value that stands for a secret rather than being one (your_api_key, <password>, ${VAR}, {pw}, %s, ***, ...here)."""
ENV_VAR_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
FILE_LIKE = re.compile(r"(?i)\.(json|pem|key|txt|ya?ml|env|p12|pfx|crt|cer|ini|cfg|toml|csv|pkl|db|sqlite3?|py|gpg|asc)$")

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
SECRET_WORDS = frozenset({"password", "passwd", "pwd", "pw", "passphrase", "passcode", "secret", "apikey", "secretkey", "accesskey", "privatekey", "credential", "credentials"})
KEY_OWNERS = frozenset({"api", "access", "secret", "private", "auth", "encryption", "signing", "subscription", "master", "jwt", "session", "client", "service", "account"})
TOKEN_OWNERS = frozenset({
    "access", "auth", "api", "bearer", "bot", "hf", "hugging", "huggingface", "hub", "github", "gh", "gitlab", "git", "refresh", "slack",
    "discord", "telegram", "session", "jwt", "oauth", "secret", "personal", "client", "app", "admin", "service", "csrf", "security", "sas",
    "notion", "wandb", "cohere", "openai", "kaggle", "twitter", "dropbox", "mapbox", "pat", "id", "login", "private", "dagshub", "pinecone",
    "replicate", "groq", "together", "mistral", "anthropic", "gemini", "google", "aws", "azure", "heroku", "vercel", "netlify", "npm", "pypi",
})
"""What a credential `…_token` belongs to (hf_token, access_token); other tokens are text (pad_token, OTHER_TOKEN = "other")."""
NOT_A_VALUE = frozenset({
    "name", "names", "id", "ids", "path", "paths", "file", "files", "filename", "dir", "env", "var", "variable", "field", "label",
    "prompt", "message", "msg", "hint", "help", "type", "length", "len", "prefix", "suffix", "pattern", "regex", "header", "headers",
    "column", "col", "param", "url", "uri", "endpoint", "location", "arn", "ref", "policy", "scope", "scopes", "mode", "format", "fmt",
    "template", "hash", "hashed", "count", "size", "min", "max", "expiry", "expires", "ttl", "timeout", "placeholder", "text", "title",
    "input", "description", "desc", "error", "example", "question", "version", "method", "provider", "backend", "manager", "store",
    "vault", "mount", "kind", "source", "location", "index", "limit", "usage", "bucket", "table", "project", "region",
})
MADE_UP = frozenset({"test", "fake", "dummy", "mock", "example", "sample", "demo", "placeholder", "default_test"})


def name_words(name: str) -> list[str]:
    """The lower-case words of an identifier or setting name (snake_case, camelCase, kebab-case, dotted)."""
    return [w.lower() for w in _WORDS.findall(name)]


def secret_name(name: str) -> bool:
    """Whether NAME holds a credential (DB_PASSWORD, apiKey, secret_key, hf_token, pw), not a name, path or label of one."""
    words = name_words(name)
    if not words or words[-1] in NOT_A_VALUE or MADE_UP & set(words) or len(name) > 60:
        return False
    joined = "".join(words)
    if SECRET_WORDS & set(words) or joined in SECRET_WORDS or joined.endswith(("password", "passwd", "apikey", "secretkey", "accesskey")):
        return True
    if words[-1] == "pass" and len(words) > 1:
        return True  # DB_PASS, mysql_pass
    if words[-1] == "key" and len(words) > 1 and words[-2] in KEY_OWNERS:
        return True
    if words[-1] == "token":
        return len(words) > 1 and words[-2] in TOKEN_OWNERS
    return False


def plausible_value(value: str, name: str = "") -> bool:
    """Whether a literal looks like a credential someone uses: not empty, a placeholder, a reference, a path, the default
    password of a local service, an environment variable's name or a word standing for itself (password="password")."""
    text = value.strip()
    lower = text.lower()
    if not 4 <= len(text) <= 200 or text != value or any(c.isspace() for c in text):
        return False
    if lower in LOCAL_DEFAULTS or lower in PLACEHOLDER_WORDS or PLACEHOLDER.search(text) or ENV_VAR_NAME.match(text):
        return False
    if "/" in text or "\\" in text or "://" in text or FILE_LIKE.search(text) or len(set(text)) < 3:
        return False
    return lower.replace("-", "_") not in ("_".join(name_words(name)), name.lower()) if name else True


CONNECTION_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{1,30})://(?P<user>[^\s:/@'\"`]*):(?P<pw>[^\s@/'\"`]+)@(?P<host>[^\s/'\"`@:?#]+)"
)
URL_REST = re.compile(CONNECTION_URL.pattern[CONNECTION_URL.pattern.index("://"):])
"""CONNECTION_URL after its scheme: `://user:password@host`, whose literal start the regex engine jumps to."""
SCHEME_LENGTH = 31
"""The longest scheme CONNECTION_URL accepts."""


def connection_urls(text: str) -> Iterator[re.Match[str]]:
    """CONNECTION_URL.finditer(TEXT), found from each `://user:password@host` (rare) instead of trying a scheme at
    every letter: a match's scheme ends at its `://` (a scheme holds no colon), so its leftmost start is one of the
    SCHEME_LENGTH positions before it, past the previous match."""
    end = 0
    for rest in URL_REST.finditer(text):
        for start in range(max(end, rest.start() - SCHEME_LENGTH), rest.start() - 1):
            match = CONNECTION_URL.match(text, start)
            if match:
                yield match
                end = match.end()
                break


DSN_PASSWORD = re.compile(r"(?i)(?:^|[\s;])(?:password|pwd)\s*=\s*(?P<pw>[^\s;'\"]+)")
DSN_CONTEXT = re.compile(r"(?i)(?:^|[\s;])(?:host|server|dbname|database|user|uid|data source)\s*=")
DOC_HOSTS = re.compile(r"(?i)(^|\.)example\.(com|org|net)$|^(\*+|x+)$")


SERVICE_WORDS = frozenset({
    "mlflow", "minio", "postgres", "postgresql", "pg", "psql", "mongo", "mongodb", "mysql", "maria", "mariadb", "redis", "rabbit",
    "rabbitmq", "kafka", "airflow", "prefect", "superset", "grafana", "jupyter", "spark", "hive", "metabase", "elastic", "neo4j",
    "clickhouse", "db", "database", "app", "dev", "local", "docker", "compose", "my", "super", "strong", "secure", "default", "pw", "pwd",
    "root", "admin", "pass", "password", "passwd", "secret", "sql", "data", "server", "service", "demo",
})
"""Words that development passwords are spelled from (mlflow_password, mongo123, admin_pass)."""
LOCAL_HOST = re.compile(r"(?i)^(localhost|127(\.\d+){3}|0\.0\.0\.0|host\.docker\.internal|[a-z0-9_-]+|[a-z0-9_.-]+\.local)$")
"""This machine, or a service on a Docker Compose network (a host name without dots: postgres, mongodb, db)."""


def spelled_from_words(password: str, extra: tuple[str, ...] = ()) -> bool:
    """Whether PASSWORD is made only of service and placeholder words, the EXTRA words (user, database) and digits:
    how a local development setup names its passwords (mlflow_pass, admin123), unlike a chosen secret."""
    known = FIXTURE_WORDS | LOCAL_DEFAULTS | SERVICE_WORDS | {e.lower() for e in extra if len(e) > 1}
    runs = re.findall(r"[a-z]+", password.lower())

    def splits(run: str) -> bool:
        ok = [True] + [False] * len(run)
        for end in range(1, len(run) + 1):
            ok[end] = any(ok[start] and run[start:end] in known for start in range(max(0, end - 16), end))
        return ok[-1]

    return bool(runs) and len(password) <= 40 and all(splits(run) for run in runs)


def _url_password_ok(match: re.Match[str]) -> bool:
    """Whether a URL's password is a real one: not a template, placeholder, the user name again, a local default, or a
    password spelled from service words for a service on this machine or its Compose network."""
    user, password, host = match.group("user"), match.group("pw"), match.group("host")
    if any(c in password + host + user for c in "{}$%<>[]") or DOC_HOSTS.search(host):
        return False
    tail = re.split(r"[\s?'\"`]", match.string[match.end(): match.end() + 80], maxsplit=1)[0]
    if _local_development(host, password, user + " " + tail):
        return False
    return password.lower() != user.lower() and plausible_value(password)


def _local_development(host: str, password: str, context: str) -> bool:
    """Whether PASSWORD is a development password of a service on this machine or its Compose network: spelled from
    service words, digits and the words of CONTEXT (the user and database names)."""
    return bool(LOCAL_HOST.match(host)) and spelled_from_words(password, tuple(re.findall(r"[A-Za-z]+", context)))


def connection_passwords(text: str) -> list[tuple[int, str]]:
    """(offset, scheme or 'DSN') of each literal password in a connection URL (scheme://user:password@host) or a
    key=value connection string (host=... password=...) in TEXT."""
    found: list[tuple[int, str]] = []
    if "@" not in text and "=" not in text:
        return found
    if "://" in text and "@" in text:
        found += [(m.start(), m.group("scheme").lower()) for m in connection_urls(text) if _url_password_ok(m)]
    if "=" in text and mentions(text, ("password", "pwd")) and DSN_PASSWORD.search(text) and DSN_CONTEXT.search(text):
        found += [(m.start("pw"), "DSN") for m in DSN_PASSWORD.finditer(text) if plausible_value(m.group("pw"))]
    return found


def template_password_field(template: str) -> str | int | None:
    """The field that fills the password of a URL template ('mysql://{user}:{pw}@host' -> 'pw'; '{}' fields by position;
    `%s` fields as their position), or None."""
    if "%s" in template:
        match = re.search(r"://[^\s:/@]*:%s@", template)
        return template[: match.end()].count("%s") - 1 if match else None
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    text, position = "", 0
    for index, (literal, field, _, _) in enumerate(fields):
        text += literal
        if field is None:
            continue
        key: str | int = (int(field) if field.isdigit() else field) if field else position
        position += field == ""
        following = fields[index + 1][0] if index + 1 < len(fields) else ""
        if re.search(r"://[^\s:/@]*:$", text) and following.startswith("@"):
            return key
        text += "{}"
    return None


def _literal(node: ast.AST | None) -> str | None:
    """The value of a string constant node, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def target_name(target: ast.AST) -> str | None:
    """The name a value is stored under: x, obj.x, mapping["x"] (os.environ["API_KEY"], app.config["SECRET_KEY"])."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        return _literal(target.slice)
    return None


def stored_hits(targets: list[ast.AST], value: ast.AST) -> list[tuple[str, str]]:
    """(kind, name) for a literal credential assigned to secret-named targets (DB_PASSWORD = "6381581291")."""
    literal = _literal(value)
    if literal is None:
        return []
    names = [target_name(t) for t in targets]
    return [(HARD_CODED, n) for n in names if n and secret_name(n) and plausible_value(literal, n)]


def dict_hits(node: ast.Dict) -> list[tuple[str, str]]:
    """(kind, key) for each secret-named key of a dict literal holding a literal value ({"password": "..."})."""
    out = []
    for key, value in zip(node.keys, node.values):
        name, literal = _literal(key), _literal(value)
        if name and literal is not None and secret_name(name) and plausible_value(literal, name):
            out.append((HARD_CODED, name))
    return out


ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "getenv", "environ.get"})
POSITIONAL_PASSWORD = {"pymysql.connect": 2, "MySQLdb.connect": 2, "pymysql.connections.Connection": 2, "MySQLdb.Connect": 2}
"""Database drivers that take the password as a positional argument (host, user, password, database)."""
ARGUMENT_CALLS = ENV_GETTERS | frozenset(POSITIONAL_PASSWORD)
"""Calls whose positional arguments can hold a credential (keywords and .format templates are tested on every call)."""


def call_hits(name: str, node: ast.Call) -> list[tuple[str, str]]:
    """(kind, name) for credentials passed to a call: secret-named keywords (password="..."), the default of a
    secret environment variable (os.getenv("API_KEY", "secret123")), a password filling a URL template
    ("mysql://{u}:{pw}@h".format(pw="...")) and a driver's positional password."""
    out = [(HARD_CODED, k.arg) for k in node.keywords if k.arg and _literal(k.value) and secret_name(k.arg) and plausible_value(k.value.value, k.arg)]  # type: ignore[attr-defined]
    if name in ENV_GETTERS and node.args:
        variable = _literal(node.args[0])
        default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg in ("default", "value")), None)
        if variable and secret_name(variable) and plausible_value(_literal(default) or "", variable):
            out.append((ENV_DEFAULT, variable))
    index = POSITIONAL_PASSWORD.get(name)
    if index is not None and len(node.args) > index and plausible_value(_literal(node.args[index]) or ""):
        out.append((HARD_CODED, f"{name.rsplit('.', 1)[0]} password"))
    func = node.func
    template = _literal(func.value) if isinstance(func, ast.Attribute) and func.attr == "format" else None
    if template and "://" in template:
        field = template_password_field(template)
        value = node.args[field] if isinstance(field, int) and field < len(node.args) else next((k.value for k in node.keywords if k.arg == field), None)
        if field is not None and _template_password(template, _literal(value) or ""):
            out.append((URL_PASSWORD, template.split("://", 1)[0].lower()))
    return out


def _template_password(template: str, password: str) -> bool:
    """Whether PASSWORD, filling a URL TEMPLATE's password field, is a real one (see _url_password_ok)."""
    host = re.search(r"@([^/:?\s]+)", template)
    if host and "{" not in host.group(1) and "%" not in host.group(1) and _local_development(host.group(1), password, template.split("@", 1)[-1]):
        return False
    return plausible_value(password)


def percent_hits(node: ast.BinOp) -> list[tuple[str, str]]:
    """(kind, scheme) for a literal password filling a %-formatted URL ("mysql://%s:%s@%s" % ("root", "pw", host))."""
    template = _literal(node.left)
    if not isinstance(node.op, ast.Mod) or not template or "://" not in template:
        return []
    field = template_password_field(template)
    values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
    if isinstance(field, int) and field < len(values) and _template_password(template, _literal(values[field]) or ""):
        return [(URL_PASSWORD, template.split("://", 1)[0].lower())]
    return []


EXAMPLE_PATH = re.compile(
    r"(?i)(^|/)(docs?|examples?|samples?|templates?|tutorials?)/|(^|/)readme[^/]*$|\.(md|rst|adoc|html?|ipynb_checkpoints)$|"
    r"(^|[./_-])(example|examples|sample|template|tmpl|tpl|dist)([./_-][^/]*)?$"
)
"""Documentation and files meant to be copied and filled in (.env.example, config.sample.yml, settings.template.py)."""
ENV_FILE = re.compile(r"(^|/)\.env$")


def is_example_path(path: str) -> bool:
    """Whether PATH is documentation, an example or a template to fill in, where a connection string shows the form."""
    return bool(EXAMPLE_PATH.search(path))


def text_credentials(path: str, text: str) -> list[CredentialHit]:
    """Passwords in connection strings of a configuration or script read as text (.yml, .toml, .sh, Dockerfile, .js,
    a .py that does not parse...); documentation, examples and templates are not read, nor a .env file (DOC012's)."""
    lower = path.lower()
    if is_example_path(path) or ENV_FILE.search(path) or (lower.endswith(".txt") and not lower.rsplit("/", 1)[-1].startswith("requirements")):
        return []
    hits = []
    for offset, scheme in connection_passwords(text[: 4 * 1024 * 1024]):
        hits.append(CredentialHit(path, text.count("\n", 0, offset) + 1, URL_PASSWORD, scheme))
    return hits
