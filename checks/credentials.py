"""Documentation check DOC016: no passwords or keys written into the code, its configuration or a CI log."""

from __future__ import annotations

from checks.support.common import code_units, first_evidence
from checks.support.lifecycle import is_doc_path
from checks.support.registry import check
from readiness.facts.credentials import ENV_DEFAULT, HARD_CODED, PRINTED, URL_PASSWORD, is_example_path
from readiness.facts.model import CredentialHit, RepoFacts
from readiness.facts.secrets import is_test_path
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed

SEARCHED = (
    "secret-named literals in Python code and notebooks", "passwords in connection strings", "defaults of secret environment variables",
    "GitHub Actions steps printing secrets",
)


def _detail(hit: CredentialHit) -> str:
    """What was found, by kind and name; the value is never shown."""
    if hit.kind == HARD_CODED:
        return f"{hit.kind}: `{hit.name}` holds a literal value (not shown)"
    if hit.kind == URL_PASSWORD:
        return f"{hit.kind}: a {hit.name} {'string' if hit.name == 'DSN' else 'URL'} with a literal password (not shown)"
    if hit.kind == ENV_DEFAULT:
        return f"{hit.kind}: `{hit.name}` falls back to a literal value when unset (not shown)"
    if hit.kind == PRINTED:
        return f"{hit.kind}: a run step prints `{hit.name}`"
    return hit.kind


def credential_hits(facts: RepoFacts) -> list[CredentialHit]:
    """The credentials DOC016 reports: outside tests, documentation and examples, and not on a line DOC012 already reports."""
    reported = {(s.path, s.cell if s.cell is not None else s.line) for s in facts.secrets}
    hits = [h for unit in code_units(facts) for h in unit.credentials] + list(facts.credentials)
    out, seen = [], set()
    for hit in hits:
        where = (hit.path, hit.cell if hit.cell is not None else hit.line)
        if where in reported or where in seen or is_test_path(hit.path) or is_doc_path(hit.path) or is_example_path(hit.path):
            continue
        seen.add(where)
        out.append(hit)
    return out


@check(
    id="DOC016",
    slug="no-hardcoded-credentials",
    dimension=Dimension.DOCUMENTATION,
    title="No passwords or keys are written into the code, its configuration or a CI log",
    remediation="Change the password or key now, read it from an environment variable or a secrets store with no fallback value, and never echo a secret in a workflow.",
    effort=Effort.LOW,
    weight=3,
)
def no_hardcoded_credentials(facts: RepoFacts) -> Verdict:
    """A credential committed in plain sight, whatever its length or entropy (DOC012 catches known token formats
    and long random values; a database password of ten digits is just as committed):

    - a literal assigned to a secret-named variable, attribute, key or keyword in Python code or a notebook's code
      cells: `DB_PASSWORD = "..."`, `config = {"password": "..."}` passed to `mysql.connector.connect(**config)`,
      `psycopg2.connect(password="...")`, `os.environ["API_KEY"] = "..."`, a driver's positional password
      (`pymysql.connect(host, user, "...")`);
    - a literal password in a connection string, in code or in configuration (YAML, TOML, INI, shell, Dockerfile,
      requirements...): `postgresql://user:...@host/db`, a URL template filled with a literal
      (`"mysql://{user}:{pw}@localhost".format(pw="...")`, `%` formatting), `host=... password=...`;
    - a literal default for a secret environment variable, which the application uses whenever the variable is
      unset: `os.getenv("API_KEY", "...")`, `os.environ.get("SECRET_KEY", "...")`;
    - a GitHub Actions step that prints a secret into the workflow's log, public for a public repository:
      `echo ${{ secrets.X }}`, or an `env:` variable set from a secret that the run script echoes or prints, also
      through a filter that defeats the log's masking (character by character, `| sed 's/./& /g'`, base64).
      Writing it to a file, `$GITHUB_ENV` or a program's standard input (`| docker login --password-stdin`) is fine.

    Ignored: placeholders (`user:password`, `<password>`, your_api_key, changeme, ***, ...here), references and
    templates (`{pw}`, `${VAR}`, `%s`, `os.environ[...]`), names of environment variables and paths of key files,
    empty defaults, the default passwords of local development services (postgres, root, admin, guest,
    minioadmin, airflow...), secret-sounding names that hold something else (pad_token, password_hash,
    secret_name), made-up values in tests and fixtures, documentation, examples and files meant to be copied
    and filled in (README, docs/, `.env.example`, `*.sample`, `*.template`), a committed `.env` file and lines
    DOC012 already reports (it judges those). Evidence names the file, line or notebook cell, the kind and the
    name the value is held under, never the value.
    Source: MITRE CWE-798, Use of Hard-coded Credentials; GitHub Docs, Using secrets in GitHub Actions
    (never print secrets to the log; masking is not guaranteed for transformed values).
    """
    if not code_units(facts) and not facts.workflows and all(is_example_path(p) for p in facts.texts):
        return not_applicable("no code, configuration or CI workflow to read")
    hits = credential_hits(facts)
    if not hits:
        return passed("no hard-coded credentials found", searched=SEARCHED)
    evidence = [Evidence(_detail(h), h.path, None if h.cell is not None else h.line, h.cell) for h in hits]
    kinds = sorted({h.kind for h in hits})
    return failed(f"{len(hits)} hard-coded credential(s) committed ({'; '.join(kinds)})", *first_evidence(evidence, 8))
