"""README checks DOC001-DOC004: the README says what the project is, how to install it, how to run it and what it found."""

from __future__ import annotations

import re
from itertools import islice

from checks.support.code_graph import has_code, repo_paths
from checks.support.common import ml_project, outline
from checks.support.registry import check
from readiness.facts.model import RepoFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed

DOC = Dimension.DOCUMENTATION
README_SEARCH = ("README.md", "README.rst", "README.txt", "README at the repository root")
TEMPLATES = (
    (re.compile(r"Check out the configuration reference at https://huggingface\.co/docs/hub/spaces"), "the Hugging Face Space default README"),
    (re.compile(r">\s*📋"), "the Papers with Code README template"),
    (re.compile(r"This project was bootstrapped with"), "a generator's boilerplate"),
    (re.compile(r"A short description of the project\."), "the Cookiecutter Data Science default text"),
    (re.compile(r"(?i)lorem ipsum"), "placeholder text"),
)
INSTALL_HEADING = re.compile(r"(?i)\b(install|installation|set ?up|getting started|requirements|prerequisites|quick ?start|environment)\b")
INSTALL_COMMAND = re.compile(
    r"(?im)\b(pip3? install|python -m pip install|conda (env )?create|conda install|mamba (env )?create|poetry install|uv (sync|pip install)|"
    r"pipenv install|docker (compose )?(build|up)|docker-compose (build|up)|make (install|setup|env)|npm install)\b"
)
RUN_HEADING = re.compile(r"(?i)\b(usage|run|running|how to use|quick ?start|training|train|inference|predict|demo|example|serving|deploy|pipeline)\b")
RUN_COMMAND = re.compile(
    r"(?im)(\bpython3?\s+(-m\s+(?!venv\b|pip\b))?[\w./-]+|\bstreamlit run\b|\buvicorn\b|\bgunicorn\b|\bflask run\b|\bjupyter (notebook|lab)\b|"
    r"\bdocker (compose )?(run|up)\b|docker-compose up|\bmake \w+|\bdbt (run|build|test)\b|\bairflow\b|\bgradio\b|\bcurl\b|\bpytest\b|\b[a-z][\w-]+ --help\b)"
)
CODE_EXAMPLE = re.compile(r"(?m)^(>>> |from [\w.]+ import |import [\w.]+$)")
SCRIPT_REF = re.compile(r"\bpython3?\s+(?!-m\b)([\w./-]+\.py)\b|\bstreamlit run\s+([\w./-]+\.py)")
REQUIREMENTS_REF = re.compile(r"-r\s+([\w./-]+\.txt)|conda env create\s+(?:-f|--file)\s+([\w./-]+\.ya?ml)")
RESULTS_HEADING = re.compile(r"(?i)\b(results?|performance|evaluation|metrics|benchmarks?|findings|scores?)\b")
METRIC_WORDS = re.compile(r"(?i)\b(accuracy|acc|f1|f1-score|auc|roc|rmse|mae|mse|mape|precision|recall|bleu|rouge|map|r2|r²|loss|perplexity|iou|dice|ndcg|latency)\b")


def _readme(facts: RepoFacts) -> tuple[str, str] | None:
    """(path, text) of the root README, if one was read."""
    return (facts.readme.path, facts.readme.text) if facts.readme else None


@check(
    id="DOC001",
    slug="readme-substantive",
    dimension=DOC,
    title="A README says what the project is, in the candidate's own words",
    remediation="Write a README that states the problem, the data, the approach and what you found, in your own words (a few paragraphs, not a template).",
    effort=Effort.LOW,
    weight=3,
)
def readme_substantive(facts: RepoFacts) -> Verdict:
    """A reviewer opens the README first. It should exist at the repository root and explain the project in prose.

    Counts prose words outside code blocks, links and HTML. At least 100 words passes; 30-99 passes with a
    reduced score; fewer fails. Unchanged templates (the Hugging Face Space stub, the Papers with Code
    template, Cookiecutter's default text, generator boilerplate) fail whatever their length, because they
    say nothing about the candidate's work. Length is capped: a long README is not better for being long.
    Source: the Papers with Code README checklist and the hiring-manager sources in signals.md (M1).
    """
    readme = _readme(facts)
    if readme is None:
        return failed("no README at the repository root", searched=README_SEARCH)
    path, text = readme
    for pattern, name in TEMPLATES:
        if match := pattern.search(text):
            line = text.count("\n", 0, match.start()) + 1
            return failed(f"the README is {name}, left unchanged", Evidence(name, path, line))
    words = outline(text).prose_words
    if words >= 100:
        return passed(f"README has {words} words of prose", Evidence(f"{words} words", path))
    if words >= 30:
        return passed(f"README is short ({words} words of prose)", Evidence(f"{words} words", path), score=6)
    return failed(f"README is a stub ({words} words of prose)", Evidence(f"{words} words", path))


def _missing_refs(facts: RepoFacts, text: str, pattern: re.Pattern[str], path: str) -> list[Evidence]:
    """Files a README command refers to that are not in the repository."""
    out = []
    paths = repo_paths(facts)
    for match in pattern.finditer(text):
        ref = next(g for g in match.groups() if g)
        ref = ref.lstrip("./")
        if ref not in paths:
            line = text.count("\n", 0, match.start()) + 1
            out.append(Evidence(f"the README refers to {ref}, which is not in the repository", path, line))
    return out


@check(
    id="DOC002",
    slug="readme-install",
    dimension=DOC,
    title="The README tells a newcomer how to install the project, with files that exist",
    remediation="Add an 'Installation' section with the exact commands (e.g. `pip install -r requirements.txt`), and make sure every file it names is committed.",
    effort=Effort.LOW,
    weight=3,
)
def readme_install(facts: RepoFacts) -> Verdict:
    """Installation instructions: a section (Installation, Setup, Getting started, Requirements, Quick start)
    or a command (pip/conda/poetry/uv/pipenv install, docker build) in the README.

    A command that names a requirements or environment file that is not in the repository fails: the
    instructions would not work on a fresh clone. Not applicable when the repository has no code.
    Source: the Papers with Code checklist, item 1 (dependencies and installation), signals.md M2.
    """
    if not has_code(facts) and not facts.manifests:
        return not_applicable("no code or manifests to install")
    readme = _readme(facts)
    if readme is None:
        return failed("no README, so no installation instructions", searched=README_SEARCH)
    path, text = readme
    missing = _missing_refs(facts, text, REQUIREMENTS_REF, path)
    if missing:
        return failed("installation instructions name files that are not committed", *missing)
    doc = outline(text)
    sections = doc.sections(INSTALL_HEADING)
    commands = list(islice((b for b in doc.blocks if INSTALL_COMMAND.search(b.text)), 2))  # (two are shown)
    evidence = [Evidence(f"section '{h.text}'", path, h.line) for h in sections[:2]]
    evidence += [Evidence(f"command: {INSTALL_COMMAND.search(b.text).group(0)}", path, b.line) for b in commands[:2]]  # type: ignore[union-attr]
    if commands:
        return passed("the README gives installation commands", *evidence)
    if sections:
        return passed("the README has an installation section but no command", *evidence, score=6)
    return failed("the README does not say how to install", searched=("headings: install, setup, getting started, requirements, quick start", "commands: pip/conda/poetry/uv/pipenv install, docker build"))


@check(
    id="DOC003",
    slug="readme-usage",
    dimension=DOC,
    title="The README says how to run the project, and the scripts it names exist",
    remediation="Add a 'Usage' section with the commands that reproduce your results or start your app (e.g. `python train.py`, `streamlit run app.py`).",
    effort=Effort.LOW,
    weight=3,
)
def readme_usage(facts: RepoFacts) -> Verdict:
    """How to run: a Usage/Run/Training/Inference/Demo section or a runnable command in the README
    (python script, streamlit run, uvicorn, docker run, make target, dbt run, jupyter).

    A `python X.py` or `streamlit run X.py` command naming a script that is not in the repository fails:
    following the README would not work. Not applicable when the repository has no code.
    Source: the Papers with Code checklist items 2, 3 and 5 (commands to reproduce), signals.md M2.
    """
    if not has_code(facts):
        return not_applicable("no code to run")
    readme = _readme(facts)
    if readme is None:
        return failed("no README, so no usage instructions", searched=README_SEARCH)
    path, text = readme
    missing = _missing_refs(facts, text, SCRIPT_REF, path)
    if missing:
        return failed("the README's commands name scripts that are not in the repository", *missing)
    doc = outline(text)
    commands = list(islice((b for b in doc.blocks if RUN_COMMAND.search(b.text) or CODE_EXAMPLE.search(b.text)), 2))  # (two are shown)
    sections = doc.sections(RUN_HEADING)
    evidence = [Evidence(f"example: {b.text.strip().splitlines()[0][:80]}", path, b.line) for b in commands[:2]]
    evidence += [Evidence(f"section '{h.text}'", path, h.line) for h in sections[:2]]
    if commands:
        return passed("the README shows how to run the project", *evidence)
    if sections:
        return passed("the README has a usage section but no command to copy", *evidence, score=6)
    return failed("the README does not say how to run anything", searched=("headings: usage, run, training, inference, demo, example", "commands: python …, streamlit run, uvicorn, docker run, make, dbt run, jupyter"))


@check(
    id="DOC004",
    slug="readme-results",
    dimension=DOC,
    title="The README reports results with metrics",
    remediation="Add a 'Results' section: a table of your metrics on a held-out set, next to a simple baseline, and a sentence on what they mean.",
    effort=Effort.MEDIUM,
    weight=2,
)
def readme_results(facts: RepoFacts) -> Verdict:
    """Results: a Results/Performance/Evaluation/Metrics section, or a Markdown table whose header names a
    metric (accuracy, F1, AUC, RMSE, MAE, precision, recall, BLEU, ROUGE, mAP, R², loss...).

    A section with numbers or a metrics table passes; a results section with neither a table nor a metric
    scores half. Only for machine-learning projects: not applicable to libraries, pipelines and scripts
    that train nothing. Source: Papers with Code checklist item 5 (a results table); only 27.5% of
    NeurIPS 2019 repositories had one (signals.md A5).
    """
    if not ml_project(facts):
        return not_applicable("no machine-learning code, so no model results to report")
    readme = _readme(facts)
    if readme is None:
        return failed("no README, so no results", searched=README_SEARCH)
    path, text = readme
    doc = outline(text)
    metric_rows = [(line, row) for line, row in doc.tables if METRIC_WORDS.search(row)]
    sections = doc.sections(RESULTS_HEADING)
    if metric_rows:
        line, row = metric_rows[0]
        return passed("the README has a table of metrics", Evidence(f"table: {row.strip()[:120]}", path, line))
    if sections:
        lines = text.splitlines()
        start = sections[0].line
        body = "\n".join(lines[start : start + 30])
        if METRIC_WORDS.search(body) and re.search(r"\d", body):
            return passed("the README reports metrics in a results section", Evidence(f"section '{sections[0].text}'", path, start))
        return passed("the README has a results section without metrics", Evidence(f"section '{sections[0].text}'", path, start), score=5)
    return failed("the README reports no results", searched=("headings: results, performance, evaluation, metrics", "tables naming a metric"))
