"""Breadth checks on hand-built facts: lifecycle stages per repository, domains and curriculum across a portfolio."""

from __future__ import annotations

from typing import Any

import pytest

from checks import all_checks, find_check
from readiness.facts.model import PortfolioFacts, RepoFacts
from readiness.models import Person, RepoReport, Status
from readiness.pipeline.engine import run_check, run_checks
from tests.factories import make_facts, notebook

CANDIDATE = Person("ada-learner", "Ada Learner", ("ada@example.com",), 4242)

TRAIN_EVAL = """
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

frame = pd.read_csv("data/raw/orders.csv")
frame["day"] = pd.to_datetime(frame["day"])
X_train, X_test, y_train, y_test = train_test_split(frame[["a"]], frame["y"])
model = LogisticRegression().fit(X_train, y_train)
print(f1_score(y_test, model.predict(X_test)))
"""
TRAIN_ONLY = """
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

df = pd.read_csv("train.csv")
rf = RandomForestClassifier()
rf.fit(df[["a"]], df["y"])
rf.score(df[["a"]], df["y"])
"""
KERAS_VALIDATION = """
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.fit(x, y, validation_split=0.2)
"""
PIPELINE = """
import requests
import pandas as pd

def fetch(url):
    return pd.DataFrame(requests.get(url, timeout=9).json()).dropna()
"""
RAG = "import openai\nimport faiss\nimport streamlit as st\nst.write(openai.OpenAI())\n"
TS = "import pandas as pd\nfrom statsmodels.tsa.arima.model import ARIMA\nfrom sklearn.metrics import mean_absolute_error\nARIMA(y, order=(1, 0, 0)).fit()\nmean_absolute_error(a, b)\n"
STATS = "import numpy as np\n\ndef ci(x):\n    return np.quantile(x, 0.05), np.percentile(x, 95), np.median(x), np.var(x)\n"

CASES = [
    ("BRD001", {"train.py": TRAIN_EVAL}, Status.PASS),
    ("BRD001", {"model.ipynb": notebook([{"cell_type": "code", "source": TRAIN_ONLY}])}, Status.FAIL),  # scored on its training data
    ("BRD001", {"train.py": KERAS_VALIDATION}, Status.PASS),
    ("BRD001", {"fetch.py": PIPELINE}, Status.NOT_APPLICABLE),  # trains nothing: stages still reported
    ("BRD001", {"README.md": "# notes\n"}, Status.NOT_APPLICABLE),
    ("BRD001", {"train.py": TRAIN_ONLY, "tests/test_model.py": "from sklearn.metrics import f1_score\nf1_score(a, b)\n"}, Status.PASS),  # a model-quality test
    ("BRD001", {"train.py": TRAIN_ONLY, "tests/test_model.py": "from sklearn.metrics import f1_score\n"}, Status.FAIL),  # imported, never used
    ("BRD001", {"train.py": TRAIN_ONLY, "tests/test_model.py": "import sklearn\nfrom sklearn.linear_model import LinearRegression\nLinearRegression().fit(x, y)\n"}, Status.FAIL),  # training in tests is not the project's
]


@pytest.mark.parametrize(("check_id", "files", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_breadth_check(check_id: str, files: dict, expected: Status) -> None:
    spec = find_check(check_id)
    finding = run_check(spec, make_facts(files), "repo")
    assert finding.status is expected, finding.message
    assert finding.evidence or finding.searched or finding.status is Status.NOT_APPLICABLE


def values_of(finding: Any) -> dict[str, str]:
    """A finding's values as a dict."""
    return dict(finding.values)


def test_stages_are_a_list_with_domains() -> None:
    files = {"train.py": TRAIN_EVAL, "collect.py": PIPELINE, "app.py": "import fastapi\n", "Dockerfile": "FROM python:3.12\n"}
    finding = run_check(find_check("BRD001"), make_facts(files), "repo")
    values = values_of(finding)
    assert values["stages"] == "collection,preparation,training,evaluation,serving"
    assert values["domains"] == "tabular"  # a model served from a container is one MLOps practice, not the domain
    assert finding.points == 8  # 6 for training with evaluation, +1 for the data side, +1 for serving
    tracked = {**files, "track.py": "import mlflow\nmlflow.log_metric('f1', 0.9)\n"}
    with_tracking = run_check(find_check("BRD001"), make_facts(tracked), "repo")
    assert values_of(with_tracking)["domains"] == "tabular,mlops" and with_tracking.points == 9  # MLOps practice of two kinds
    assert run_check(find_check("BRD001"), make_facts({"train.py": TRAIN_EVAL}), "repo").points == 7  # cleans, trains, scores


def test_pipeline_reports_stages_though_not_applicable() -> None:
    finding = run_check(find_check("BRD001"), make_facts({"fetch.py": PIPELINE, "models/stg.sql": "select 1\n"}), "repo")
    assert finding.status is Status.NOT_APPLICABLE
    assert values_of(finding)["stages"] == "collection,preparation"
    assert values_of(finding)["domains"] == "data-engineering"


def test_readme_claims_need_the_domains_code() -> None:
    """A README claim counts only with the domain's own libraries in the code; an interest is not a project."""
    readme = {"README.md": "# Hi\n\nI'm interested in forecasting and recommender systems.\n"}
    ml = run_check(find_check("BRD001"), make_facts({**readme, "train.py": TRAIN_EVAL}), "repo")
    assert values_of(ml)["domains"] == "tabular"
    backed = run_check(find_check("BRD001"), make_facts({**readme, "train.py": TRAIN_EVAL, "ts.py": "import statsmodels.api as sm\n"}), "repo")
    assert values_of(backed)["domains"] == "tabular,time-series"


def repo_report(name: str, facts: RepoFacts, fork: bool = False) -> RepoReport:
    """A RepoReport from running every repo-scope check on FACTS."""
    specs = tuple(s for s in all_checks() if s.scope == "repo")
    findings = run_checks(specs, facts, name)
    return RepoReport(name, f"test:{name}", facts.head, findings, (), (), len(facts.files), (), len(facts.history.commits), fork)


def portfolio_of(*repos: tuple[str, RepoFacts], candidate: Person | None = CANDIDATE) -> PortfolioFacts:
    """PortfolioFacts over hand-built repositories."""
    return PortfolioFacts("test portfolio", candidate, tuple(repo_report(name, facts) for name, facts in repos))


def test_domain_breadth_both_ways() -> None:
    spec = find_check("BRD002")
    one = portfolio_of(("a", make_facts({"train.py": TRAIN_EVAL})))
    assert run_check(spec, one, "portfolio").status is Status.FAIL
    many = portfolio_of(("a", make_facts({"train.py": TRAIN_EVAL})), ("b", make_facts({"app.py": RAG})), ("c", make_facts({"ts.py": TS})))
    finding = run_check(spec, many, "portfolio")
    assert finding.status is Status.PASS, finding.message
    assert set(values_of(finding)["domains"].split(",")) >= {"tabular", "llm", "time-series"}
    assert any("not shown" in e.detail for e in finding.evidence)


def test_shallow_domains_do_not_count() -> None:
    """A domain seen only in a repository that trains without evaluating is listed as shallow."""
    spec = find_check("BRD002")
    finding = run_check(spec, portfolio_of(("a", make_facts({"t.py": TRAIN_ONLY})), ("b", make_facts({"app.py": RAG}))), "portfolio")
    assert finding.status is Status.FAIL
    assert values_of(finding)["shallow"] == "tabular"


def test_curriculum_map_lists_each_area_with_repositories() -> None:
    spec = find_check("BRD003")
    repos = [
        ("stats", make_facts({"src/stats/ci.py": STATS, "src/stats/more.py": STATS, "pyproject.toml": "[project]\nname='s'\n"})),
        ("model", make_facts({"train.py": TRAIN_EVAL, "collect.py": PIPELINE})),
        ("rag", make_facts({"app.py": RAG})),
    ]
    finding = run_check(spec, portfolio_of(*repos), "portfolio")
    assert finding.status is Status.PASS, finding.message
    assert len(finding.evidence) == 5
    assert finding.evidence[0].detail.startswith("applied mathematics: stats")
    assert "seed 001" in finding.message
    thin = run_check(spec, portfolio_of(("rag", make_facts({"app.py": RAG}))), "portfolio")
    assert thin.status is Status.FAIL and "missing" in thin.message


def test_forks_and_repositories_without_candidate_commits_are_left_out() -> None:
    from readiness.facts.model import Commit, History

    theirs = History((Commit("a" * 40, "Someone", "someone@example.org", 1, 1, "Add model"),))
    facts = make_facts({"ts.py": TS}, history=theirs, candidate=CANDIDATE)
    portfolio = portfolio_of(("mine", make_facts({"train.py": TRAIN_EVAL}, candidate=CANDIDATE)), ("theirs", facts))
    finding = run_check(find_check("BRD002"), portfolio, "portfolio")
    assert "time-series" not in values_of(finding)["domains"]
