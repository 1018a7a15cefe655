"""Helpers shared by checks: README outline, import classification, evidence shortcuts (all pure)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from checks.support.code_graph import memo
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

# Import names whose distribution is named differently (import -> distribution, PEP 503 normalised).
IMPORT_TO_DIST = {
    "sklearn": "scikit-learn",
    "cv2": "opencv-python",
    "pil": "pillow",
    "yaml": "pyyaml",
    "bs4": "beautifulsoup4",
    "skimage": "scikit-image",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "google": "google-api-python-client",
    "googleapiclient": "google-api-python-client",
    "jwt": "pyjwt",
    "attr": "attrs",
    "crypto": "pycryptodome",
    "serial": "pyserial",
    "usb": "pyusb",
    "magic": "python-magic",
    "docx": "python-docx",
    "pptx": "python-pptx",
    "git": "gitpython",
    "github": "pygithub",
    "wx": "wxpython",
    "mpl_toolkits": "matplotlib",
    "tensorflow_hub": "tensorflow-hub",
    "tf_keras": "tf-keras",
    "lightgbm": "lightgbm",
    "xgboost": "xgboost",
    "catboost": "catboost",
    "torchvision": "torchvision",
    "sentence_transformers": "sentence-transformers",
    "huggingface_hub": "huggingface-hub",
    "langchain_community": "langchain-community",
    "langchain_openai": "langchain-openai",
    "langchain_core": "langchain-core",
    "llama_index": "llama-index",
    "faiss": "faiss-cpu",
    "chromadb": "chromadb",
    "pinecone": "pinecone-client",
    "great_expectations": "great-expectations",
    "umap": "umap-learn",
    "kaggle": "kaggle",
    "fitz": "pymupdf",
    "psycopg2": "psycopg2-binary",
    "mysqldb": "mysqlclient",
    "zmq": "pyzmq",
    "airflow": "apache-airflow",
    "prefect": "prefect",
    "dagster": "dagster",
    "pyspark": "pyspark",
    "kafka": "kafka-python",
    "sqlalchemy": "sqlalchemy",
    "ipython": "ipython",
}
# Distributions that provide an import under another name, accepted as declaring it.
ALSO_PROVIDES = {
    "opencv-python": {"opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless", "opencv"},
    "psycopg2-binary": {"psycopg2"},
    "faiss-cpu": {"faiss-gpu", "faiss"},
    "google-api-python-client": {"google-cloud-storage", "google-cloud-bigquery", "google-generativeai", "google-genai", "google-auth", "protobuf"},
    "tensorflow": {"tensorflow-cpu", "tensorflow-macos", "tf-nightly"},
    "pinecone-client": {"pinecone"},
    "pyyaml": {"ruamel-yaml"},
    "scikit-learn": {"sklearn"},
    "torch": {"pytorch"},
    "kafka-python": {"confluent-kafka", "kafka-python-ng"},
}
# Packages normally present where code runs (Colab/Kaggle base images are not assumed).
ALWAYS_AVAILABLE = frozenset({"__future__", "pkg_resources", "setuptools", "distutils", "_typeshed"})


@lru_cache(maxsize=1)
def stdlib() -> frozenset[str]:
    """Top-level names of the standard library."""
    return frozenset(sys.stdlib_module_names)


def distribution_for(import_root: str) -> str:
    """The distribution name (normalised) that usually provides an import."""
    lower = import_root.lower()
    return IMPORT_TO_DIST.get(lower, re.sub(r"[-_.]+", "-", lower))


def local_roots(facts: RepoFacts) -> frozenset[str]:
    """Top-level module and package names defined in the repository itself (found once per repository)."""
    return memo(facts, "local-roots", _local_roots)


def _local_roots(facts: RepoFacts) -> frozenset[str]:
    """Top-level module and package names defined in the repository itself."""
    names: set[str] = set()
    for info in facts.files:
        parts = info.path.split("/")
        for index, part in enumerate(parts):
            stem = part[:-3] if part.endswith(".py") else part
            if index == len(parts) - 1 and not part.endswith(".py"):
                break
            if stem.isidentifier():
                names.add(stem)
    return frozenset(names)


def code_units(facts: RepoFacts) -> list[CodeFacts]:
    """Code facts of every .py module and every notebook."""
    units = [m for m in facts.modules]
    units += [nb.code for nb in facts.notebooks if nb.code is not None]
    return units


def third_party_imports(facts: RepoFacts) -> dict[str, Evidence]:
    """Third-party import roots used in code, with where each is first imported (the one place shown)."""
    local = local_roots(facts)
    found: dict[str, Evidence] = {}
    for unit in code_units(facts):
        for imp in unit.imports:
            root = imp.root
            if imp.level or not root or root in stdlib() or root in ALWAYS_AVAILABLE or root in local:
                continue
            if root not in found:
                found[root] = Evidence(f"imports {imp.module}", unit.path, imp.line, imp.cell)
    return found


def declared_distributions(facts: RepoFacts) -> frozenset[str]:
    """Every distribution named in any manifest."""
    return frozenset(r.name for m in facts.manifests for r in m.requirements)


# Distributions that always install others (their hard dependencies): importing those is covered.
IMPLIES = {
    "pandas": {"numpy", "python-dateutil", "pytz"},
    "scikit-learn": {"numpy", "scipy", "joblib", "threadpoolctl"},
    "seaborn": {"matplotlib", "pandas", "numpy"},
    "matplotlib": {"numpy", "pillow"},
    "scipy": {"numpy"},
    "statsmodels": {"numpy", "scipy", "pandas"},
    "xgboost": {"numpy", "scipy"},
    "lightgbm": {"numpy", "scipy"},
    "torchvision": {"torch", "numpy", "pillow"},
    "transformers": {"numpy", "tokenizers", "huggingface-hub", "pyyaml", "requests", "tqdm"},
    "sentence-transformers": {"transformers", "torch", "numpy", "huggingface-hub", "scikit-learn", "scipy", "tqdm"},
    "tensorflow": {"numpy", "keras"},
    "streamlit": {"pandas", "numpy", "pillow", "requests"},
    "fastapi": {"pydantic", "starlette"},
    "langchain": {"pydantic", "pyyaml", "requests", "langchain-core"},
    "apache-airflow": {"pendulum", "requests", "sqlalchemy", "jinja2"},
    "dbt-postgres": {"psycopg2-binary", "psycopg2", "jinja2"},
    "openai": {"httpx", "pydantic"},
    "faiss-cpu": {"numpy"},
    "gradio": {"numpy", "pandas", "pillow", "fastapi", "httpx"},
}


def is_declared(import_root: str, declared: frozenset[str]) -> bool:
    """Whether an import is covered by the declared distributions (directly or as a hard dependency)."""
    dist = distribution_for(import_root)
    candidates = {dist, import_root.lower(), re.sub(r"[-_.]+", "-", import_root.lower())} | ALSO_PROVIDES.get(dist, set())
    return bool(candidates & _covered(frozenset(declared))) or any(d.startswith(dist + "-") for d in declared)


@lru_cache(maxsize=256)  # every import of a repository is tested against the same declarations
def _covered(declared: frozenset[str]) -> frozenset[str]:
    """The distributions DECLARED install: themselves and their hard dependencies."""
    covered = set(declared)
    for name in declared:
        covered |= IMPLIES.get(name, set())
    return frozenset(covered)


ML_IMPORTS = frozenset(
    {"sklearn", "torch", "tensorflow", "keras", "xgboost", "lightgbm", "catboost", "transformers", "statsmodels",
     "prophet", "sktime", "jax", "flax", "pytorch_lightning", "lightning", "timm", "sentence_transformers",
     "surprise", "implicit", "stable_baselines3", "gymnasium", "gym", "spacy", "nltk", "gensim", "langchain",
     "llama_index", "openai", "fastai", "mlflow", "optuna"}
)


def ml_project(facts: RepoFacts) -> bool:
    """Whether the repository does machine learning (ML library imports or notebooks that do), found once per repository."""
    return memo(facts, "ml-project", _ml_project)


def _ml_project(facts: RepoFacts) -> bool:
    """Whether the repository does machine learning (ML library imports or notebooks that do)."""
    roots = set()
    for unit in code_units(facts):
        roots |= unit.import_roots
    return bool(roots & ML_IMPORTS)


@dataclass(frozen=True, slots=True)
class Heading:
    """A Markdown/RST heading."""

    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced or indented code block, or an inline command."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Outline:
    """The parts of a README that checks look at."""

    headings: tuple[Heading, ...]
    blocks: tuple[CodeBlock, ...]
    prose_words: int
    tables: tuple[tuple[int, str], ...]
    links: tuple[tuple[int, str, str], ...]
    images: tuple[tuple[int, str], ...]

    def sections(self, pattern: re.Pattern[str]) -> tuple[Heading, ...]:
        """Headings whose text matches PATTERN."""
        return tuple(h for h in self.headings if pattern.search(h.text))


FENCE = re.compile(r"^\s*(```|~~~)")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
RST_MARKS = "=-~^\"'`#*+"
LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)[^)]*\)|<(https?://[^>\s]+)>|(?<![(\[<\"'])\b(https?://[^\s)\]>\"']+)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]+src=[\"']([^\"']+)")
INLINE_CODE = re.compile(r"`([^`\n]{3,200})`")
HTML_TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@lru_cache(maxsize=16)  # several checks outline the same README; an Outline is immutable
def outline(text: str) -> Outline:
    """Parse the structure of a Markdown (or simple RST) README."""
    headings: list[Heading] = []
    blocks: list[CodeBlock] = []
    tables: list[tuple[int, str]] = []
    links: list[tuple[int, str, str]] = []
    images: list[tuple[int, str]] = []
    words = 0
    lines = text.splitlines()
    in_fence = False
    fence_start = 0
    fence_lines: list[str] = []
    for index, line in enumerate(lines):
        number = index + 1
        if ("```" in line or "~~~" in line) and FENCE.match(line):  # (the quick tests: text every match holds)
            if in_fence:
                blocks.append(CodeBlock("\n".join(fence_lines), fence_start))
                fence_lines = []
            else:
                fence_start = number
            in_fence = not in_fence
            continue
        if in_fence:
            fence_lines.append(line)
            continue
        if line.startswith("#") and (match := MD_HEADING.match(line)):
            headings.append(Heading(len(match.group(1)), match.group(2), number))
            continue
        if line[:1] in RST_MARKS and RST_UNDERLINE.match(line) and index > 0 and lines[index - 1].strip() and not lines[index - 1].startswith(("|", " ")):
            headings.append(Heading(1 if line[0] in "=#" else 2, lines[index - 1].strip(), number - 1))
            continue
        if line.startswith(("    ", "\t")) and line.strip() and (index == 0 or not lines[index - 1].strip() or lines[index - 1].startswith(("    ", "\t"))):
            blocks.append(CodeBlock(line.strip(), number))
        if line.lstrip().startswith("|") and line.count("|") >= 2:
            tables.append((number, line))
            continue
        if line.strip().startswith(".. code") or line.strip().endswith("::"):
            pass
        prose = line
        if "![" in line or "<img" in line:
            images += [(number, match.group(1) or match.group(2) or "") for match in IMAGE.finditer(line)]
            prose = IMAGE.sub(" ", prose)
        if "](" in line or "http" in line:
            for match in LINK.finditer(line):
                label, url = match.group(1) or "", match.group(2) or match.group(3) or match.group(4) or ""
                links.append((number, label, url))
            prose = LINK.sub(" ", prose)
        if "`" in line:
            blocks += [CodeBlock(match.group(1), number) for match in INLINE_CODE.finditer(line)]
        if "<" in prose:
            prose = HTML_TAG.sub(" ", prose)
        if "`" in prose:
            prose = INLINE_CODE.sub(" ", prose)
        words += len(WORD.findall(prose))
    if in_fence and fence_lines:
        blocks.append(CodeBlock("\n".join(fence_lines), fence_start))
    return Outline(tuple(headings), tuple(blocks), words, tuple(tables), tuple(links), tuple(images))


def first_evidence(items: list[Evidence], limit: int = 5) -> tuple[Evidence, ...]:
    """At most LIMIT evidence items, with a note when more were cut."""
    if len(items) <= limit:
        return tuple(items)
    return tuple(items[:limit]) + (Evidence(f"… and {len(items) - limit} more"),)


def unparsed(facts: RepoFacts, wanted: Callable[[str], bool]) -> list[Evidence]:
    """Evidence for the files WANTED picks that the facts stage left unparsed (over a parsing limit)."""
    return [Evidence(reason, path) for path, reason in sorted(facts.unparsed.items()) if wanted(path)]
