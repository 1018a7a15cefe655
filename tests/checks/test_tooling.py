"""BRD001's tool values: what the own code imports and trains with, what is only declared, infrastructure files."""

from __future__ import annotations

import json

from readiness.models import Status
from readiness.pipeline.engine import run_check
from checks import find_check
from tests.factories import make_facts

TORCH_TRAIN = """
import torch
from torch import nn
from sklearn.metrics import accuracy_score

model = nn.Linear(4, 1)
optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
for batch in range(10):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    optimiser.step()
print(accuracy_score([1], [1]))
"""
TF_IMPORT_ONLY = "import tensorflow as tf\n\nprint(tf.__version__)\n"
FILES = {
    "src/train.py": TORCH_TRAIN,
    "src/peek.py": TF_IMPORT_ONLY,
    "tests/test_x.py": "import xgboost\n\ndef test_x():\n    xgboost.XGBClassifier().fit([[1]], [1])\n",
    "requirements.txt": "torch==2.3.0\ntensorflow==2.16.1\nlangchain==0.2.0\n",
    "Dockerfile": "FROM python:3.12\nCOPY src/ src/\n",
    "deploy/k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n",
    "infra/main.tf": 'provider "aws" {\n  region = "eu-west-1"\n}\n',
    "src/__init__.py": "",
    "scripts/run.sh": "python -m src.train\n",
}


def values() -> dict[str, dict]:
    """BRD001's JSON tool values for the FILES repository."""
    finding = run_check(find_check("BRD001"), make_facts(FILES), "repo")
    assert finding.status is not Status.ERROR, finding.message
    return {k: json.loads(v) for k, v in finding.values if k in ("imports", "trains_with", "declared", "infra")}


def test_imports_and_training_come_from_the_own_code() -> None:
    found = values()
    assert set(found["imports"]) == {"torch", "sklearn", "tensorflow"}  # tests/ left out: no xgboost
    assert found["trains_with"] == {"torch": ["src/train.py", 7, None]}  # the torch.optim optimiser; sklearn only scores
    assert found["imports"]["tensorflow"] == ["src/peek.py", 1, None]


def test_declared_dependencies_and_infrastructure_files() -> None:
    found = values()
    assert set(found["declared"]) == {"torch", "tensorflow", "langchain"}
    assert found["declared"]["langchain"] == ["requirements.txt", 3, None]
    infra = found["infra"]
    assert infra["dockerfile"][0] == "Dockerfile" and infra["terraform"][0] == "infra/main.tf"
    assert infra["kubernetes"] == ["deploy/k8s.yaml", 2, None] and infra["cloud-aws"][0] == "infra/main.tf"
    assert infra["lang-python"][0] != "src/__init__.py" and infra["lang-shell"][0] == "scripts/run.sh"


def test_a_repository_without_code_still_reports_its_files() -> None:
    finding = run_check(find_check("BRD001"), make_facts({"Dockerfile": "FROM nginx\n", "README.md": "# x\n"}), "repo")
    assert finding.status is Status.NOT_APPLICABLE
    assert json.loads(dict(finding.values)["infra"]) == {"dockerfile": ["Dockerfile", None, None]}
