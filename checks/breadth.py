"""Breadth checks: ML domains and lifecycle stages per repository; domains and seed 001's curriculum across the portfolio."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.support.common import code_units, ml_project
from readiness.facts.model import CodeFacts, PortfolioFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, RepoReport, Status, Verdict, failed, not_applicable, passed
from checks.support.registry import check

BRD = Dimension.BREADTH
STAGES = ("collection", "preparation", "training", "evaluation", "tuning", "serving", "monitoring")
DOMAINS = ("nlp", "cv", "tabular", "time-series", "rl", "recsys", "llm", "data-engineering", "mlops")
DOMAIN_LABELS = {
    "nlp": "NLP", "cv": "computer vision", "tabular": "tabular / classical ML", "time-series": "time series",
    "rl": "reinforcement learning", "recsys": "recommender systems", "llm": "LLM / RAG applications",
    "data-engineering": "data engineering", "mlops": "MLOps",
}
TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.(py|ipynb)$|_test\.py$|(^|/)conftest\.py$")
DOC_PATH = re.compile(r"(^|/)(docs?|examples?|tutorials?)/")

DOMAIN_IMPORTS: dict[str, tuple[str, ...]] = {
    "nlp": ("nltk", "spacy", "gensim", "transformers", "tokenizers", "textblob", "torchtext", "fasttext", "stanza", "flair"),
    "cv": ("torchvision", "timm", "cv2", "skimage", "ultralytics", "albumentations", "detectron2", "mmdet", "kornia", "segmentation_models_pytorch"),
    "tabular": ("xgboost", "lightgbm", "catboost"),
    "time-series": ("statsmodels.tsa", "prophet", "sktime", "darts", "pmdarima", "tsfresh", "neuralprophet", "gluonts", "arch"),
    "rl": ("gym", "gymnasium", "stable_baselines3", "ray.rllib", "pettingzoo", "tianshou"),
    "recsys": ("surprise", "implicit", "lightfm", "recbole", "torchrec"),
    "llm": ("langchain", "langchain_core", "langchain_community", "langchain_openai", "llama_index", "openai", "anthropic",
            "chromadb", "faiss", "pinecone", "ollama", "litellm", "dspy", "haystack", "qdrant_client", "weaviate", "vllm"),
    "data-engineering": ("airflow", "pyspark", "kafka", "confluent_kafka", "dbt", "prefect", "dagster", "sqlalchemy", "psycopg2",
                         "pymongo", "duckdb", "great_expectations", "snowflake", "google.cloud.bigquery"),
    "mlops": ("mlflow", "wandb", "dvc", "dvclive", "bentoml", "evidently", "kfp", "zenml", "feast", "clearml", "neptune",
              "comet_ml", "prometheus_client", "seldon_core", "tritonclient", "whylogs", "nannyml"),
}
DOMAIN_CALLS: dict[str, tuple[str, ...]] = {
    "nlp": ("CountVectorizer", "TfidfVectorizer", "HashingVectorizer", "word_tokenize"),
    "time-series": ("TimeSeriesSplit", "ARIMA", "SARIMAX", "ExponentialSmoothing"),
}
DOMAIN_FILES: dict[str, re.Pattern[str]] = {
    "data-engineering": re.compile(r"(^|/)dbt_project\.yml$|\.sql$|(^|/)dags/[^/]+\.py$"),
    "mlops": re.compile(r"(^|/)(dvc\.yaml|MLmodel|bentofile\.yaml|\.dvc/config)$"),
}
README_DOMAINS: dict[str, re.Pattern[str]] = {
    "nlp": re.compile(r"(?i)\b(nlp|natural language|sentiment|text classification|named entit)"),
    "cv": re.compile(r"(?i)\b(computer vision|image classification|object detection|image segmentation)"),
    "time-series": re.compile(r"(?i)\b(time[- ]series|forecast(s|ing)?)\b"),
    "recsys": re.compile(r"(?i)\brecommend(er|ation)s?\b"),
    "rl": re.compile(r"(?i)\breinforcement learning\b"),
    "llm": re.compile(r"(?i)\b(llms?|large language models?|retrieval[- ]augmented)\b"),
}
ESTIMATOR = re.compile(r"(Classifier|Regressor|Regression|SVC|SVR|NB|Lasso|Ridge|ElasticNet|XGB\w*|LGBM\w*|CatBoost\w*|Prophet|ARIMA|SARIMAX)$")
UNSUPERVISED = frozenset(
    {"KMeans", "MiniBatchKMeans", "DBSCAN", "HDBSCAN", "OPTICS", "AgglomerativeClustering", "GaussianMixture", "PCA",
     "TruncatedSVD", "NMF", "TSNE", "UMAP", "IsolationForest", "LocalOutlierFactor", "LatentDirichletAllocation", "SpectralClustering"}
)
DEEP_LEARNING = ("torch", "tensorflow", "keras", "jax", "flax", "pytorch_lightning", "lightning", "fastai")
DL_LAYERS = frozenset({"Dense", "Conv2D", "Conv1d", "Conv2d", "LSTM", "GRU", "Linear", "Sequential", "Embedding", "MultiheadAttention"})

SCRAPING = ("bs4", "scrapy", "selenium", "playwright", "mechanicalsoup", "requests_html", "lxml")
API_CLIENTS = ("tweepy", "praw", "spotipy", "googleapiclient", "yfinance", "pytrends", "wikipedia", "newsapi", "github", "sodapy", "fredapi")
HTTP_CALLS = ("requests.get", "requests.Session", "requests.request", "httpx.get", "httpx.Client", "httpx.AsyncClient",
              "urllib.request.urlopen", "urllib.request.urlretrieve", "aiohttp.ClientSession", "wget.download")
DB_READS = frozenset({"read_sql", "read_sql_query", "read_sql_table", "KafkaConsumer", "Consumer"})
CLEANING = frozenset(
    {"fillna", "dropna", "drop_duplicates", "to_datetime", "to_numeric", "astype", "interpolate", "clip", "merge",
     "SimpleImputer", "KNNImputer", "IterativeImputer", "ffill", "bfill", "explode", "melt", "pivot"}
)
STR_CLEANING = frozenset({"replace", "strip", "lower", "upper", "extract", "split", "contains", "normalize", "title"})
FEATURES = frozenset(
    {"get_dummies", "OneHotEncoder", "StandardScaler", "MinMaxScaler", "RobustScaler", "LabelEncoder", "OrdinalEncoder",
     "ColumnTransformer", "CountVectorizer", "TfidfVectorizer", "PolynomialFeatures", "FunctionTransformer", "cut", "qcut",
     "fit_transform", "make_column_transformer", "from_pretrained"}
)
TRAINING = frozenset({"fit", "fit_generator", "partial_fit", "backward", "learn"})
TRAIN_FULL = ("xgboost.train", "lightgbm.train", "Trainer().train", "trainer.train")
METRICS = frozenset(
    {"accuracy_score", "f1_score", "roc_auc_score", "precision_score", "recall_score", "mean_squared_error",
     "mean_absolute_error", "r2_score", "classification_report", "confusion_matrix", "log_loss", "mean_absolute_percentage_error",
     "cross_val_score", "cross_validate", "evaluate", "average_precision_score", "balanced_accuracy_score", "root_mean_squared_error"}
)
SPLITS = frozenset({"train_test_split", "KFold", "StratifiedKFold", "GroupKFold", "TimeSeriesSplit", "ShuffleSplit", "StratifiedShuffleSplit", "random_split"})
OWN_SPLIT = re.compile(r"(?i)^(?!split$).*((train|test|time|temporal|hold_?out|val|date).*split|split.*(train|test|time|date|hold_?out))")
VALIDATION_KEYWORDS = frozenset({"validation_data", "validation_split", "eval_set"})
SCORING = frozenset({"score", "predict", "predict_proba", "evaluate"})
EVAL_IMPORTS = ("sklearn.metrics", "torchmetrics", "evaluate", "ragas")
TUNING = frozenset({"GridSearchCV", "RandomizedSearchCV", "HalvingGridSearchCV", "HalvingRandomSearchCV", "BayesSearchCV", "create_study", "fmin", "Tuner", "Hyperband"})
TUNING_IMPORTS = ("optuna", "hyperopt", "keras_tuner", "ray.tune", "skopt")
SERVING_IMPORTS = ("fastapi", "flask", "streamlit", "gradio", "bentoml", "litserve", "ray.serve")
MONITORING_IMPORTS = ("evidently", "prometheus_client", "whylogs", "nannyml", "alibi_detect", "deepchecks", "great_expectations", "arize")
MATH_IMPORTS = ("scipy", "statsmodels", "sympy", "pymc", "numpyro", "cvxpy")
MATH_CALLS = frozenset(
    {"quantile", "percentile", "median", "var", "std", "cov", "corrcoef", "dot", "matmul", "einsum", "sqrt", "exp", "log",
     "default_rng", "gradient", "inv", "eig", "svd", "norm", "solve", "lstsq"}
)
ANALYSIS = frozenset({"groupby", "pivot_table", "describe", "value_counts", "corr", "crosstab", "resample", "agg", "aggregate", "rolling"})
VIZ_IMPORTS = ("matplotlib", "seaborn", "plotly", "altair", "bokeh", "folium", "plotnine")
RPA_IMPORTS = ("pyautogui", "RPA", "pywinauto")
AREAS = ("applied-mathematics", "programming", "ml-methods", "ai-subdisciplines", "data-skills")
AREA_LABELS = {
    "applied-mathematics": "applied mathematics", "programming": "programming", "ml-methods": "machine learning methods",
    "ai-subdisciplines": "AI subdisciplines", "data-skills": "data skills",
}


def is_test_path(path: str) -> bool:
    """Whether PATH is test code (tests/, test_*.py, *_test.py, conftest.py)."""
    return bool(TEST_PATH.search(path))


def is_doc_path(path: str) -> bool:
    """Whether PATH is documentation or examples (docs/, examples/, tutorials/)."""
    return bool(DOC_PATH.search(path))


def primary_units(facts: RepoFacts) -> list[CodeFacts]:
    """Code of .py files and notebooks that is neither tests nor documentation."""
    return [u for u in code_units(facts) if not is_test_path(u.path) and not is_doc_path(u.path)]


def last_part(name: str) -> str:
    """The final attribute of a resolved call name ('df[].fillna' -> 'fillna')."""
    return name.rsplit(".", 1)[-1].replace("()", "").replace("[]", "")


@dataclass(frozen=True, slots=True)
class CodeIndex:
    """Where each imported module and each called name first appears in some code units."""

    imports: dict[str, Evidence] = field(default_factory=dict)
    calls: dict[str, Evidence] = field(default_factory=dict)
    keywords: dict[str, Evidence] = field(default_factory=dict)

    def imported(self, prefixes: tuple[str, ...] | frozenset[str]) -> list[Evidence]:
        """Evidence of imports of any module equal to or under one of PREFIXES."""
        return [ev for module, ev in self.imports.items() if any(module == p or module.startswith(p + ".") for p in prefixes)]

    def called(self, lasts: frozenset[str]) -> list[Evidence]:
        """Evidence of calls whose final name is in LASTS."""
        return [ev for name, ev in self.calls.items() if last_part(name) in lasts]

    def called_full(self, prefixes: tuple[str, ...]) -> list[Evidence]:
        """Evidence of calls whose resolved name starts with one of PREFIXES."""
        return [ev for name, ev in self.calls.items() if name.startswith(prefixes)]

    def str_calls(self) -> list[Evidence]:
        """pandas string-accessor cleaning calls (`.str.strip()`, `.str.replace()`...)."""
        return [ev for name, ev in self.calls.items() if ".str." in name and last_part(name) in STR_CLEANING]


def index_units(units: list[CodeFacts]) -> CodeIndex:
    """First evidence of every import and call in UNITS."""
    imports: dict[str, Evidence] = {}
    calls: dict[str, Evidence] = {}
    keywords: dict[str, Evidence] = {}
    for unit in units:
        for imp in unit.imports:
            if imp.level == 0 and imp.module:
                imports.setdefault(imp.module, Evidence(f"imports {imp.module}", unit.path, imp.line, imp.cell))
                for name in imp.names:
                    full = f"{imp.module}.{name}"
                    imports.setdefault(full, Evidence(f"imports {full}", unit.path, imp.line, imp.cell))
        for call in unit.calls:
            calls.setdefault(call.name, Evidence(f"calls {call.name.replace('[]', '')}", unit.path, call.line, call.cell))
            for keyword in call.keywords:
                keywords.setdefault(keyword, Evidence(f"{last_part(call.name)}(..., {keyword}=...)", unit.path, call.line, call.cell))
    return CodeIndex(imports, calls, keywords)


def collection_evidence(index: CodeIndex) -> list[Evidence]:
    """Code that collects data: scraping, API clients, HTTP downloads, database or stream reads."""
    return index.imported(SCRAPING) + index.imported(API_CLIENTS) + index.called_full(HTTP_CALLS) + index.called(DB_READS)


def cleaning_kinds(index: CodeIndex) -> dict[str, Evidence]:
    """Distinct data-cleaning operations (fillna, to_datetime, drop_duplicates, .str.strip, merge...) with evidence."""
    kinds: dict[str, Evidence] = {}
    for name, ev in index.calls.items():
        last = last_part(name)
        if last in CLEANING:
            kinds.setdefault(last, ev)
        elif ".str." in name and last in STR_CLEANING:
            kinds.setdefault(f"str.{last}", ev)
        elif name in ("re.sub", "pandas.concat"):
            kinds.setdefault(name, ev)
    return kinds


def _sql_models(facts: RepoFacts) -> list[Evidence]:
    """SQL transformation models (dbt models or .sql files)."""
    return [Evidence("SQL model", f.path) for f in facts.files if f.suffix == ".sql"][:3]


def evaluation_evidence(index: CodeIndex) -> list[Evidence]:
    """Metrics, a held-out split followed by scoring, or fitting with validation data."""
    splits = index.called(SPLITS) + [ev for name, ev in index.calls.items() if OWN_SPLIT.match(last_part(name))]
    held_out = splits if index.called(SCORING) else []
    validation = [ev for key, ev in index.keywords.items() if key in VALIDATION_KEYWORDS]
    return index.imported(EVAL_IMPORTS) + index.called(METRICS) + held_out + validation


def stage_evidence(facts: RepoFacts, index: CodeIndex, tests: CodeIndex | None = None) -> dict[str, list[Evidence]]:
    """Evidence for each lifecycle stage the repository's own code covers (model-quality tests count as evaluation)."""
    stages: dict[str, list[Evidence]] = {}
    stages["collection"] = collection_evidence(index)
    stages["preparation"] = list(cleaning_kinds(index).values()) + index.called(FEATURES) + _sql_models(facts)
    does_ml = bool(index.imported(tuple(sorted(_ML_ROOTS))))
    stages["training"] = (index.called(TRAINING) if does_ml else []) + index.called_full(TRAIN_FULL)
    tested = [ev for ev in evaluation_evidence(tests) if not ev.detail.startswith("imports")] if tests else []
    stages["evaluation"] = evaluation_evidence(index) + [Evidence(f"model-quality test {ev.detail}", ev.path, ev.line, ev.cell) for ev in tested]
    stages["tuning"] = index.called(TUNING) + index.imported(TUNING_IMPORTS)
    stages["serving"] = index.imported(SERVING_IMPORTS)
    stages["monitoring"] = index.imported(MONITORING_IMPORTS)
    return {stage: evs for stage, evs in stages.items() if evs}


_ML_ROOTS = frozenset(
    {"sklearn", "torch", "tensorflow", "keras", "xgboost", "lightgbm", "catboost", "transformers", "statsmodels", "prophet",
     "sktime", "jax", "flax", "pytorch_lightning", "lightning", "timm", "surprise", "implicit", "stable_baselines3", "gymnasium",
     "gym", "fastai", "darts", "pmdarima", "lightfm", "spacy", "gensim"}
)


def domain_evidence(facts: RepoFacts, index: CodeIndex, stages: dict[str, list[Evidence]]) -> dict[str, list[Evidence]]:
    """Evidence for each ML domain from imports, calls, files and (for ML projects) the README."""
    domains: dict[str, list[Evidence]] = {}
    for domain, modules in DOMAIN_IMPORTS.items():
        domains[domain] = index.imported(modules)
    for domain, names in DOMAIN_CALLS.items():
        domains[domain] += index.called(frozenset(names))
    domains["tabular"] += [ev for name, ev in index.calls.items() if ESTIMATOR.search(last_part(name)) and name.startswith(("sklearn", "xgboost", "lightgbm", "catboost"))]
    for domain, pattern in DOMAIN_FILES.items():
        domains[domain] += [Evidence("file", f.path) for f in facts.files if pattern.search(f.path)][:2]
    if "serving" in stages and ("training" in stages or _loads_model(index)) and ({"dockerfile"} & {f.name.lower() for f in facts.files} or facts.workflows):
        domains["mlops"].append(Evidence("serves a trained model from a container or CI-built project", None))
    if facts.readme and ml_project(facts):
        for domain, pattern in README_DOMAINS.items():
            if match := pattern.search(facts.readme.text):
                line = facts.readme.text[: match.start()].count("\n") + 1
                domains[domain].append(Evidence(f"README mentions '{match.group(0)}'", facts.readme.path, line))
    return {d: evs for d, evs in domains.items() if evs}


def _loads_model(index: CodeIndex) -> bool:
    """Whether code loads a saved model (joblib/pickle/torch/keras/mlflow)."""
    return bool(index.called_full(("joblib.load", "pickle.load", "torch.load", "tensorflow.keras.models.load_model", "keras.models.load_model", "mlflow.pyfunc.load_model")))


def method_evidence(index: CodeIndex, stages: dict[str, list[Evidence]], domains: dict[str, list[Evidence]]) -> dict[str, list[Evidence]]:
    """ML methods of seed 001's curriculum shown in code: supervised, unsupervised, reinforcement, deep learning."""
    methods: dict[str, list[Evidence]] = {}
    estimators = [ev for name, ev in index.calls.items() if ESTIMATOR.search(last_part(name))]
    methods["supervised"] = estimators if "training" in stages else []
    methods["unsupervised"] = index.called(UNSUPERVISED) + index.imported(("umap", "hdbscan"))
    methods["reinforcement"] = domains.get("rl", [])
    dl = index.imported(DEEP_LEARNING)
    built = index.called(DL_LAYERS)
    methods["deep-learning"] = dl if dl and ("training" in stages or built) else []
    return {m: evs for m, evs in methods.items() if evs}


def skill_evidence(facts: RepoFacts, index: CodeIndex, stages: dict[str, list[Evidence]], domains: dict[str, list[Evidence]]) -> dict[str, list[Evidence]]:
    """Data skills of seed 001's curriculum: collection, preparation, mining/analysis, visualization, architecture."""
    skills = {
        "collection": stages.get("collection", []),
        "preparation": stages.get("preparation", []),
        "analysis": index.called(ANALYSIS),
        "visualization": index.imported(VIZ_IMPORTS),
        "architecture": domains.get("data-engineering", []),
    }
    return {s: evs for s, evs in skills.items() if evs}


@dataclass(frozen=True, slots=True)
class Profile:
    """What one repository shows: domains, lifecycle stages, ML methods, data skills and curriculum areas."""

    domains: dict[str, list[Evidence]]
    stages: dict[str, list[Evidence]]
    methods: dict[str, list[Evidence]]
    skills: dict[str, list[Evidence]]
    areas: dict[str, list[Evidence]]

    def values(self) -> tuple[tuple[str, str], ...]:
        """The profile as verdict values (comma-separated lists, in a fixed order)."""
        return (
            ("domains", ",".join(d for d in DOMAINS if d in self.domains)),
            ("stages", ",".join(s for s in STAGES if s in self.stages)),
            ("methods", ",".join(sorted(self.methods))),
            ("data_skills", ",".join(sorted(self.skills))),
            ("areas", ",".join(a for a in AREAS if a in self.areas)),
        )


def profile(facts: RepoFacts) -> Profile:
    """Domains, stages, methods, data skills and curriculum areas of one repository's own code."""
    units = primary_units(facts)
    index = index_units(units)
    tests = index_units([u for u in code_units(facts) if is_test_path(u.path)])
    stages = stage_evidence(facts, index, tests)
    domains = domain_evidence(facts, index, stages)
    methods = method_evidence(index, stages, domains)
    skills = skill_evidence(facts, index, stages, domains)
    areas: dict[str, list[Evidence]] = {}
    math_calls = [ev for name, ev in index.calls.items() if name.startswith(("numpy.", "scipy.")) and last_part(name) in MATH_CALLS]
    areas["applied-mathematics"] = index.imported(MATH_IMPORTS) + (math_calls if len(math_calls) >= 3 else [])
    areas["programming"] = _programming(facts)
    areas["ml-methods"] = [ev for evs in methods.values() for ev in evs[:1]]
    areas["ai-subdisciplines"] = [ev for d in ("nlp", "cv", "llm") for ev in domains.get(d, [])[:1]] + index.imported(RPA_IMPORTS)
    areas["data-skills"] = [ev for evs in skills.values() for ev in evs[:1]]
    return Profile(domains, stages, methods, skills, {a: evs for a, evs in areas.items() if evs})


def _programming(facts: RepoFacts) -> list[Evidence]:
    """Programming beyond notebooks: functions or classes in two or more modules, or a tested or packaged module."""
    modules = [m for m in facts.modules if not is_test_path(m.path) and (m.functions or m.classes)]
    tested = any(is_test_path(m.path) and m.functions for m in facts.modules)
    packaged = any(p in facts.paths for p in ("pyproject.toml", "setup.py", "setup.cfg"))
    if len(modules) >= 2 or (modules and (tested or packaged)):
        return [Evidence(f"{len(modules)} module(s) defining functions or classes", modules[0].path)]
    return []


EVAL_SEARCH = (
    "sklearn.metrics / torchmetrics / evaluate imports and metric calls",
    "a held-out split (train_test_split, KFold, TimeSeriesSplit...) followed by score/predict",
    "fit(..., validation_data=...) or model.evaluate(...)",
)


@check(
    id="BRD001",
    slug="lifecycle-stages",
    dimension=BRD,
    title="A project that trains a model evaluates it on held-out data, as part of a wider lifecycle",
    remediation="Hold out data the model never saw (train_test_split, cross-validation or a time-based split), report metrics against a baseline, and show the stages around training: data collection or cleaning, tuning, serving.",
    effort=Effort.MEDIUM,
    weight=3,
)
def lifecycle_stages(facts: RepoFacts) -> Verdict:
    """Lists the ML lifecycle stages the repository's own code covers (tests and docs left out), as a list, not a
    sum: data collection (scraping, API clients, HTTP downloads, database reads), preparation (cleaning and
    features: fillna, to_datetime, encoders, vectorisers, SQL models), training (fit, training loops),
    evaluation (metrics, a held-out split followed by scoring, validation data; a model-quality test that
    computes a metric counts too), tuning (grid or random
    search, Optuna...), serving (FastAPI, Flask, Streamlit, Gradio, BentoML) and monitoring (Evidently,
    Prometheus, whylogs...). Each stage needs code evidence, never a file name alone. The ML domains (NLP,
    computer vision, tabular, time series, RL, recommender systems, LLM/RAG, data engineering, MLOps) are
    reported beside the stages, from imports, calls, files and, for ML projects only, the README.

    Judged only for repositories that train a model: training without any held-out evaluation fails (a
    model scored on its own training data says nothing); training with evaluation passes, with full marks
    when a data-side stage (collection or preparation) or a stage after the model (tuning, serving,
    monitoring) is shown too. Repositories that train nothing (pipelines, libraries, LLM apps) are not
    applicable but still report their stages and domains for the portfolio checks.
    Source: signals.md L1 (stage coverage, report a vector), L2 (evaluation rigour) and L8 (domains);
    seed 000 (hiring managers want models taken beyond a notebook).
    """
    if not facts.has_code and not any(f.suffix == ".sql" for f in facts.files):
        return not_applicable("no code")
    prof = profile(facts)
    values = prof.values()
    listed = ", ".join(s for s in STAGES if s in prof.stages) or "none"
    domains = ", ".join(DOMAIN_LABELS[d] for d in DOMAINS if d in prof.domains) or "none recognised"
    summary = f"stages: {listed}; domains: {domains}"
    evidence = [Evidence(f"{stage}: {evs[0].detail}", evs[0].path, evs[0].line, evs[0].cell) for stage in STAGES if (evs := prof.stages.get(stage))]
    if "training" not in prof.stages:
        return not_applicable(f"trains no model ({summary})", *evidence, values=values)
    if "evaluation" not in prof.stages:
        return failed(f"trains a model but never evaluates it on held-out data ({summary})", *evidence, searched=EVAL_SEARCH, score=3, values=values)
    around = {"collection", "preparation", "tuning", "serving", "monitoring"} & set(prof.stages)
    return passed(f"trains and evaluates a model ({summary})", *evidence, score=10 if around else 7, values=values)


def value(finding_values: tuple[tuple[str, str], ...], key: str) -> list[str]:
    """The comma-separated list stored under KEY in a finding's values."""
    for k, v in finding_values:
        if k == key:
            return [item for item in v.split(",") if item]
    return []


def own_repos(portfolio: PortfolioFacts) -> list[RepoReport]:
    """Repositories that are the candidate's: not forks, and not ones where the candidate authored no commit."""
    out = []
    for repo in portfolio.repos:
        if repo.fork:
            continue
        authorship = next((f for f in repo.findings if f.check_id == "ACT001"), None)
        if authorship is not None and authorship.status is Status.FAIL and value(authorship.values, "candidate_commits") == ["0"]:
            continue
        out.append(repo)
    return out


def repo_values(repo: RepoReport, check_id: str) -> tuple[Status | None, tuple[tuple[str, str], ...]]:
    """The status and values of one check's finding on REPO (None when the check did not run)."""
    finding = next((f for f in repo.findings if f.check_id == check_id), None)
    return (finding.status, finding.values) if finding else (None, ())


@check(
    id="BRD002",
    slug="domain-breadth",
    dimension=BRD,
    title="The portfolio shows depth in more than one ML domain",
    remediation="Add a project in a second domain (e.g. NLP, time series, computer vision, data engineering or an LLM application) and take it past training: evaluation, serving or a data pipeline.",
    effort=Effort.HIGH,
    weight=2,
    scope="portfolio",
)
def domain_breadth(portfolio: PortfolioFacts) -> Verdict:
    """Counts the distinct ML domains across the candidate's own repositories (forks and repositories with no
    commit of theirs left out), from the domains each repository reports on BRD001. A domain counts in depth
    when some repository showing it does not fail BRD001 (it evaluates what it trains, or it is a pipeline,
    library or application that trains nothing); domains seen only in failing repositories are listed as
    shallow. One domain fails; two pass at 7, three at 8.5, four or more at 10 (readiness's own scale). The union of lifecycle stages
    across the portfolio is reported too, with the stages no repository shows.
    Source: signals.md L8 (portfolio breadth, weighted by depth: quantity of repositories is a vanity metric,
    SharpestMinds and DataTalks.Club); Visual Resume (diversity of projects as a signal).
    """
    repos = own_repos(portfolio)
    deep: dict[str, list[str]] = {}
    shallow: dict[str, list[str]] = {}
    stages: dict[str, list[str]] = {}
    for repo in repos:
        status, values = repo_values(repo, "BRD001")
        for domain in value(values, "domains"):
            (shallow if status is Status.FAIL else deep).setdefault(domain, []).append(repo.name)
        for stage in value(values, "stages"):
            stages.setdefault(stage, []).append(repo.name)
    seen = [d for d in DOMAINS if d in deep or d in shallow]
    if not seen:
        if not any(value(repo_values(r, "BRD001")[1], "stages") for r in repos):
            return not_applicable("no repository of the candidate's shows ML or data code")
    evidence = [Evidence(f"{DOMAIN_LABELS[d]}: {', '.join(deep.get(d, []) or shallow.get(d, []))}" + ("" if d in deep else " (shallow: training without evaluation)")) for d in seen]
    missing = [s for s in STAGES if s not in stages]
    evidence.append(Evidence(f"lifecycle stages across the portfolio: {', '.join(s for s in STAGES if s in stages) or 'none'}; not shown: {', '.join(missing) or 'none'}"))
    values = (("domains", ",".join(d for d in DOMAINS if d in deep)), ("shallow", ",".join(d for d in DOMAINS if d in shallow and d not in deep)),
              ("stages", ",".join(s for s in STAGES if s in stages)))
    count = len(deep)
    searched = tuple(f"{DOMAIN_LABELS[d]}" for d in DOMAINS)
    if count < 2:
        return failed(f"{count} ML domain(s) shown in depth across {len(repos)} repositories", *evidence, score=3.0 * count, searched=searched, values=values)
    score = {2: 7.0, 3: 8.5}.get(count, 10.0)
    return passed(f"{count} ML domains shown in depth: {', '.join(DOMAIN_LABELS[d] for d in DOMAINS if d in deep)}", *evidence, score=score, values=values)


@check(
    id="BRD003",
    slug="curriculum-coverage",
    dimension=BRD,
    title="The portfolio shows each area an ML master's covers",
    remediation="Fill the uncovered areas of the map with one project each (e.g. a statistics or optimisation piece for applied mathematics, a clustering or deep-learning model for ML methods, an NLP or vision project for AI subdisciplines).",
    effort=Effort.HIGH,
    weight=2,
    scope="portfolio",
)
def curriculum_coverage(portfolio: PortfolioFacts) -> Verdict:
    """A coverage map of the five areas seed 001 says ML master's programmes commonly cover, each with the
    repositories that show it in code: applied mathematics (SciPy, statsmodels, SymPy, or three or more
    distinct numerical routines such as quantiles, variances or linear algebra); programming (functions or
    classes across modules, tested or packaged code, not notebooks alone); machine-learning methods
    (supervised, unsupervised, reinforcement, deep learning: each listed); AI subdisciplines (NLP, computer
    vision, LLM applications, robotic process automation); data skills (collection, preparation, mining and
    analysis, visualization, architecture: each listed). Four or five areas pass (2 points per area); fewer
    fail (readiness's own bar; seed 001 gives no weights). Forks and repositories without a commit of the candidate's are left out.
    Source: seed 001 ("Is a master's in machine learning worth it?"): applied mathematics, programming, ML
    methods, AI subdisciplines and data skills; the portfolio is the candidate's evidence of the same skills.
    """
    repos = own_repos(portfolio)
    shown: dict[str, list[str]] = {a: [] for a in AREAS}
    details: dict[str, dict[str, list[str]]] = {"ml-methods": {}, "data-skills": {}}
    for repo in repos:
        _, values = repo_values(repo, "BRD001")
        for area in value(values, "areas"):
            shown[area].append(repo.name)
        for method in value(values, "methods"):
            details["ml-methods"].setdefault(method, []).append(repo.name)
        for skill in value(values, "data_skills"):
            details["data-skills"].setdefault(skill, []).append(repo.name)
    if not repos:
        return not_applicable("no repository of the candidate's to map")
    evidence = []
    for area in AREAS:
        where = ", ".join(shown[area]) or "no repository"
        extra = ""
        if area in details:
            extra = "; " + "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(details[area].items())) if details[area] else ""
        evidence.append(Evidence(f"{AREA_LABELS[area]}: {where}{extra}"))
    covered = [a for a in AREAS if shown[a]]
    missing = [AREA_LABELS[a] for a in AREAS if not shown[a]]
    values = (("areas", ",".join(covered)), ("missing", ",".join(a for a in AREAS if not shown[a])))
    message = f"{len(covered)} of the 5 areas ML master's programmes cover (seed 001) are shown" + (f"; missing: {', '.join(missing)}" if missing else "")
    if len(covered) >= 4:
        return passed(message, *evidence, score=2.0 * len(covered), values=values)
    return failed(message, *evidence, score=2.0 * len(covered), values=values, searched=tuple(AREA_LABELS[a] for a in AREAS))
