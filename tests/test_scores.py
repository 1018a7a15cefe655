"""Scores a reviewer would sign: evidence gates, best work, red flags, caps, bands, and the order of calibration look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.errors import ConfigError
from readiness.models import Status
from readiness.scoring.data import ROLES_FILE, _read, source_ids
from readiness.scoring.policy import load_policy, parse_policy
from readiness.scoring.roles import cap_ceiling, load_roles, plain_band, portfolio_scores
from readiness.scoring.scores import dimension_scores
from tests.factories import make_repo, notebook
from tests.guidance_helpers import make_finding, make_report

BOOK = load_roles()


def _score(report, name: str) -> float:
    return next(s.score for s in report.repo_scores if s.name == name)


# --------------------------------------------------------------------------- the sample portfolio


def test_sample_personas_land_in_the_bands_a_reviewer_would_give(sample_report) -> None:
    bands = {s.name: s.band for s in sample_report.repo_scores}
    for weak in ("titanic-notebooks", "sentiment-course", "notebook-scratchpad", "ml-project-template"):
        assert bands[weak] == "not yet", weak  # tutorial, coursework, a scratchpad, an unfilled template
    for strong in ("churn-model", "tinystats", "geokit"):
        assert bands[strong] == "strong", strong
    assert _score(sample_report, "ml-project-template") == 0.0  # not the candidate's work
    assert [s.name for s in sorted(sample_report.repo_scores, key=lambda s: s.best_work) if s.best_work] == ["churn-model", "tinystats", "geokit"]


def test_a_leaked_key_and_tutorial_work_keep_the_sample_out_of_the_top(sample_report) -> None:
    assert sample_report.overall < 80 and sample_report.overall_band == plain_band(sample_report.overall, BOOK)
    assert {(p.check_id, p.repo) for p in sample_report.penalties} == {("DOC012", "rag-chat"), ("DOC016", "rag-chat"), ("DOC012", "notebook-scratchpad")}
    target = sample_report.roles[0]
    assert target.role == "ml-engineer" and target.missing_must_haves == ("DOC012",)
    assert target.score == cap_ceiling(BOOK) == 59.9 and target.band == "emerging" and target.uncapped > target.score
    assert target.penalty == 30.0


def test_score_and_band_never_disagree(sample_report) -> None:
    for role in sample_report.roles:
        assert role.band == plain_band(role.score, BOOK), role
    for repo in sample_report.repo_scores:
        assert repo.band == plain_band(repo.score, BOOK), repo


def test_a_must_have_gap_comes_first_and_says_what_its_cap_costs(sample_report) -> None:
    first = sample_report.gaps[0]
    target = sample_report.roles[0]
    assert first.check_id == "DOC012" and first.gain > 0 and first.cap_lift == round(target.uncapped - target.score, 1)
    assert all(g.gain > 0 for g in sample_report.gaps)  # never "+0 points"


# --------------------------------------------------------------------------- the policy on hand-made findings


HYGIENE = ("DOC005", "DOC009", "DOC010", "NBK008", "COD001", "COD002", "ACT003")


def test_hygiene_alone_cannot_lift_a_repository() -> None:
    findings = [make_finding("tidy", c) for c in HYGIENE] + [make_finding("tidy", c, Status.FAIL) for c in ("DOC001", "TST001", "DEP001")]
    report = make_report({"tidy": findings})
    doc = next(d for d in report.repos[0].dimensions if d.dimension.value == "documentation")
    assert doc.score == 0.0  # a licence and an ignore file are not a README that explains the project
    assert _score(report, "tidy") <= load_policy().work_cap


def test_hygiene_moves_a_dimension_by_at_most_its_share() -> None:
    clean = dimension_scores([make_finding("r", "DOC001"), make_finding("r", "DOC005")])
    messy = dimension_scores([make_finding("r", "DOC001"), make_finding("r", "DOC005", Status.FAIL)])
    share = load_policy().hygiene_share
    assert clean[0].score == 10.0 and messy[0].score == round(10 * (1 - share), 2)


def test_red_flags_anywhere_and_broken_notebooks_only_in_the_best_work() -> None:
    good = {n: [make_finding(n, "DOC001"), make_finding(n, "TST001")] for n in ("a", "b", "c")}
    weak = [make_finding("d", "DOC001", points=2.0), make_finding("d", "NBK004", Status.FAIL), make_finding("d", "NBK001")]
    clean = make_report({**good, "d": weak})
    leaked = make_report({**good, "d": weak + [make_finding("d", "DOC012", Status.FAIL)]})
    assert clean.penalties == ()  # d's saved errors are not in the best work
    assert [(p.check_id, p.repo, p.points) for p in leaked.penalties] == [("DOC012", "d", 15.0)]
    assert leaked.overall == round(clean.overall - 15.0, 1)


def test_the_best_work_weighs_the_best_repository_most() -> None:
    repos = {n: [make_finding(n, "DOC001", Status.PASS if p >= 5 else Status.FAIL, points=p), make_finding(n, "TST001", Status.FAIL)]
             for n, p in (("a", 10.0), ("b", 4.0), ("c", 1.0), ("d", 0.0))}
    scored = portfolio_scores(make_report(repos).repos)
    assert scored.dimensions[0].score == round((10 * 3 + 4 * 2 + 1) / 6, 2)
    assert [s.best_work for s in scored.repos] == [1, 2, 3, 0]


def test_the_policy_is_validated_as_data() -> None:
    data = _read(ROLES_FILE)
    checks = {f"{p}{n:03d}" for p in ("DOC", "DEP", "TST", "NBK", "COD", "BRD", "ORG", "ACT", "OSS") for n in range(1, 19)}
    assert parse_policy(data, checks, source_ids()).best_work == (3.0, 2.0, 1.0)
    with pytest.raises(ConfigError, match="evidence.testing.checks"):
        parse_policy({**data, "evidence": {**data["evidence"], "testing": {**data["evidence"]["testing"], "checks": ["NOPE1"]}}}, checks, source_ids())
    with pytest.raises(ConfigError, match="best_work weights must not increase"):
        parse_policy({**data, "best_work": [1, 3]}, checks, source_ids())
    with pytest.raises(ConfigError, match="red_flags"):
        parse_policy({**data, "red_flags": [{"check": "DOC012", "scope": "everywhere", "penalty": 5, "reason": "x", "source": "seed-000"}]}, checks, source_ids())


# --------------------------------------------------------------------------- look-alikes of calibration repositories


README_FULL = """# {title}

{what} This project is my own work: I collected the data, trained and evaluated the model, and serve it.

## Install

```bash
pip install -r requirements.txt
```

## Usage

```bash
python train.py
uvicorn app:app
```

## Results

The model reaches an accuracy of 0.91 and F1 of 0.88 on the held-out test set (baseline 0.62).
"""

TRAIN = """import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split


def load(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path)
    frame = frame.dropna().drop_duplicates()
    frame["amount"] = frame["amount"].clip(lower=0)
    return frame


def main() -> None:
    frame = load("data/orders.csv")
    X_train, X_test, y_train, y_test = train_test_split(frame[["amount", "items"]], frame["late"], test_size=0.2, random_state=0)
    model = LogisticRegression().fit(X_train, y_train)
    print(accuracy_score(y_test, model.predict(X_test)))
    joblib.dump(model, "model.joblib")


if __name__ == "__main__":
    main()
"""

COLLECT = """import csv

import requests


def fetch(day: str) -> list[dict]:
    response = requests.get("https://api.example.org/orders", params={"day": day}, timeout=30)
    response.raise_for_status()
    return response.json()["orders"]


def save(rows: list[dict], path: str = "data/orders.csv") -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["amount", "items", "late"])
        writer.writeheader()
        writer.writerows(rows)
"""

APP = """import joblib
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("model.joblib")


@app.post("/predict")
def predict(amount: float, items: int) -> dict:
    return {"late": int(model.predict([[amount, items]])[0])}
"""

TESTS = "\n\n".join(
    f"def test_load_case_{i}():\n    frame = load_frame({i})\n    assert len(frame) == {i}\n    assert (frame['amount'] >= 0).all()" for i in range(1, 13)
)
TESTS = "import pandas as pd\n\nfrom train import load\n\n\ndef load_frame(n):\n    return load_rows(n)\n\n\ndef load_rows(n):\n    return pd.DataFrame({'amount': range(n), 'items': range(n), 'late': [0] * n})\n\n\n" + TESTS + "\n"

CI = """name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: pytest -q
"""

REQS = "pandas==2.2.2\nscikit-learn==1.5.0\nfastapi==0.111.0\njoblib==1.4.2\nrequests==2.32.3\npytest==8.2.0\n"


def _lookalikes() -> dict[str, dict[str, str | bytes]]:
    """Small synthetic copies of calibration classes, weakest first (signal 1, 2, 3, 5)."""
    stub = {"README.md": "# titanic\n", "titanic.ipynb": notebook([
        {"cell_type": "code", "source": "import pandas as pd\ndf = pd.read_csv('train.csv')"},
        {"cell_type": "code", "source": "df.head()"}])}
    tutorial = {
        "README.md": "# Titanic survival\n\nA Streamlit app that predicts Titanic survival.\n\nRun `streamlit run app.py`.\n",
        "train.py": "import pandas as pd\nimport joblib\nfrom sklearn.linear_model import LogisticRegression\n\n"
                    "df = pd.read_csv('train.csv')\nmodel = LogisticRegression().fit(df[['Pclass', 'Fare']], df['Survived'])\njoblib.dump(model, 'model.pkl')\n",
        "app.py": "import joblib\nimport streamlit as st\n\nmodel = joblib.load('model.pkl')\nfare = st.number_input('Fare')\nst.write(model.predict([[3, fare]]))\n",
        "requirements.txt": "pandas\nscikit-learn\nstreamlit\njoblib\n",
        "train.csv": "PassengerId,Survived,Pclass,Name,Sex,Age,Fare,Embarked\n1,0,3,A,male,22,7.25,S\n2,1,1,B,female,38,71.3,C\n",
        "model.pkl": b"\x80\x04not a real model",
    }
    service = {"README.md": README_FULL.format(title="Late orders", what="Predicts late deliveries from order data."),
               "train.py": TRAIN, "collect.py": COLLECT, "app.py": APP, "requirements.txt": REQS, "tests/test_train.py": TESTS,
               "data/orders.csv": "amount,items,late\n" + "".join(f"{i}.5,{i % 4},{i % 2}\n" for i in range(40)),
               "model.joblib": b"\x80\x04not a real model", "LICENSE": "MIT License\n", ".gitignore": "__pycache__/\n.venv/\n"}
    mlops = {**service, ".github/workflows/ci.yml": CI, "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nWORKDIR /app\n"
             "RUN pip install -r requirements.txt\nCMD [\"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\"]\n"}
    return {"stub": stub, "tutorial": tutorial, "service": service, "mlops": mlops}


def test_calibration_lookalikes_rank_as_a_reviewer_ranks_them(tmp_path: Path) -> None:
    """A stub notebook < a tutorial app on Titanic < a tested service on own data < the same with CI and a container."""
    from readiness.pipeline.assess import assess
    from readiness.pipeline.config import Config
    from readiness.sources.local import local_source

    scores = {}
    for name, files in _lookalikes().items():
        path = make_repo(tmp_path / name, files)
        report = assess([local_source(str(path))], Config(), name)
        scores[name] = report.overall
    assert scores["stub"] < 30, scores
    assert scores["stub"] < scores["tutorial"] < scores["service"] < scores["mlops"], scores
    assert scores["tutorial"] < 50 and scores["mlops"] >= 70, scores


def test_a_repository_whose_work_readiness_cannot_read_is_not_judged() -> None:
    # A Go service with a good README: every engineering check is not applicable (no Python or notebook), so a score
    # would rest on its README alone. It is listed unscored and never enters the best work.
    unread = [make_finding("go-scraper", "DOC001"), make_finding("go-scraper", "ORG001", points=6.0),
              *(make_finding("go-scraper", c, Status.NOT_APPLICABLE) for c in load_policy().judged)]
    python = [make_finding("notebook", "DOC001"), make_finding("notebook", "NBK001"), make_finding("notebook", "TST001", Status.FAIL)]
    report = make_report({"go-scraper": unread, "notebook": python})
    by_name = {s.name: s for s in report.repo_scores}
    assert by_name["go-scraper"].score is None and by_name["go-scraper"].best_work == 0
    assert by_name["notebook"].score is not None and by_name["notebook"].best_work == 1
    assert set(load_policy().judged) >= {"DEP001", "TST001", "NBK001"}
