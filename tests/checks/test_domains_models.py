"""Domains from what the models do, models of every framework era, and libraries that are not undeployed apps (synthetic look-alikes)."""

from __future__ import annotations

import pytest

from checks import find_check
from checks.support.lifecycle import DOMAIN_LABELS
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.checks.test_breadth import values_of
from tests.factories import make_facts, notebook

RECOMMENDER = """
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics.pairwise import cosine_similarity

movies = pd.read_csv("movies.csv")
vectors = CountVectorizer(max_features=5000, stop_words="english").fit_transform(movies["tags"]).toarray()
similarity = cosine_similarity(vectors)

def recommend(title):
    index = movies[movies["title"] == title].index[0]
    return sorted(enumerate(similarity[index]), key=lambda x: x[1], reverse=True)[1:6]
"""
AGENT = """
import gymnasium as gym
import numpy as np
from sklearn.linear_model import SGDRegressor
from sklearn.preprocessing import StandardScaler

env = gym.make("MountainCar-v0")
scaler = StandardScaler().fit(np.array([env.observation_space.sample() for _ in range(1000)]))
models = [SGDRegressor() for _ in range(env.action_space.n)]
for model in models:
    model.partial_fit(scaler.transform([env.reset()[0]]), [0])
"""
FORECAST = """
import pandas as pd
import torch.nn as nn

frame = pd.read_csv("sensor.csv")
frame["ts"] = pd.to_datetime(frame["ts"])
for k in (1, 2, 3):
    frame[f"lag_{k}"] = frame["value"].shift(k)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(3, 16, batch_first=True)

def train(model, batches, optimiser, loss_fn):
    for x, y in batches:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimiser.step()
"""
KERAS_DIGITS = """
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3)
"""
TF1_CNN = """
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 64, 64, 3])
labels = tf.placeholder(tf.int64, [None])
hidden = tf.nn.relu(tf.nn.conv2d(images, tf.Variable(tf.zeros([5, 5, 3, 32])), strides=[1, 1, 1, 1], padding="SAME"))
logits = tf.layers.dense(tf.layers.flatten(hidden), 2)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(train_op, feed_dict={images: batch_x, labels: batch_y})
    saver.save(sess, "model/cats.ckpt")
"""
RAG = """
from langchain_community.embeddings import HuggingFaceEmbeddings
from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
store = FAISS.from_texts(chunks, HuggingFaceEmbeddings())
llm = ChatOpenAI(model="gpt-4o-mini")
"""
TITANIC = "import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier\ndf = pd.read_csv('train.csv')\nRandomForestClassifier().fit(df[['Pclass']], df['Survived'])\n"

# (files, domains BRD001 reports, a stage that must be reported)
DOMAIN_ROWS = [
    ({"recommender.py": RECOMMENDER}, "recsys", None),  # vectorised tags are not an NLP project
    ({"agent.py": AGENT}, "rl", None),  # an agent's value function is not tabular ML
    ({"forecast.py": FORECAST}, "time-series", "training"),
    ({"cnn.py": KERAS_DIGITS}, "cv", "training"),  # a digit CNN is vision
    ({"cats.py": TF1_CNN}, "cv", "training"),  # TensorFlow 1 trains through an optimizer's minimize and Session.run
    ({"rag.py": RAG}, "llm", None),  # a tokenizer in a RAG app does not make it NLP
    ({"titanic.ipynb": notebook([{"cell_type": "code", "source": TITANIC}]),
      "scratch.ipynb": notebook([{"cell_type": "code", "source": "import openai\n"}])}, "tabular", "training"),  # one import is not an LLM project
    ({"features/transformers.py": "def scale(x):\n    return x\n", "train.py": "from transformers import scale\n" + TITANIC}, "tabular", "training"),  # a local module named transformers
]


@pytest.mark.parametrize(("files", "domains", "stage"), DOMAIN_ROWS, ids=[f"{r[1]}-{i}" for i, r in enumerate(DOMAIN_ROWS)])
def test_domains_come_from_the_task(files: dict, domains: str, stage: str | None) -> None:
    finding = run_check(find_check("BRD001"), make_facts(files), "repo")
    values = values_of(finding)
    assert values["domains"] == domains, finding.evidence
    if stage:
        assert stage in values["stages"].split(",")
    for domain in domains.split(","):  # each domain is reported with its evidence
        assert any(e.detail.startswith(f"domain {DOMAIN_LABELS[domain]}: ") for e in finding.evidence), finding.evidence


FLASK_TF1 = "from flask import Flask, request\nfrom model_utils import predict\n\napp = Flask(__name__)\n\n@app.route('/predict', methods=['POST'])\ndef serve():\n    return predict(request.json)\n"
TF1_LOADER = """
import tensorflow as tf

sess = tf.Session()
saver = tf.train.import_meta_graph("model/cats.ckpt.meta")
saver.restore(sess, "model/cats.ckpt")

def predict(payload):
    return sess.run("logits:0", feed_dict={"images:0": payload})
"""
CHECKPOINT = {"model/cats.ckpt.index": "x", "model/cats.ckpt.data-00000-of-00001": "x", "model/cats.ckpt.meta": "x", "model/checkpoint": "x"}


def test_a_web_app_serves_a_tensorflow_1_checkpoint_through_the_module_it_imports() -> None:
    files = {"app.py": FLASK_TF1, "model_utils.py": TF1_LOADER, "train.py": TF1_CNN, "Dockerfile": "FROM python:3.9\nCOPY . /app\nCMD python /app/app.py\n", **CHECKPOINT}
    facts = make_facts(files)
    serving = run_check(find_check("DEP002"), facts, "repo")
    assert serving.status is Status.PASS and any("restore" in e.detail or "import_meta_graph" in e.detail for e in serving.evidence)
    level = run_check(find_check("DEP001"), facts, "repo")
    assert values_of(level)["level"] == "strong", level.message  # the checkpoint prefix is committed as .index/.data-*
    missing = run_check(find_check("DEP001"), make_facts({k: v for k, v in files.items() if k not in CHECKPOINT}), "repo")
    assert values_of(missing)["level"] == "partial" and "not in the repository" in missing.message


@pytest.mark.parametrize("loader", ["model.load_weights('weights.h5')", "model = torch.hub.load('ultralytics/yolov5', 'custom', 'best.pt')",
                                    "model = joblib.load('model.joblib')", "model = AutoModel.from_pretrained('acme/model')"])
def test_demo_apps_reach_models_of_every_era(loader: str) -> None:
    app = f"import streamlit as st\nimport joblib\nimport torch\nfrom transformers import AutoModel\n{loader}\nst.write(model)\n"
    finding = run_check(find_check("DEP003"), make_facts({"app.py": app}), "repo")
    assert finding.status is Status.PASS and finding.points == 10, finding.message


SKLEARN_EXTENSION = {
    "pyproject.toml": '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "sk-extras"\ndependencies = ["scikit-learn>=1.3"]\n',
    "sk_extras/__init__.py": "from sk_extras.linear import ShrunkRegressor\n",
    "sk_extras/linear.py": "from sklearn.linear_model import Ridge\n\n\nclass ShrunkRegressor:\n    def fit(self, X, y):\n        self.model_ = Ridge().fit(X, y)\n        return self\n",
    "docs/example.ipynb": notebook([{"cell_type": "code", "source": TITANIC}]),
    "README.md": "# sk-extras\n\nEstimators for tabular data.\n\n```\npip install sk-extras\n```\n",
}


def test_a_library_is_not_an_undeployed_application() -> None:
    finding = run_check(find_check("DEP001"), make_facts(SKLEARN_EXTENSION, name="sk-extras"), "repo")
    assert finding.status is Status.NOT_APPLICABLE and values_of(finding)["level"] == "not-applicable", finding.message
    assert any("pip install sk-extras" in e.detail for e in finding.evidence)
    for check_id in ("DEP002", "DEP003", "DEP007"):
        assert run_check(find_check(check_id), make_facts(SKLEARN_EXTENSION, name="sk-extras"), "repo").status is Status.NOT_APPLICABLE


def test_a_packaged_training_project_is_not_a_library() -> None:
    """A setup.py template around a training pipeline that saves a model is an application with nothing deployed."""
    files = {"setup.py": "from setuptools import setup\nsetup(name='churn', packages=['churn'])\n", "churn/__init__.py": "",
             "churn/train.py": "import joblib\n" + TITANIC.replace("RandomForestClassifier().fit", "model = RandomForestClassifier().fit") + "joblib.dump(model, 'model.joblib')\n"}
    finding = run_check(find_check("DEP001"), make_facts(files, name="churn"), "repo")
    assert finding.status is Status.FAIL and values_of(finding)["level"] == "none", finding.message


def test_a_service_that_calls_the_repositorys_own_model_loader_serves_a_model() -> None:
    """The loader is looked up from a table of mlflow loaders, so only the repository's own function names it."""
    loader = "import mlflow.xgboost\n\nLOADERS = {'xgboost': mlflow.xgboost.load_model}\n\n\ndef load_serving_bundle(uri):\n    return LOADERS['xgboost'](uri)\n"
    app = ("from fastapi import FastAPI\nfrom serving.bundle import load_serving_bundle\n\napp = FastAPI()\n"
           "bundle = load_serving_bundle('models:/sales/Production')\n\n\n@app.post('/predict')\ndef predict(x: dict):\n    return bundle.predict(x)\n")
    finding = run_check(find_check("DEP002"), make_facts({"api/app.py": app, "serving/__init__.py": "", "serving/bundle.py": loader}), "repo")
    assert finding.status is Status.PASS and any("load_serving_bundle" in e.detail for e in finding.evidence), finding.message


def test_downloading_the_dataset_does_not_fetch_the_model() -> None:
    """A training pipeline's dataset download (and nltk's corpora) do not stand in for a model that was never committed."""
    files = {
        "app.py": "import joblib\nimport streamlit as st\n\nmodel = joblib.load('artifacts/model.joblib')\nst.write(model.predict([st.text_input('sms')]))\n",
        "src/ingest.py": "import urllib.request\n\nurllib.request.urlretrieve('https://example.org/data/sms.zip', 'data/sms.zip')\n",
        "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN python -m nltk.downloader punkt\nCMD [\"streamlit\", \"run\", \"/app/app.py\"]\n",
    }
    finding = run_check(find_check("DEP001"), make_facts(files), "repo")
    assert values_of(finding)["level"] == "partial" and "a model file it loads is not in the repository" in finding.message, finding.message
    fetched = {**files, "app.py": "from huggingface_hub import hf_hub_download\n" + files["app.py"].replace("joblib.load('artifacts/model.joblib')", "joblib.load(hf_hub_download('acme/sms', 'model.joblib'))")}
    assert values_of(run_check(find_check("DEP001"), make_facts(fetched), "repo"))["level"] == "strong"
