"""What a repository's own code covers: lifecycle stages, ML domains, methods and skills (the evidence behind breadth and originality)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

from checks.support.code_graph import call_firsts, files_with_suffix, memo
from checks.support.common import code_units
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence


STAGES = ("collection", "preparation", "training", "evaluation", "tuning", "serving", "monitoring")
DOMAINS = ("nlp", "cv", "tabular", "time-series", "rl", "recsys", "llm", "data-engineering", "mlops")
DOMAIN_LABELS = {
    "nlp": "NLP", "cv": "computer vision", "tabular": "tabular / classical ML", "time-series": "time series",
    "rl": "reinforcement learning", "recsys": "recommender systems", "llm": "LLM / RAG applications",
    "data-engineering": "data engineering", "mlops": "MLOps",
}
TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.(py|ipynb)$|_test\.py$|(^|/)conftest\.py$")
DOC_PATH = re.compile(r"(^|/)(docs?|examples?|tutorials?)/")
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
TRAINING = frozenset({"fit", "fit_generator", "partial_fit", "backward", "learn", "fine_tune", "fit_one_cycle", "fit_flat_cos", "train_on_batch"})
TF1_TRAINING = re.compile(r"^tensorflow(\.compat\.v1)?\.train\.\w*Optimizer\b|^tensorflow(\.compat\.v1)?\.train\.\w*Optimizer\(\)\.minimize$")
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


@lru_cache(maxsize=1 << 15)  # asked about the same paths by many checks
def is_test_path(path: str) -> bool:
    """Whether PATH is test code (tests/, test_*.py, *_test.py, conftest.py)."""
    return bool(TEST_PATH.search(path))


@lru_cache(maxsize=1 << 15)
def is_doc_path(path: str) -> bool:
    """Whether PATH is documentation or examples (docs/, examples/, tutorials/)."""
    return bool(DOC_PATH.search(path))


def primary_units(facts: RepoFacts) -> list[CodeFacts]:
    """Code of .py files and notebooks that is neither tests nor documentation."""
    return [u for u in code_units(facts) if not is_test_path(u.path) and not is_doc_path(u.path)]


@lru_cache(maxsize=1 << 16)  # called for every call of every unit by many checks; the names recur
def last_part(name: str) -> str:
    """The final attribute of a resolved call name ('df[].fillna' -> 'fillna')."""
    return name.rsplit(".", 1)[-1].replace("()", "").replace("[]", "")


@lru_cache(maxsize=1 << 14)
def dotted_heads(module: str) -> frozenset[str]:
    """MODULE and every module it lies under ('a.b.c': a.b.c, a.b, a): `p in dotted_heads(m)` is `m == p or m.startswith(p + '.')`."""
    return frozenset([module] + [module[:i] for i, ch in enumerate(module) if ch == "."])


def heads_index(modules: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    """Module -> the positions (given with MODULES, in their order) of the modules equal to it or under it."""
    heads: dict[str, list[int]] = {}
    for position, module in modules:
        for head in dotted_heads(module):
            heads.setdefault(head, []).append(position)
    return heads


Site = tuple[str, int | None, int | None]
"""Where a name was first seen: path, line, notebook cell."""


@dataclass(frozen=True, slots=True)
class CodeIndex:
    """Where each imported module and each called name first appears in some code units; the evidence of a name is
    made when a rule asks for it (most names are never shown)."""

    imports: dict[str, Site] = field(default_factory=dict)
    calls: dict[str, Site] = field(default_factory=dict)
    keywords: dict[str, tuple[str, Site]] = field(default_factory=dict)
    """Keyword -> (the call it was first passed to, where)."""
    by_last: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Final call name -> (position in CALLS, name) of the calls that end with it (built with CALLS by `index_units`)."""
    made: dict[tuple[str, str], Evidence] = field(default_factory=dict)
    """Evidence made so far, by (kind, name), so that a name's evidence is one object."""
    modules: tuple[str, ...] = ()
    """The keys of IMPORTS in order (built with them by `index_units`)."""
    heads: dict[str, list[int]] = field(default_factory=dict)
    """Module -> positions in MODULES of the imports of it or of a module under it (`heads_index`)."""

    def call(self, name: str) -> Evidence:
        """The evidence of the first call of NAME."""
        ev = self.made.get(("call", name))
        if ev is None:
            ev = self.made["call", name] = Evidence(f"calls {name.replace('[]', '')}", *self.calls[name])
        return ev

    def import_of(self, module: str) -> Evidence:
        """The evidence of the first import of MODULE (or of a name from it, as `module.name`)."""
        ev = self.made.get(("import", module))
        if ev is None:
            ev = self.made["import", module] = Evidence(f"imports {module}", *self.imports[module])
        return ev

    def keyword(self, key: str) -> Evidence:
        """The evidence of the first call passed keyword KEY."""
        ev = self.made.get(("keyword", key))
        if ev is None:
            name, site = self.keywords[key]
            ev = self.made["keyword", key] = Evidence(f"{last_part(name)}(..., {key}=...)", *site)
        return ev

    def calls_where(self, test: Callable[[str], object]) -> list[Evidence]:
        """Evidence of the calls whose name passes TEST, in the order of CALLS."""
        return [self.call(name) for name in self.calls if test(name)]

    def calls_ending(self, test: Callable[[str], object], names: Callable[[str], object] | None = None) -> list[Evidence]:
        """Evidence of the calls whose final name passes TEST (and whose name passes NAMES, when given), in the order
        of CALLS (each final name is tested once, not each call name)."""
        found = sorted(item for last, items in self.by_last.items() if test(last) for item in items)
        return [self.call(name) for _, name in found if names is None or names(name)]

    def imported(self, prefixes: tuple[str, ...] | frozenset[str]) -> list[Evidence]:
        """Evidence of imports of any module equal to or under one of PREFIXES."""
        heads = self.heads
        positions = sorted({position for prefix in set(prefixes) for position in heads.get(prefix, ())})
        return [self.import_of(self.modules[position]) for position in positions]

    def called(self, lasts: frozenset[str]) -> list[Evidence]:
        """Evidence of calls whose final name is in LASTS (in the order of CALLS)."""
        return [self.call(name) for _, name in sorted(item for last in set(lasts) if last in self.by_last for item in self.by_last[last])]

    def called_full(self, prefixes: tuple[str, ...]) -> list[Evidence]:
        """Evidence of calls whose resolved name starts with one of PREFIXES."""
        return [self.call(name) for name in self.calls if name.startswith(prefixes)]

    def str_calls(self) -> list[Evidence]:
        """pandas string-accessor cleaning calls (`.str.strip()`, `.str.replace()`...)."""
        return [self.call(name) for name in self.calls if ".str." in name and last_part(name) in STR_CLEANING]


def index_units(units: list[CodeFacts]) -> CodeIndex:
    """Where every import and call in UNITS is first seen."""
    imports: dict[str, Site] = {}
    calls: dict[str, Site] = {}
    keywords: dict[str, tuple[str, Site]] = {}
    for unit in units:
        path = unit.path
        for imp in unit.imports:
            module = imp.module
            if imp.level == 0 and module:
                if module not in imports:
                    imports[module] = (path, imp.line, imp.cell)
                for name in imp.names:
                    full = f"{module}.{name}"
                    if full not in imports:
                        imports[full] = (path, imp.line, imp.cell)
        unit_calls = unit.calls
        first_names, first_keywords = call_firsts(unit)  # (shared with the rules that look calls up by name)
        for name, position in first_names.items():
            if name not in calls:
                call = unit_calls[position]
                calls[name] = (path, call.line, call.cell)
        for keyword, position in first_keywords.items():
            if keyword not in keywords:
                call = unit_calls[position]
                keywords[keyword] = (call.name, (path, call.line, call.cell))
    by_last: dict[str, list[tuple[int, str]]] = {}
    for position, name in enumerate(calls):
        by_last.setdefault(last_part(name), []).append((position, name))
    modules = tuple(imports)
    return CodeIndex(imports, calls, keywords, by_last, modules=modules, heads=heads_index(enumerate(modules)))


def primary_index(facts: RepoFacts) -> CodeIndex:
    """The index of the primary units (own code, not tests or docs), built once per repository for every check."""
    return memo(facts, "primary_index", lambda f: index_units(primary_units(f)))


def collection_evidence(index: CodeIndex) -> list[Evidence]:
    """Code that collects data: scraping, API clients, HTTP downloads, database or stream reads."""
    return index.imported(SCRAPING) + index.imported(API_CLIENTS) + index.called_full(HTTP_CALLS) + index.called(DB_READS)


def cleaning_kinds(index: CodeIndex) -> dict[str, Evidence]:
    """Distinct data-cleaning operations (fillna, to_datetime, drop_duplicates, .str.strip, merge...) with evidence."""
    kinds: dict[str, Evidence] = {}
    for name in index.calls:
        last = last_part(name)
        if last in CLEANING:
            kinds.setdefault(last, index.call(name))
        elif ".str." in name and last in STR_CLEANING:
            kinds.setdefault(f"str.{last}", index.call(name))
        elif name in ("re.sub", "pandas.concat"):
            kinds.setdefault(name, index.call(name))
    return kinds


def _sql_models(facts: RepoFacts) -> list[Evidence]:
    """SQL transformation models (dbt models or .sql files)."""
    return [Evidence("SQL model", f.path) for f in files_with_suffix(facts, frozenset({".sql"}))[:3]]


def evaluation_evidence(index: CodeIndex) -> list[Evidence]:
    """Metrics, a held-out split followed by scoring, or fitting with validation data."""
    splits = index.called(SPLITS) + index.calls_ending(OWN_SPLIT.match)
    held_out = splits if index.called(SCORING) else []
    validation = [index.keyword(key) for key in index.keywords if key in VALIDATION_KEYWORDS]
    return index.imported(EVAL_IMPORTS) + index.called(METRICS) + held_out + validation


def stage_evidence(facts: RepoFacts, index: CodeIndex, tests: CodeIndex | None = None) -> dict[str, list[Evidence]]:
    """Evidence for each lifecycle stage the repository's own code covers (model-quality tests count as evaluation)."""
    stages: dict[str, list[Evidence]] = {}
    stages["collection"] = collection_evidence(index)
    stages["preparation"] = list(cleaning_kinds(index).values()) + index.called(FEATURES) + _sql_models(facts)
    does_ml = bool(index.imported(tuple(sorted(_ML_ROOTS))))
    tf1 = [Evidence(f"TensorFlow 1 training: {ev.detail}", ev.path, ev.line, ev.cell) for ev in index.calls_where(TF1_TRAINING.search)]
    stages["training"] = (index.called(TRAINING) if does_ml else []) + index.called_full(TRAIN_FULL) + tf1
    tested = [ev for ev in evaluation_evidence(tests) if not ev.detail.startswith("imports")] if tests else []
    stages["evaluation"] = evaluation_evidence(index) + [Evidence(f"model-quality test {ev.detail}", ev.path, ev.line, ev.cell) for ev in tested]
    stages["tuning"] = index.called(TUNING) + index.imported(TUNING_IMPORTS)
    stages["serving"] = index.imported(SERVING_IMPORTS)
    stages["monitoring"] = index.imported(MONITORING_IMPORTS)
    return {stage: evs for stage, evs in stages.items() if evs}


_ML_ROOTS = frozenset(
    {"sklearn", "torch", "tensorflow", "keras", "xgboost", "lightgbm", "catboost", "transformers", "statsmodels", "prophet",
     "sktime", "jax", "flax", "pytorch_lightning", "lightning", "timm", "surprise", "implicit", "stable_baselines3", "gymnasium",
     "gym", "fastai", "darts", "pmdarima", "lightfm", "spacy", "gensim", "pyspark.ml", "mxnet", "paddle", "ultralytics"}
)


def method_evidence(index: CodeIndex, stages: dict[str, list[Evidence]], domains: dict[str, list[Evidence]]) -> dict[str, list[Evidence]]:
    """ML methods of seed 001's curriculum shown in code: supervised, unsupervised, reinforcement, deep learning."""
    methods: dict[str, list[Evidence]] = {}
    estimators = index.calls_ending(ESTIMATOR.search)
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
