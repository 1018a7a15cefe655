"""Originality checks on hand-built facts: own data, templates and coursework, a portfolio beyond tutorial data."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.checks.test_breadth import portfolio_of, values_of
from tests.factories import make_facts, notebook

IRIS = "from sklearn.datasets import load_iris\nfrom sklearn.svm import SVC\nX, y = load_iris(return_X_y=True)\nSVC().fit(X, y)\n"
TITANIC = "import pandas as pd\ndf = pd.read_csv('/Users/ada/Downloads/titanic/train.csv')\ndf['Age'] = df['Age'].fillna(30)\n"
KERAS_MNIST = "from tensorflow import keras\n(x, y), _ = keras.datasets.mnist.load_data()\n"
SEABORN = "import seaborn as sns\ntips = sns.load_dataset('tips')\n"
COLUMNS = "import pandas as pd\ndf = pd.read_csv('data/train.csv')\ndf.groupby('Pclass')['Survived'].mean()\ndf['PassengerId']\n"
SCRAPER = "import requests\nfrom bs4 import BeautifulSoup\n\ndef page(url):\n    return BeautifulSoup(requests.get(url, timeout=9).text, 'html.parser')\n"
CLEANING = """
import pandas as pd

def clean(path):
    frame = pd.read_csv(path).drop_duplicates()
    frame["day"] = pd.to_datetime(frame["day"], format="mixed")
    frame["plan"] = frame["plan"].str.strip().str.lower()
    return frame
"""
PREPARED = "import pandas as pd\nfrom sklearn.linear_model import LinearRegression\ndf = pd.read_csv('data/kaggle_prices.csv')\nLinearRegression().fit(df[['a']], df['b'])\n"
STUBS = 'def main():\n    """Runs data processing scripts to turn raw data into cleaned data."""\n    pass\n\n\ndef train():\n    pass\n'
TEMPLATE_README = "# project\n\nA short description of the project.\n\n## Project Organization\n"

CASES = [
    # ORG001 own-data
    ("ORG001", {"scrape.py": SCRAPER}, Status.PASS),
    ("ORG001", {"clean.py": CLEANING}, Status.PASS),
    ("ORG001", {"t.ipynb": notebook([{"cell_type": "code", "source": TITANIC}])}, Status.FAIL),
    ("ORG001", {"iris.py": IRIS}, Status.FAIL),
    ("ORG001", {"train.py": PREPARED}, Status.FAIL),  # no toy data, but no own data work either
    ("ORG001", {"train.py": PREPARED, "README.md": "# Loans\n\n1,200 anonymised applications from a credit-union export.\n"}, Status.PASS),
    ("ORG001", {"t.py": TITANIC, "README.md": "# Titanic\n\nData collected from Kaggle.\n"}, Status.FAIL),  # a claim does not cover toy data
    ("ORG001", {"lib.py": "def mean(x):\n    return sum(x) / len(x)\n"}, Status.NOT_APPLICABLE),
    ("ORG001", {"lib.py": "def mean(x):\n    return sum(x) / len(x)\n", "tests/test_lib.py": IRIS}, Status.NOT_APPLICABLE),
    # ORG002 not-a-template
    ("ORG002", {"README.md": TEMPLATE_README, "src/dataset.py": STUBS}, Status.FAIL),
    ("ORG002", {"src/clean.py": CLEANING}, Status.PASS),
    ("ORG002", {"week3/homework.py": CLEANING}, Status.PASS),  # coursework is a label
    ("ORG002", {"README.md": "# x\n"}, Status.NOT_APPLICABLE),
    ("ORG002", {"geo.py": "RADIUS = 6371.0\n\n\ndef radius():\n    return RADIUS\n\n\ndef unit():\n    return 'km'\n"}, Status.PASS),  # tiny bodies are not stubs
    ("ORG002", {"api.py": "def fit(x):\n    raise NotImplementedError\n\n\ndef predict(x):\n    ...\n"}, Status.FAIL),
    ("ORG002", {"base.py": "import abc\n\nclass B(abc.ABC):\n    @abc.abstractmethod\n    def run(self):\n        pass\n\n    @abc.abstractmethod\n    def stop(self):\n        pass\n"}, Status.PASS),
]


@pytest.mark.parametrize(("check_id", "files", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_originality_check(check_id: str, files: dict, expected: Status) -> None:
    finding = run_check(find_check(check_id), make_facts(files), "repo")
    assert finding.status is expected, finding.message


@pytest.mark.parametrize(
    ("code", "dataset"),
    [(IRIS, "Iris"), (TITANIC, "Titanic"), (KERAS_MNIST, "MNIST"), (SEABORN, "seaborn sample data"), (COLUMNS, "Titanic"),
     ("from torchvision import datasets\ndatasets.FashionMNIST('data', download=True)\n", "Fashion-MNIST"),
     ("from datasets import load_dataset\nload_dataset('imdb')\n", "IMDB reviews"),
     ("from sklearn.datasets import fetch_california_housing\nfetch_california_housing()\n", "California housing")],
)
def test_tutorial_datasets_are_labelled(code: str, dataset: str) -> None:
    finding = run_check(find_check("ORG001"), make_facts({"main.py": code}), "repo")
    assert dataset in values_of(finding)["toy"].split(","), finding.values


def test_toy_data_file_is_labelled() -> None:
    finding = run_check(find_check("ORG001"), make_facts({"load.py": "import pandas as pd\npd.read_csv(path)\n", "data/winequality-red.csv": "a,b\n"}), "repo")
    assert values_of(finding)["toy"] == "Wine"


def test_toy_data_only_in_tests_does_not_count() -> None:
    files = {"collect.py": SCRAPER, "tests/test_model.py": IRIS, "docs/example.py": KERAS_MNIST}
    finding = run_check(find_check("ORG001"), make_facts(files), "repo")
    assert finding.status is Status.PASS
    assert values_of(finding)["toy"] == ""
    assert values_of(finding)["toy_in_tests"] == "Iris,MNIST"
    assert "tutorial" not in finding.message


def test_collected_data_passes_next_to_a_teaching_dataset() -> None:
    """Collection wins over a tutorial dataset used for a demo, which stays a label; cleaning Iris is still teaching data."""
    finding = run_check(find_check("ORG001"), make_facts({"scrape.py": SCRAPER, "demo.py": IRIS}), "repo")
    assert finding.status is Status.PASS and values_of(finding)["origin"] == "collected"
    assert values_of(finding)["toy"] == "Iris"
    finding = run_check(find_check("ORG001"), make_facts({"clean.py": CLEANING, "demo.py": IRIS}), "repo")
    assert finding.status is Status.FAIL and values_of(finding)["origin"] == "teaching"


def test_coursework_label() -> None:
    files = {"README.md": "# Week 3\n\nAssignment for the Coursera course.\n", "week3/sentiment.ipynb": notebook([{"cell_type": "code", "source": "x = 1\n"}])}
    finding = run_check(find_check("ORG002"), make_facts(files, name="nlp-course"), "repo")
    assert finding.status is Status.PASS
    assert values_of(finding)["course"] == "course,readme,name,path"
    assert "coursework" in finding.message


def test_whole_portfolio_of_toy_data_fails() -> None:
    spec = find_check("ORG003")
    toy = portfolio_of(("titanic", make_facts({"t.py": TITANIC})), ("digits", make_facts({"d.py": IRIS})))
    finding = run_check(spec, toy, "portfolio")
    assert finding.status is Status.FAIL
    assert any("titanic" in e.detail for e in finding.evidence)
    mixed = portfolio_of(("titanic", make_facts({"t.py": TITANIC})), ("scraper", make_facts({"s.py": SCRAPER})))
    finding = run_check(spec, mixed, "portfolio")
    assert finding.status is Status.PASS and finding.points == 10
    assert any(e.detail.startswith("label: titanic") for e in finding.evidence)


def test_portfolio_without_data_is_not_applicable() -> None:
    finding = run_check(find_check("ORG003"), portfolio_of(("lib", make_facts({"lib.py": "def f():\n    return 1\n"}))), "portfolio")
    assert finding.status is Status.NOT_APPLICABLE
