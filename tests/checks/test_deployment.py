"""Deployment checks on hand-built facts: each check both ways, the traps, and the facts they rest on."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from checks import find_check
from readiness.facts import build_facts
from readiness.facts.ci_steps import read_pipeline
from readiness.facts.docker import copy_sources, parse_dockerfile
from readiness.facts.ignore import ignore_candidates, ignored_paths
from readiness.facts.workflows import parse_workflow
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts, make_repo

FASTAPI_APP = '''import joblib
from fastapi import FastAPI
app = FastAPI()
model = joblib.load("models/model.joblib")

@app.post("/predict")
def predict(x: dict) -> dict:
    return {"y": float(model.predict([[x["a"]]])[0])}
'''
FLASK_CRUD = '''from flask import Flask, jsonify
app = Flask(__name__)

@app.get("/items")
def items():
    return jsonify([])
'''
FLASK_INDIRECT = '''from flask import Flask
from serving.loader import MODEL
app = Flask(__name__)

@app.route("/predict", methods=["POST"])
def predict():
    return str(MODEL.predict([[1]]))
'''
LOADER_MODULE = 'import torch\nMODEL = torch.load("weights/net.pt")\n'
TRAIN = "from sklearn.linear_model import LogisticRegression\nimport joblib\nm = LogisticRegression().fit([[0]], [0])\njoblib.dump(m, 'models/model.joblib')\n"
STREAMLIT = "import streamlit as st\nfrom transformers import pipeline\nclf = pipeline('sentiment-analysis')\nst.write(clf('hi'))\n"
STREAMLIT_EDA = "import streamlit as st\nimport pandas as pd\nst.line_chart(pd.read_csv('data.csv'))\n"
DOCKER_OK = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app/ app/\nCOPY models/ models/\nCMD [\"uvicorn\", \"app.main:app\"]\n"
DOCKER_MISSING = "FROM python:3.11-slim\nCOPY src/ /app/src/\nCMD [\"python\", \"src/serve.py\"]\n"
DEPLOY_WF = "on:\n  push:\n    branches: [main]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: gcloud run deploy api --source .\n"
COMMENTED_WF = "# on: push\n# jobs:\n#   d:\n#     steps:\n#       - run: fly deploy\n"
RELEASE_WF = "on:\n  push:\n    tags: ['v*']\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m build\n      - uses: pypa/gh-action-pypi-publish@release/v1\n"
LIBRARY = '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "lib"\n'
SERVICE = {"app/main.py": FASTAPI_APP, "models/model.joblib": "x", "train.py": TRAIN}
IGNORED_MODEL = MappingProxyType({"models/model.joblib": True, "app/models/model.joblib": True})

CASES = [
    # DEP001 deployment-level
    ("DEP001", {**SERVICE, "Dockerfile": DOCKER_OK, "requirements.txt": "fastapi\n"}, {}, Status.PASS, "strong"),
    ("DEP001", {"app/main.py": FASTAPI_APP, "Procfile": "web: uvicorn app.main:app\n", "train.py": TRAIN}, {"ignored": IGNORED_MODEL}, Status.PASS, "partial"),
    ("DEP001", {"app.py": FLASK_CRUD, "Dockerfile": "FROM python:3.12\nCOPY . .\nCMD gunicorn app:app\n"}, {}, Status.PASS, "partial"),
    ("DEP001", {"nb.ipynb": "", "train.py": TRAIN}, {}, Status.FAIL, "none"),
    ("DEP001", {"pyproject.toml": LIBRARY, "src/lib/__init__.py": "x = 1\n", ".github/workflows/release.yml": RELEASE_WF}, {}, Status.NOT_APPLICABLE, "not-applicable"),
    ("DEP001", {"etl.py": "import requests\n"}, {}, Status.NOT_APPLICABLE, "none"),  # nothing deployed, not judged: not a library
    # DEP002 model-serving
    ("DEP002", SERVICE, {}, Status.PASS, None),
    ("DEP002", {"api/app.py": FLASK_INDIRECT, "serving/loader.py": LOADER_MODULE, "serving/__init__.py": ""}, {}, Status.PASS, None),
    ("DEP002", {"train.py": TRAIN, "Procfile": "web: mlflow models serve -m models:/churn/Production -p $PORT\n"}, {}, Status.PASS, None),
    ("DEP002", {"train.py": TRAIN, "README.md": "# x\n\n    mlflow models serve -m runs:/abc/model\n"}, {}, Status.FAIL, None),  # documented, not configured
    ("DEP002", {"app.py": FLASK_CRUD, "train.py": TRAIN}, {}, Status.FAIL, None),
    ("DEP002", {"app.py": FLASK_CRUD}, {}, Status.FAIL, None),
    ("DEP002", {"train.py": TRAIN}, {}, Status.FAIL, None),
    ("DEP002", {"etl.py": "import requests\n"}, {}, Status.NOT_APPLICABLE, None),
    # DEP003 demo-app
    ("DEP003", {"app.py": STREAMLIT}, {}, Status.PASS, None),
    ("DEP003", {"app.py": STREAMLIT_EDA, "train.py": TRAIN}, {}, Status.PASS, None),
    ("DEP003", {"train.py": TRAIN}, {}, Status.FAIL, None),
    ("DEP003", SERVICE, {}, Status.NOT_APPLICABLE, None),
    # DEP004 packaging-refers-to-code
    ("DEP004", {**SERVICE, "Dockerfile": DOCKER_OK, "requirements.txt": "fastapi\n"}, {}, Status.PASS, None),
    ("DEP004", {**SERVICE, "Dockerfile": DOCKER_OK}, {}, Status.FAIL, None),  # COPY requirements.txt: not committed
    ("DEP004", {**SERVICE, "Procfile": "web: uvicorn app.main:app --port $PORT\n"}, {}, Status.PASS, None),
    ("DEP004", {**SERVICE, "Dockerfile": DOCKER_MISSING}, {}, Status.FAIL, None),
    ("DEP004", {**SERVICE, "Procfile": "web: gunicorn server:app\n"}, {}, Status.FAIL, None),
    ("DEP004", SERVICE, {}, Status.FAIL, None),
    ("DEP004", {**SERVICE, ".devcontainer/Dockerfile": DOCKER_OK}, {}, Status.FAIL, None),
    ("DEP004", {"train.py": TRAIN, "deploy.py": "from sagemaker.sklearn import SKLearnModel\nSKLearnModel(model_data='s3://b/m.tar.gz', role='r').deploy(instance_type='ml.t2.medium', initial_instance_count=1)\n"}, {}, Status.PASS, None),
    ("DEP004", {**SERVICE, "Dockerfile": "FROM jupyter/scipy-notebook\nCOPY . .\n"}, {}, Status.FAIL, None),  # a notebook image, not packaging
    ("DEP004", {"etl.py": "import requests\n", "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n"}, {}, Status.NOT_APPLICABLE, None),
    # DEP005 deploy-automation
    ("DEP005", {**SERVICE, ".github/workflows/deploy.yml": DEPLOY_WF}, {}, Status.PASS, None),
    ("DEP005", {"pyproject.toml": LIBRARY, ".github/workflows/release.yml": RELEASE_WF}, {}, Status.PASS, None),
    ("DEP005", {**SERVICE, ".github/workflows/deploy.yml": COMMENTED_WF}, {}, Status.FAIL, None),
    ("DEP005", SERVICE, {}, Status.FAIL, None),
    ("DEP005", {"train.py": TRAIN}, {}, Status.NOT_APPLICABLE, None),
    # DEP006 deploy-artifacts-present
    ("DEP006", SERVICE, {}, Status.PASS, None),
    ("DEP006", {"app/main.py": FASTAPI_APP, "Dockerfile": DOCKER_OK.replace("COPY models/ models/\n", "RUN curl -L -o models/model.joblib https://example.org/releases/download/v1/model.joblib\n")}, {"ignored": IGNORED_MODEL}, Status.PASS, None),
    ("DEP006", {"app.py": STREAMLIT}, {}, Status.PASS, None),
    ("DEP006", {"app/main.py": FASTAPI_APP, "Procfile": "web: uvicorn app.main:app\n"}, {"ignored": IGNORED_MODEL}, Status.FAIL, None),
    ("DEP006", {"app/main.py": FASTAPI_APP}, {}, Status.FAIL, None),
    ("DEP006", {"app.py": FLASK_CRUD}, {}, Status.NOT_APPLICABLE, None),
    ("DEP006", {"train.py": TRAIN}, {}, Status.NOT_APPLICABLE, None),
    # DEP007 model-export-or-card
    ("DEP007", {"export.py": "import torch\nm = torch.nn.Linear(1, 1)\nm.train()\ntorch.onnx.export(m, torch.zeros(1), 'm.onnx')\n"}, {}, Status.PASS, None),
    ("DEP007", {"train.py": TRAIN.replace("joblib.dump(m, 'models/model.joblib')\n", ""), "MODEL_CARD.md": "# card"}, {}, Status.PASS, None),
    ("DEP007", {"train.py": TRAIN}, {}, Status.PASS, None),
    ("DEP007", {"train.py": TRAIN.replace("joblib.dump(m, 'models/model.joblib')\n", "")}, {}, Status.FAIL, None),
    ("DEP007", {"app.py": STREAMLIT}, {}, Status.NOT_APPLICABLE, None),
    # DEP008 live-demo-claimed
    ("DEP008", {"app.py": STREAMLIT, "README.md": "# x\nLive: https://x-ada.streamlit.app\n"}, {}, Status.PASS, None),
    ("DEP008", {"app.py": STREAMLIT, "README.md": "# x\nTry [the demo](https://huggingface.co/spaces/ada/x).\n"}, {}, Status.PASS, None),
    ("DEP008", {"app.py": STREAMLIT, "README.md": "# x\nRead [my post](https://medium.com/@ada/x-1).\n"}, {}, Status.FAIL, None),
    ("DEP008", {"app.py": STREAMLIT, "README.md": "# x\nDemo: https://1234abcd.gradio.live\n"}, {}, Status.FAIL, None),
    ("DEP008", {"train.py": TRAIN, "README.md": "# x\n"}, {}, Status.NOT_APPLICABLE, None),
]


@pytest.mark.parametrize(("check_id", "files", "overrides", "expected", "level"), CASES)
def test_deployment_check(check_id: str, files: dict, overrides: dict, expected: Status, level: str | None) -> None:
    spec = find_check(check_id)
    assert spec is not None
    result = run_check(spec, make_facts(files, **overrides), "repo")
    assert result.status is expected, result.message
    assert result.evidence or result.searched or result.status is not Status.FAIL
    if level:
        assert dict(result.values)["level"] == level


def test_web_code_is_named_as_such() -> None:
    result = run_check(find_check("DEP002"), make_facts({"app.py": FLASK_CRUD}), "repo")  # type: ignore[arg-type]
    assert "web code, not model serving" in result.message


def test_missing_model_says_gitignored() -> None:
    facts = make_facts({"app/main.py": FASTAPI_APP}, ignored=IGNORED_MODEL)
    result = run_check(find_check("DEP006"), facts, "repo")  # type: ignore[arg-type]
    assert any("git check-ignore" in e.detail and e.path == "app/main.py" and e.line == 4 for e in result.evidence)


def test_dockerfile_parser_joins_continuations_and_skips_stage_copies() -> None:
    text = "# comment\nFROM python:3.11 AS build\nRUN pip install \\\n    numpy\nCOPY --from=build /x /x\nCOPY [\"a.py\", \"b/\", \"/app/\"]\n"
    instructions = parse_dockerfile(text)
    assert [i.keyword for i in instructions] == ["FROM", "RUN", "COPY", "COPY"]
    assert instructions[1].args == "pip install numpy" and instructions[1].line == 3
    assert copy_sources(instructions[2]) == () and copy_sources(instructions[3]) == ("a.py", "b/")


def test_ci_reader_sees_commented_out_and_continue_on_error() -> None:
    assert read_pipeline(parse_workflow(".github/workflows/x.yml", "github-actions", COMMENTED_WF)).inert == "entirely commented out"
    text = "on: [push]\njobs:\n  t:\n    steps:\n      - run: pytest\n        continue-on-error: true\n"
    steps = read_pipeline(parse_workflow(".github/workflows/x.yml", "github-actions", text)).steps
    assert steps[0].disabled and steps[0].line == 5
    gitlab = "stages: [test]\ntest:\n  script:\n    - pip install -r requirements.txt\n    - pytest\n"
    assert [s.command for s in read_pipeline(parse_workflow(".gitlab-ci.yml", "gitlab", gitlab)).steps] == ["pip install -r requirements.txt", "pytest"]


def test_ignore_facts_ask_git(tmp_path) -> None:
    """The facts stage asks git which model paths and COPY sources .gitignore excludes (not the checks)."""
    root = make_repo(tmp_path / "r", {".gitignore": "*.pkl\nweights/\n", "app.py": "import pickle\nm = pickle.load(open('model.pkl', 'rb'))\n", "Dockerfile": "FROM python\nCOPY weights/ w/\nCOPY app.py .\n"})
    facts = build_facts(root)
    assert facts.ignored == {"model.pkl": True, "weights/": True, "app.py": False}
    assert set(ignore_candidates(facts.modules, facts.texts)) == {"model.pkl", "weights/", "app.py"}
    assert ignored_paths(root, ())[0] == {}


def test_paths_outside_the_repository_are_never_asked(tmp_path) -> None:
    from readiness.facts.ignore import clean

    assert clean("../secret.pkl") is None and clean("/etc/model.pkl") is None and clean("./models/m.pkl") == "models/m.pkl"
    mapping, problem = ignored_paths(tmp_path, ("model.pkl",))  # not a git repository: a problem, not an exception
    assert mapping == {} and problem is not None
