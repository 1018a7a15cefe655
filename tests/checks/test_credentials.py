"""DOC016 no-hardcoded-credentials on hand-built facts: each class of committed credential fails, each look-alike passes."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts, notebook

PASSWORD = "6381581291"  # short, digits only, low entropy: what DOC012's entropy test lets through
MYSQL = "import mysql.connector\n"
WORKFLOW = "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n{env}    steps:\n      - uses: actions/checkout@v4\n      - run: |\n{run}"


def workflow(*commands: str, env: str = "") -> str:
    """A GitHub Actions workflow whose one run step holds COMMANDS, with ENV as the job's `env:` lines."""
    return WORKFLOW.format(env=f"    env:\n{env}" if env else "", run="".join(f"          {c}\n" for c in commands))


SECRET_ENV = "      API_KEY: ${{ secrets.API_KEY }}\n"
PYTHON_STEP = (
    "name: leak\non: [push]\njobs:\n  hack:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: python\n        env:\n"
    "          SECRET: ${{{{ secrets.API_KEY }}}}\n        run: |\n          import os\n{body}"
)

FAILING = [
    # (a) a database password as a literal in Python code, however short
    ("dict passed to connect", {"db.py": MYSQL + f'config = {{"user": "root", "password": "{PASSWORD}", "host": "localhost"}}\ncn = mysql.connector.connect(**config)\n'}),
    ("keyword of a driver", {"etl.py": f'import psycopg2\nconn = psycopg2.connect(host="db", user="etl", password="{PASSWORD}")\n'}),
    ("assignment", {"settings.py": f'DB_PASSWORD = "{PASSWORD}"\n'}),
    ("environment set in code", {"app.py": 'import os\nos.environ["OPENAI_API_KEY"] = "k7Hq2pLz"\n'}),
    ("driver's positional password", {"load.py": f'import pymysql\nconn = pymysql.connect("localhost", "root", "{PASSWORD}", "shop")\n'}),
    ("notebook cell", {"eda.ipynb": notebook([{"cell_type": "code", "source": "import pandas as pd"}, {"cell_type": "code", "source": f'db_pass = "{PASSWORD}"'}])}),
    # (b) a literal password in a connection string, in code or configuration
    ("URL template filled by format", {"db.py": f'from sqlalchemy import create_engine\ne = create_engine("mysql+pymysql://{{u}}:{{p}}@localhost/{{d}}".format(u="root", p="{PASSWORD}", d="x"))\n'}),
    ("URL template filled by %", {"db.py": f'url = "postgresql://%s:%s@%s/db" % ("etl", "{PASSWORD}", host)\n'}),
    ("URL literal in code", {"db.py": 'from sqlalchemy import create_engine\nengine = create_engine("postgresql://user:S3cretPw@host/db")\n'}),
    ("word password on a remote host", {"db.py": 'URL = "postgresql://admin:admin123@db.shop-analytics.io:5432/prod"\n'}),
    ("URL in a config file", {"config/app.yaml": "database:\n  url: postgresql://app:S3cretPw@db.internal:5432/app\n", "app.py": "print(1)\n"}),
    ("key=value connection string", {"etl.py": f'import psycopg2\nconn = psycopg2.connect("host=localhost dbname=x user=etl password={PASSWORD}")\n'}),
    # (c) a hard-coded default for a secret environment variable
    ("getenv default", {"app.py": 'import os\nAPI_KEY = os.getenv("API_KEY", "secret123")\n'}),
    ("environ.get default", {"app.py": 'from os import environ\nkey = environ.get("SECRET_KEY", "my-default-api-key")\n'}),
    # (d) a workflow step that prints a secret into the public log
    ("echo of a secret", {".github/workflows/ci.yml": workflow('echo "secret: ${{ secrets.API_KEY }}"')}),
    ("env variable echoed", {".github/workflows/ci.yml": workflow('echo "key is $API_KEY"', env=SECRET_ENV)}),
    ("printed character by character", {".github/workflows/ci.yml": workflow('for i in $(seq 0 ${#API_KEY}); do echo -n "${API_KEY:$i:1} "; done', env=SECRET_ENV)}),
    ("spaced out through sed", {".github/workflows/ci.yml": workflow("echo $API_KEY | sed 's/./& /g'", env=SECRET_ENV)}),
    ("printed letter by letter by a Python step", {".github/workflows/leak.yml": PYTHON_STEP.format(body='          for q in (os.getenv("SECRET")):\n            print(q)\n')}),
    ("printed by a Python here-document", {".github/workflows/ci.yml": workflow("python - <<'EOF'", "import os", 'key = os.environ["API_KEY"]', 'print(" ".join(key))', "EOF", env=SECRET_ENV)}),
    ("printed by Python", {".github/workflows/ci.yml": workflow("""python -c "import os; print(' '.join(os.environ['API_KEY']))\"""", env=SECRET_ENV)}),
]

PASSING = [
    # placeholders and references
    ("URL placeholders", {"db.py": 'A = "postgresql://user:password@localhost/db"\nB = "mysql://username:password@host/db"\nC = "postgresql://me:<password>@host/db"\n'}),
    ("environment references", {"app.py": 'import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\nKEY = os.getenv("API_KEY")\nTOKEN = os.environ.get("HF_TOKEN", "")\nSECRET = os.getenv("SECRET_KEY", default=None)\n'}),
    ("templates", {"db.py": 'import os\nu, p = "etl", os.environ["PW"]\nA = f"postgresql://{u}:{p}@db/x"\nB = "mysql://{user}:{pw}@h/x".format(user=u, pw=p)\nC = "mysql://%s:%s@h" % (u, p)\n',
                   "docker-compose.yml": "services:\n  app:\n    environment:\n      DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD}@db/app\n"}),
    ("local development defaults", {"db.py": 'import os\nA = "postgresql://postgres:postgres@localhost:5432/db"\nB = "amqp://guest:guest@rabbitmq:5672/"\nPW = os.getenv("DB_PASSWORD", "airflow")\nMINIO_SECRET_KEY = "minioadmin"\n'}),
    ("development passwords of local services", {"docker-compose.yml": "services:\n  mlflow:\n    environment:\n      BACKEND_STORE_URI: postgresql://mlflow:mlflow_pass@postgres:5432/mlflow\n",
                                                  "cache.py": 'import os\nREDIS = os.getenv("REDIS_URL", "redis://:redis123@localhost:6379/0")\nDB = "mysql://{u}:{p}@db/shop".format(u="shop", p="shop_password")\n'}),
    ("names, paths and labels", {"app.py": 'import streamlit as st\nAPI_KEY_ENV = "OPENAI_API_KEY"\napi_key = "OPENAI_API_KEY"\nSECRET_NAME = "prod-db-password"\ncredentials = "service_account.json"\npw = st.text_input("Password", type="password")\n'}),
    ("tokenizer tokens", {"nlp.py": 'pad_token = "<pad>"\nmax_tokens = "512"\ntok = dict(bos_token="<s>", eos_token="</s>")\ntoken = "[CLS]"\nOTHER_TOKEN = "other"\n'}),
    ("placeholder values", {"settings.py": 'API_KEY = "your_api_key_here"\nDB_PASSWORD = "changeme"\nSECRET_KEY = "********"\nTOKEN = "xxx"\n'}),
    ("test files", {"tests/test_db.py": f'config = {{"password": "{PASSWORD}"}}\n', "conftest.py": 'import os\nos.environ["API_KEY"] = "k7Hq2pLz"\n', "app.py": "print(1)\n"}),
    ("examples and docs", {".env.example": "DATABASE_URL=postgresql://app:S3cretPw@db:5432/app\n", "README.md": "Set `postgresql://app:S3cretPw@db/app`.\n",
                           "docs/setup.md": "postgresql://app:S3cretPw@db/app\n", "config.sample.yml": "url: postgresql://app:S3cretPw@db/app\n", "app.py": "print(1)\n"}),
    ("workflows that keep secrets out of the log", {".github/workflows/ci.yml": workflow(
        'echo "${{ secrets.DOCKER_PASSWORD }}" | docker login -u me --password-stdin', 'echo "$API_KEY" > key.json',
        'echo "API_KEY=${{ secrets.API_KEY }}" >> $GITHUB_ENV', 'echo "::add-mask::$API_KEY"', "printf '%s' \"$API_KEY\" | base64 -d > creds.json",
        'huggingface-cli login --token "$API_KEY"', 'echo "deployed"', env=SECRET_ENV)}),
    ("a Python step that uses the secret and prints something else", {".github/workflows/ci.yml": PYTHON_STEP.format(body='          client = os.environ["SECRET"]\n          print("logged in", len(client) > 0)\n')}),
    ("a key DOC012 already reports", {"app.py": 'OPENAI_API_KEY = "sk-proj-' + "Ab3dE6gH9jK2mN5pQ8rS1tU4vW7xY0zA3bC6dE9fG2hJ5kL8" + '"\n'}),
]


@pytest.mark.parametrize(("name", "files"), FAILING, ids=[c[0] for c in FAILING])
def test_committed_credential_fails(name: str, files: dict) -> None:
    """Each class of committed credential fails DOC016, with evidence that names where and never the value."""
    finding = run_check(find_check("DOC016"), make_facts(files), "repo")
    assert finding.status is Status.FAIL, finding.message
    shown = repr(finding)
    for value in (PASSWORD, "S3cretPw", "secret123", "my-default-api-key", "k7Hq2pLz"):
        assert value not in shown
    assert all(e.path for e in finding.evidence)


@pytest.mark.parametrize(("name", "files"), PASSING, ids=[c[0] for c in PASSING])
def test_look_alike_passes(name: str, files: dict) -> None:
    """Placeholders, references, templates, dev defaults, tests, examples and safe workflow steps are not credentials."""
    finding = run_check(find_check("DOC016"), make_facts(files), "repo")
    assert finding.status is Status.PASS, [e.detail for e in finding.evidence]


def test_evidence_names_the_line_cell_and_kind() -> None:
    """The evidence places each credential (line in a file, cell in a notebook) and says its kind and name."""
    files = {
        "db.py": f'import os\n\nDB_PASSWORD = "{PASSWORD}"\nKEY = os.getenv("API_KEY", "secret123")\n',
        "eda.ipynb": notebook([{"cell_type": "markdown", "source": "# EDA"}, {"cell_type": "code", "source": f'x = 1\nconfig = {{"password": "{PASSWORD}"}}'}]),
        ".github/workflows/ci.yml": workflow("echo ok", 'echo "${{ secrets.API_KEY }}"'),
    }
    finding = run_check(find_check("DOC016"), make_facts(files), "repo")
    where = {(e.path, e.line, e.cell, e.detail.split(":", 1)[0]) for e in finding.evidence}
    assert where == {
        ("db.py", 3, None, "hard-coded credential"),
        ("db.py", 4, None, "hard-coded default of a secret environment variable"),
        ("eda.ipynb", None, 1, "hard-coded credential"),
        (".github/workflows/ci.yml", 10, None, "secret printed into the CI log"),
    }
    assert "`DB_PASSWORD`" in next(e.detail for e in finding.evidence if e.line == 3)


def test_nothing_to_read_is_not_applicable() -> None:
    finding = run_check(find_check("DOC016"), make_facts({"README.md": "# notes\n"}), "repo")
    assert finding.status is Status.NOT_APPLICABLE
