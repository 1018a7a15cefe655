"""Whose data it is (ORG001's `origin` and `toy` values) on small synthetic look-alikes of what job seekers publish."""

from __future__ import annotations

import pytest

from checks import find_check
from checks.support.datasets import catalogue
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.checks.test_breadth import values_of
from tests.factories import make_facts, notebook

READ_TRAIN = "import pandas as pd\ntrain = pd.read_csv('data/train.csv')\ntest = pd.read_csv('data/test.csv')\ntrain.describe()\n"
API_PULL = """
import pandas as pd
import requests

def pull(day):
    rows = requests.get("https://api.example.org/v1/stations", params={"day": day}, timeout=9).json()
    pd.DataFrame(rows).to_csv(f"data/raw/{day}.csv", index=False)
"""
ENRICH = """
import requests
from pymongo import MongoClient

movies = MongoClient()["db"]["movies"]

def enrich(title):
    found = requests.get("https://api.themoviedb.org/3/search/movie", params={"query": title}, timeout=9).json()
    movies.update_one({"title": title}, {"$set": found["results"][0]}, upsert=True)
"""
DOWNLOAD = """
import urllib.request
import pandas as pd

urllib.request.urlretrieve("https://example.org/files/loans.zip", "data/loans.zip")
frame = pd.read_csv("data/loans.zip")
"""
SERVED = """
import pickle
from fastapi import FastAPI

app = FastAPI()
model = pickle.load(open("model.pkl", "rb"))


@app.post("/predict")
def predict(row: dict):
    return {"label": int(model.predict([list(row.values())])[0])}
"""

# (files, repository name, origin, toy datasets, a dataset that must be among those named)
ROWS = [
    # a repository about a canonical competition reads anonymous train.csv/test.csv
    ({"notebook/EDA.ipynb": notebook([{"cell_type": "code", "source": READ_TRAIN}]), "data/train.csv": "a\n"}, "kaggle-titanic", "teaching", "Titanic", "Titanic"),
    # course exercises ship data files named by exercise
    ({"ex1/ex1.py": "import numpy as np\ndata = np.loadtxt('ex1data1.txt', delimiter=',')\n", "ex1/ex1data1.txt": "6.1,17.5\n"}, "ml-exercises", "teaching", "course exercise files", "course exercise files"),
    ({"moons.py": "from sklearn.datasets import make_moons\nX, y = make_moons(200, noise=0.2)\n"}, "nn-playground", "teaching", "generated teaching data", "generated teaching data"),
    ({"agent.py": "import gymnasium as gym\nenv = gym.make('CartPole-v1')\nenv.reset()\n"}, "dqn", "teaching", "Gym/Gymnasium environment", "Gym/Gymnasium environment"),
    ({"train.py": "import pandas as pd\ndf = pd.read_csv('data/diabetes.csv')\nX = df[['Pregnancies', 'Glucose', 'BMI']]\ny = df['Outcome']\n"}, "diabetes", "teaching", "Pima Indians diabetes", "Pima Indians diabetes"),
    ({"spam.py": "import pandas as pd\ndf = pd.read_csv('sms.csv', encoding='latin-1')[['v1', 'v2']]\ndf['label'] = df['v1'].map({'ham': 0, 'spam': 1})\n"}, "spam-filter", "teaching", "SMS Spam Collection", "SMS Spam Collection"),
    ({"get.sh": "kaggle competitions download -c titanic\n", "eda.py": READ_TRAIN}, "survival", "teaching", "Titanic", "Titanic"),
    ({"dl.py": "from fastai.vision.all import *\npath = untar_data(URLs.PETS)\n"}, "pets", "teaching", "fast.ai course data", "fast.ai course data"),
    ({"m.py": "import tensorflow_datasets as tfds\nds = tfds.load('mnist', split='train')\n"}, "digits", "teaching", "MNIST", "MNIST"),
    # a public competition: real data everyone has (House Prices is also a canonical beginner set)
    ({"model.py": "import pandas as pd\ndf = pd.read_csv('train.csv')\ny = df['SalePrice']\nX = df[['GrLivArea', 'OverallQual', 'YearBuilt']]\n"}, "house-prices", "public", "Kaggle House Prices (Ames)", "Kaggle House Prices (Ames)"),
    ({"Makefile": "data:\n\tkaggle competitions download -c store-sales-time-series-forecasting\n", "eda.py": READ_TRAIN}, "sales", "public", "", ""),
    ({"load.py": "from datasets import load_dataset\nds = load_dataset('acme/support-tickets')\n"}, "tickets", "public", "", ""),
    ({"load.py": DOWNLOAD}, "loans", "public", "", ""),  # downloading a published file is not collecting data
    # image folders read with Keras's generators, and a benchmark's annotations read with pycocotools
    ({"train.ipynb": notebook([{"cell_type": "code", "source": "from tensorflow.keras.preprocessing.image import ImageDataGenerator\ntrain = ImageDataGenerator(rescale=1 / 255).flow_from_directory('data/fish/train')\n"}])}, "fish-species", "public", "", ""),
    ({"eval.py": "from pycocotools.coco import COCO\ncoco = COCO('data/coco/annotations/instances_val2017.json')\n"}, "detector-eval", "public", "", ""),
    # collected or assembled by the candidate
    ({"ingest.py": API_PULL}, "bikes", "collected", "", ""),
    ({"label.py": "import label_studio_sdk\nclient = label_studio_sdk.Client(url, key)\n", "train.py": READ_TRAIN}, "defects", "collected", "", ""),
    # a teaching dataset enriched with records the candidate pulls from an API and upserts into a store: assembled
    ({"enrich.py": ENRICH, "convert.py": "import pandas as pd\nratings = pd.read_csv('data/ml-1m/ratings.dat', sep='::')\n"}, "recommender", "collected", "MovieLens", "MovieLens"),
    # a README describing a Kaggle dataset's anonymized features is no claim of the candidate's own data
    ({"README.md": "# Fraud\n\n- Source: IEEE-CIS Fraud Detection (Kaggle)\n- Includes anonymized features on transactions.\n", "eda.py": READ_TRAIN}, "fraud", "public", "", ""),
    # no dataset: synthetic rows, or a library whose loaders are its API
    ({"seed.py": "from faker import Faker\nfake = Faker()\nrows = [fake.name() for _ in range(9)]\n"}, "bookstore-cdc", "none", "", ""),
    # a service that loads a model trained elsewhere: what it is named after and what its tests feed it is its data
    ({"main.py": SERVED, "entities/flower.py": "from pydantic import BaseModel\n\nclass Flower(BaseModel):\n    a: float\n",
      "tests/test_main.py": "from sklearn.datasets import load_iris\nX, y = load_iris(return_X_y=True)\n"}, "mlops-lab", "teaching", "Iris", "Iris"),
    ({"main.py": SERVED, "schemas/iris.py": "from pydantic import BaseModel\n\nclass IrisIn(BaseModel):\n    a: float\n"}, "docker-lab", "teaching", "Iris", "Iris"),
    # the same service with no toy data anywhere loads no dataset of its own
    ({"main.py": SERVED, "schemas/loan.py": "from pydantic import BaseModel\n\nclass LoanIn(BaseModel):\n    a: float\n"}, "loan-api", "none", "", ""),
    # a README that says the data is synthetic (made up to mimic real records); oversampling with SMOTE is not that
    ({"README.md": "# Leads\n\nThe dataset includes **synthetic data** that mimics real-world scenarios.\n", "eda.py": READ_TRAIN}, "leads", "teaching", "generated teaching data", "generated teaching data"),
    ({"README.md": "# Churn\n\nClasses are imbalanced, so SMOTE adds synthetic data points to the minority class.\n", "eda.py": READ_TRAIN}, "churn", "public", "", ""),
]


@pytest.mark.parametrize(("files", "name", "origin", "toy", "dataset"), ROWS, ids=[f"{r[1]}-{r[2]}" for r in ROWS])
def test_data_origin(files: dict, name: str, origin: str, toy: str, dataset: str) -> None:
    finding = run_check(find_check("ORG001"), make_facts(files, name=name), "repo")
    values = values_of(finding)
    assert (values["origin"], values["toy"]) == (origin, toy), finding.message
    if dataset:
        assert dataset in values["datasets"].split(",")
        assert any(dataset in e.detail for e in finding.evidence)


def test_only_collected_data_earns_full_credit() -> None:
    """Collected 10; public with substantial cleaning 6 (else a fail at 4); teaching a fail at 0-1."""
    scores = {}
    cleaning = "\ndf = df.drop_duplicates().dropna()\ndf['d'] = pd.to_datetime(df['d'])\n"
    for name, files in {"collected": {"i.py": API_PULL}, "public": {"l.py": DOWNLOAD + cleaning.replace("df", "frame")},
                        "teaching": {"t.py": "import pandas as pd\ndf = pd.read_csv('titanic.csv')" + cleaning}}.items():
        finding = run_check(find_check("ORG001"), make_facts(files), "repo")
        assert values_of(finding)["origin"] == name
        scores[name] = (finding.status, finding.points)
    assert scores == {"collected": (Status.PASS, 10), "public": (Status.PASS, 6), "teaching": (Status.FAIL, 1)}


def test_a_library_offers_loaders_it_does_not_use() -> None:
    files = {"pyproject.toml": '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "tabkit"\n',
             "tabkit/__init__.py": "", "tabkit/datasets.py": "import pandas as pd\n\ndef load_penguins():\n    return pd.read_csv('penguins.csv')\n",
             "README.md": "# tabkit\n\n```\npip install tabkit\n```\n"}
    assert values_of(run_check(find_check("ORG001"), make_facts(files, name="tabkit"), "repo"))["origin"] == "none"


def test_a_library_declared_one_folder_down_is_shown_off_on_toy_data_not_built_on_it() -> None:
    """Python bindings of a Rust library (maturin's python-source): benchmarks and examples around the package
    demonstrate it on toy data the way tests do; the package itself loads none."""
    files = {"Cargo.toml": '[package]\nname = "gradekit"\n', "src/lib.rs": "pub fn fit() {}\n",
             "gradekit-python/pyproject.toml": '[build-system]\nrequires = ["maturin>=1.4"]\nbuild-backend = "maturin"\n'
                                               '[project]\nname = "gradekit"\n[tool.maturin]\npython-source = "python"\n',
             "gradekit-python/python/gradekit/__init__.py": "from .core import fit\n",
             "gradekit-python/python/gradekit/core.py": "def fit(X, y):\n    return X\n",
             "benchmarks/bench_iris.py": "from sklearn.datasets import load_iris\nimport gradekit\nX, y = load_iris(return_X_y=True)\ngradekit.fit(X, y)\n",
             "README.md": "# gradekit\n\n```\npip install gradekit\n```\n"}
    finding = run_check(find_check("ORG001"), make_facts(files, name="gradekit"), "repo")
    values = values_of(finding)
    assert (finding.status, values["origin"], values["toy"], values["toy_in_tests"]) == (Status.NOT_APPLICABLE, "none", "", "Iris")


def test_toy_data_only_in_tests_is_not_the_projects() -> None:
    files = {"ingest.py": API_PULL, "tests/test_model.py": "from sklearn.datasets import load_iris\nload_iris()\n", "README.md": "# bikes\n\nThe tests use iris.\n"}
    values = values_of(run_check(find_check("ORG001"), make_facts(files, name="bikes"), "repo"))
    assert (values["origin"], values["toy"], values["toy_in_tests"]) == ("collected", "", "Iris")


def test_every_catalogue_entry_has_a_source_and_a_signature() -> None:
    for ds in catalogue():
        assert ds.source and ds.level in ("teaching", "public")
        assert ds.loaders or ds.keras or ds.names or ds.files or ds.columns or ds.kaggle or ds.envs, ds.name
