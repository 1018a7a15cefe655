"""ML domains from what a repository's models and pipelines do (model classes, layers, losses, datasets), not from every import (pure)."""

from __future__ import annotations

import re

from checks.support.code_graph import memo, paths_folded, repo_paths, sorted_paths
from checks.support.lifecycle import DOMAINS, CodeIndex
from checks.support.prefilter import folded, screen, search
from checks.support.unit_text import call_positions, first_call_under, first_import, first_string
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

# Calls (final names) that show the task: a domain with one of these is shown.
TASK_CALLS: dict[str, frozenset[str]] = {
    "nlp": frozenset({"TfidfVectorizer", "CountVectorizer", "HashingVectorizer", "word_tokenize", "sent_tokenize", "PorterStemmer",
                      "SnowballStemmer", "WordNetLemmatizer", "Word2Vec", "Doc2Vec", "FastText", "LdaModel", "TextVectorization",
                      "pad_sequences", "texts_to_sequences", "TextDataLoaders", "text_classifier_learner", "language_model_learner",
                      "AutoModelForSequenceClassification", "AutoModelForTokenClassification", "AutoModelForQuestionAnswering",
                      "AutoModelForMaskedLM", "AutoModelForSeq2SeqLM", "TextBlob", "SentimentIntensityAnalyzer", "pos_tag", "ne_chunk"}),
    "cv": frozenset({"Conv2d", "Conv2D", "Conv3d", "Conv3D", "ConvTranspose2d", "Conv2DTranspose", "MaxPool2d", "MaxPooling2D",
                     "ImageFolder", "image_dataset_from_directory", "ImageDataGenerator", "ImageDataLoaders", "vision_learner",
                     "cnn_learner", "unet_learner", "ImageBlock", "YOLO", "imread", "ResNet50", "VGG16", "MobileNetV2",
                     "EfficientNetB0", "resnet18", "resnet34", "resnet50", "Unet", "RandomHorizontalFlip", "RandomResizedCrop",
                     "conv2d", "conv2d_transpose", "max_pool", "max_pool2d", "max_pooling2d"}),
    "time-series": frozenset({"ARIMA", "SARIMAX", "ExponentialSmoothing", "Prophet", "NeuralProphet", "TimeSeriesSplit", "seasonal_decompose",
                              "adfuller", "plot_acf", "plot_pacf", "AutoARIMA", "auto_arima", "TimeSeries", "Holt"}),
    "rl": frozenset({"PPO", "DQN", "A2C", "SAC", "TD3", "DDPG", "QLearning", "make_vec_env"}),
    "recsys": frozenset({"SVD", "SVDpp", "KNNBasic", "KNNWithMeans", "LightFM", "AlternatingLeastSquares", "BayesianPersonalizedRanking",
                         "collab_learner", "CollabDataLoaders", "EmbeddingDotBias"}),
    "llm": frozenset({"ChatOpenAI", "AzureChatOpenAI", "ChatAnthropic", "ChatGroq", "ChatOllama", "Ollama", "ChatGoogleGenerativeAI",
                      "ChatMistralAI", "ChatCohere", "ChatTogether", "Together", "HuggingFaceEndpoint", "HuggingFacePipeline", "LlamaCpp",
                      "CTransformers", "GenerativeModel", "create_retrieval_chain", "RetrievalQA", "ConversationalRetrievalChain",
                      "LLMChain", "create_stuff_documents_chain", "as_query_engine", "as_chat_engine", "AutoModelForCausalLM"}),
}
# Calls whose full name shows the task (prefixes).
TASK_PREFIXES: dict[str, tuple[str, ...]] = {
    "nlp": ("nltk.corpus.stopwords.words", "spacy.load", "torchtext.", "transformers.BertFor", "transformers.DistilBertFor", "transformers.RobertaFor"),
    "cv": ("torchvision.models.", "torchvision.datasets.", "tensorflow.keras.applications.", "keras.applications.", "timm.create_model",
           "ultralytics.", "segmentation_models_pytorch.", "albumentations.", "cv2.dnn.", "detectron2."),
    "rl": ("gym.make", "gymnasium.make", "stable_baselines3.", "ray.rllib.", "tianshou."),
    "recsys": ("surprise.", "implicit.", "lightfm.", "recbole.", "torchrec."),
    "llm": ("openai.OpenAI", "openai.AsyncOpenAI", "openai.ChatCompletion", "anthropic.Anthropic", "ollama.chat", "ollama.generate",
            "groq.Groq", "litellm.", "vllm.LLM", "google.generativeai.GenerativeModel", "cohere.Client", "mistralai.Mistral"),
    "time-series": ("statsmodels.tsa.", "prophet.", "sktime.", "darts.", "pmdarima.", "neuralprophet.", "gluonts.", "tsfresh."),
}
# Imports that only support a domain: they count with a README claim, never alone.
SUPPORT_IMPORTS: dict[str, tuple[str, ...]] = {
    "nlp": ("nltk", "spacy", "gensim", "transformers", "tokenizers", "textblob", "torchtext", "fasttext", "stanza", "flair"),
    "cv": ("torchvision", "timm", "cv2", "skimage", "PIL", "ultralytics", "albumentations", "kornia"),
    "tabular": ("sklearn", "xgboost", "lightgbm", "catboost"),
    "time-series": ("statsmodels", "prophet", "sktime", "darts", "pmdarima"),
    "rl": ("gym", "gymnasium", "stable_baselines3"),
    "recsys": ("surprise", "implicit", "lightfm"),
    "llm": ("langchain", "langchain_core", "langchain_community", "llama_index", "openai", "anthropic", "chromadb", "faiss", "ollama"),
    "data-engineering": ("prefect", "sqlalchemy", "psycopg2", "pymongo", "duckdb", "great_expectations"),
}
README_CLAIMS: dict[str, re.Pattern[str]] = {
    "nlp": re.compile(r"(?i)\b(nlp|natural language processing|sentiment|text classification|named entit|spam)"),
    "cv": re.compile(r"(?i)\b(computer vision|image classification|object detection|image segmentation|images?\b)"),
    "tabular": re.compile(r"(?i)\btabular\b"),
    "time-series": re.compile(r"(?i)\b(time[- ]series|forecast(s|ing)?)\b"),
    "recsys": re.compile(r"(?i)\brecommend(er|ation)s?\b"),
    "rl": re.compile(r"(?i)\breinforcement learning\b"),
    "llm": re.compile(r"(?i)\b(llms?|large language models?|retrieval[- ]augmented)\b"),
}
ESTIMATOR = re.compile(r"(Classifier|Regressor|Regression|SVC|SVR|NB|Lasso|Ridge|ElasticNet|XGB\w*|LGBM\w*|CatBoost\w*)$")
TABULAR_LIBS = ("sklearn", "xgboost", "lightgbm", "catboost")
TEXT_VECTORS = frozenset({"TfidfVectorizer", "CountVectorizer", "HashingVectorizer"})
RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "LSTMCell", "GRUCell"})
TABLE_READS = frozenset({"read_csv", "read_excel", "read_parquet", "read_table", "loadtxt", "genfromtxt", "read_sql", "read_feather"})
TIME_PARSING = frozenset({"to_datetime", "resample", "date_range", "DatetimeIndex", "asfreq", "to_timestamp", "from_unixtime", "unix_timestamp",
                          "fromtimestamp", "strptime", "Timestamp"})
LAG = re.compile(r"(?i)(^|_)(lags?|lagged|rolling_mean)(_|\d|$)")
RECOMMEND = re.compile(r"(?i)recommend")
SIMILARITY = frozenset({"cosine_similarity", "NearestNeighbors", "similarity_search", "linear_kernel", "kneighbors"})
CHAT_CALLS = re.compile(r"\.(chat\.completions\.create|messages\.create|ChatCompletion\.create|generate_content|chat\.complete)$")
CHAT_LASTS = frozenset({"create", "generate_content", "complete"})
"""The final names of the calls CHAT_CALLS matches (a unit without one is not searched)."""
DE_STRONG_IMPORTS = ("airflow", "dagster", "kafka", "confluent_kafka", "pyspark", "pyflink", "dlt", "airbyte", "dbt", "apache_beam", "deltalake")
MLOPS_KINDS: dict[str, tuple[str, ...]] = {
    "experiment tracking": ("mlflow", "wandb", "comet_ml", "neptune", "clearml", "dvclive", "aim"),
    "feature store": ("feast",),
    "ML pipeline orchestration": ("prefect", "zenml", "kfp", "metaflow", "flytekit"),
    "monitoring": ("evidently", "prometheus_client", "whylogs", "nannyml", "alibi_detect", "deepchecks"),
    "model serving infrastructure": ("bentoml", "seldon_core", "kserve", "tritonclient", "sagemaker", "ray.serve"),
}
MLOPS_FILES: dict[str, re.Pattern[str]] = {
    "data and pipeline versioning": re.compile(r"(^|/)(dvc\.yaml|\.dvc/config)$|\.dvc$"),
    "model serving infrastructure": re.compile(r"(^|/)(Chart\.yaml|bentofile\.yaml|MLmodel)$|(^|/)(k8s|kubernetes|helm|terraform)/"),
}


def _first(items: list[Evidence], n: int = 3) -> list[Evidence]:
    """The first N pieces of evidence."""
    return items[:n]


def _calls(units: list[CodeFacts], lasts: frozenset[str] = frozenset(), prefixes: tuple[str, ...] = (),
           limit: int | None = None) -> list[Evidence]:
    """The first call per unit whose final name is in LASTS or whose full name starts with one of PREFIXES
    (LIMIT: stop after that many, for a caller that reads only the first)."""
    out: list[Evidence] = []
    for unit in units:
        firsts_u = call_positions(unit)  # worked out once per unit
        common = firsts_u.keys() & lasts
        hit = min([firsts_u[last] for last in common]) if common else None
        if prefixes:  # an earlier call under one of PREFIXES comes first
            earlier = first_call_under(unit, prefixes, hit)
            hit = hit if earlier is None else earlier
        if hit is not None:
            call = unit.calls[hit]
            out.append(Evidence(f"calls {call.name.replace('[]', '')}", unit.path, call.line, call.cell))
            if limit is not None and len(out) >= limit:
                break
    return out


def _local_roots(facts: RepoFacts) -> frozenset[str]:
    """Top-level names the repository's own modules answer to (a local `transformers.py` is not Hugging Face), found once per repository."""
    return memo(facts, "module-roots", _module_roots)


def _module_roots(facts: RepoFacts) -> frozenset[str]:
    """Top-level names the repository's own modules answer to."""
    names = set()
    for path in repo_paths(facts):
        parts = path.split("/")
        if parts[-1] == "__init__.py" and len(parts) >= 2:
            names.add(parts[-2])
        elif parts[-1].endswith(".py"):
            names.add(parts[-1][:-3])
    return frozenset(names)


def _imported(units: list[CodeFacts], modules: tuple[str, ...], local: frozenset[str], limit: int | None = None) -> list[Evidence]:
    """Imports of one of MODULES (or a module under it) that are not the repository's own modules, one a unit
    (LIMIT: at most that many, for a caller that reads only the first ones)."""
    out: list[Evidence] = []
    for unit in units:
        if imp := first_import(unit, modules, local):
            out.append(Evidence(f"imports {imp.module}", unit.path, imp.line, imp.cell))
            if limit is not None and len(out) >= limit:
                break
    return out


def _strings(units: list[CodeFacts], pattern: re.Pattern[str], limit: int | None = None) -> list[Evidence]:
    """String literals and function names matching PATTERN (feature names such as lag_7), one a unit (LIMIT: at most
    that many, for a caller that reads only the first)."""
    out: list[Evidence] = []
    for unit in units:
        if limit is not None and len(out) >= limit:
            break
        hit = first_string(unit, pattern, 60)
        if hit:
            out.append(Evidence(f"feature '{hit.value}'", unit.path, hit.line, hit.cell))
            continue
        fn = next((f for f in unit.functions if pattern.search(f.name)), None)
        if fn:
            out.append(Evidence(f"function {fn.name}()", unit.path, fn.line, fn.cell))
    return out


def task_evidence(facts: RepoFacts, units: list[CodeFacts], index: CodeIndex, stages: dict[str, list[Evidence]],
                  datasets: list[tuple[str, Evidence]], library: bool = False) -> dict[str, list[Evidence]]:
    """Evidence of each domain's task: model classes, layers, loaders and datasets (imports alone do not count)."""
    local = _local_roots(facts)
    found: dict[str, list[Evidence]] = {d: [] for d in DOMAINS}
    for domain in TASK_CALLS.keys() | TASK_PREFIXES.keys():
        found[domain] += _calls(units, TASK_CALLS.get(domain, frozenset()), TASK_PREFIXES.get(domain, ()))
    for name, ev in datasets:
        found[name].append(ev)
    chat = next((Evidence(f"calls {c.name}", u.path, c.line, c.cell) for u in units if not call_positions(u).keys().isdisjoint(CHAT_LASTS)
                 for c in u.calls if CHAT_CALLS.search(c.name)), None)
    found["llm"] += [chat] if chat else []
    trains = "training" in stages
    estimators = index.calls_ending(ESTIMATOR.search, lambda name: name.startswith(TABULAR_LIBS))
    text_models = bool(_calls(units, TEXT_VECTORS, limit=1))
    rl = found["rl"]
    found["tabular"] += [] if text_models or rl else estimators  # estimators over TF-IDF features, or an agent's value function
    recurrent = _calls(units, RECURRENT, limit=1)
    if recurrent and not found["nlp"]:
        found["time-series"] += [Evidence(f"a recurrent network over sequences ({recurrent[0].detail})", recurrent[0].path, recurrent[0].line, recurrent[0].cell)]
    lags = [] if library else _strings(units, LAG, limit=1)  # a library's lag helper is a tool, not a forecast
    if lags and trains and (_calls(units, TIME_PARSING, limit=1) or recurrent):
        found["time-series"] += [Evidence(f"lag features for forecasting: {lags[0].detail}", lags[0].path, lags[0].line, lags[0].cell)]
    recommend = _strings(units, RECOMMEND, limit=1)
    if recommend and (similar := _calls(units, SIMILARITY, limit=1)):
        found["recsys"].append(Evidence(f"recommends by similarity: {recommend[0].detail} with {similar[0].detail}", recommend[0].path, recommend[0].line))
    if found["recsys"] and not [e for e in found["nlp"] if "Vectorizer" not in e.detail]:
        found["nlp"] = []  # a recommender that vectorises tags is not an NLP project
    if found["llm"]:
        found["nlp"] = [e for e in found["nlp"] if "Vectorizer" in e.detail or "Model" in e.detail]
    found["data-engineering"] += _imported(units, DE_STRONG_IMPORTS, local, limit=3)  # (a domain shows its first three)
    found["data-engineering"] += [Evidence("dbt project", p) for p in repo_paths(facts) if p.endswith("dbt_project.yml")][:1]
    sql = sorted(p for p in repo_paths(facts) if p.endswith(".sql") and re.search(r"(^|/)(models|transform\w*|warehouse|marts|staging)/", p))
    found["data-engineering"] += [Evidence(f"{len(sql)} SQL transformation model(s)", sql[0])] if sql else []
    found["mlops"] += _mlops(facts, units, stages, local)
    return {d: evs for d, evs in found.items() if evs}


def _mlops(facts: RepoFacts, units: list[CodeFacts], stages: dict[str, list[Evidence]], local: frozenset[str]) -> list[Evidence]:
    """MLOps needs practice of two kinds or more (tracking, versioning, orchestration, monitoring, serving infrastructure...)."""
    kinds: dict[str, Evidence] = {}
    for kind, modules in MLOPS_KINDS.items():
        if evs := _imported(units, modules, local, limit=1):
            kinds.setdefault(kind, evs[0])
    for kind, pattern in MLOPS_FILES.items():
        if screen(pattern).excludes(paths_folded(facts)):
            continue  # no path holds a word every match contains
        if hit := next((p for p in sorted_paths(facts) if pattern.search(p)), None):
            kinds.setdefault(kind, Evidence("file", hit))
    if "serving" in stages and "training" in stages:
        if docker := next((f.path for f in facts.files if f.name.lower().startswith("dockerfile")), None):
            kinds.setdefault("containerised model serving", Evidence("serves a model it trains from a container", docker))
        if facts.workflows:
            kinds.setdefault("CI for the served model", Evidence("a CI workflow builds or tests the served model", facts.workflows[0].path))
    if len(kinds) < 2:
        return []
    return [Evidence(f"{kind}: {ev.detail}", ev.path, ev.line, ev.cell) for kind, ev in kinds.items()]


def domain_evidence(facts: RepoFacts, units: list[CodeFacts], index: CodeIndex, stages: dict[str, list[Evidence]],
                    datasets: list[tuple[str, Evidence]], library: bool = False) -> dict[str, list[Evidence]]:
    """Each ML domain the repository works in, with the evidence: the task shown in code or data, or a README claim
    backed by the domain's libraries; tabular as the fallback for analysis of tables when nothing else is shown."""
    found = task_evidence(facts, units, index, stages, datasets, library)
    local = _local_roots(facts)
    if facts.readme:
        text = facts.readme.text
        lower = folded(text)
        for domain, pattern in README_CLAIMS.items():
            if domain in found or not (match := search(pattern, text, lower)):
                continue
            support = _imported(units, SUPPORT_IMPORTS.get(domain, ()), local, limit=1)
            if support and (domain != "cv" or "training" in stages):
                line = text[: match.start()].count("\n") + 1
                found[domain] = [Evidence(f"README says '{match.group(0)}'", facts.readme.path, line), support[0]]
    ml_domains = set(found) - {"mlops"}
    if not ml_domains and not library:
        reads = _calls(units, TABLE_READS, limit=1)
        if reads:
            found["tabular"] = [Evidence(f"analyses tabular data ({reads[0].detail}); no other domain shown", reads[0].path, reads[0].line, reads[0].cell)]
    return {d: _first(found[d]) for d in DOMAINS if d in found}
