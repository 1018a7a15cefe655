"""Data originality checks: the candidate's own data, templates and coursework, and a portfolio beyond tutorial datasets."""

from __future__ import annotations

import re

from checks.support.code_graph import has_code
from checks.support.common import first_evidence
from checks.support.coursework import coursework
from checks.support.data_origin import data_origin
from checks.support.lifecycle import cleaning_kinds, is_doc_path, is_test_path, primary_index
from checks.support.portfolio import own_repos, repo_values, value
from checks.support.registry import check
from readiness.facts.model import PortfolioFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, Status, Verdict, failed, not_applicable, passed

ORG = Dimension.ORIGINALITY

TEMPLATE_README = re.compile(r"(?i)A short description of the project\.|Project Organization\s*\n|<- (Makefile|The top-level README)")
STUB_DECORATORS = ("abstractmethod", "overload", "abc.abstractmethod", "typing.overload")




@check(
    id="ORG001",
    slug="own-data",
    dimension=ORG,
    title="The project works on data the candidate collected or assembled",
    remediation="Collect data yourself (an API, a scraper that respects robots.txt, an open-data portal) or join several real sources into your own schema, store it, and show that code in the repository.",
    effort=Effort.HIGH,
    weight=2,
)
def own_data(facts: RepoFacts) -> Verdict:
    """Says whose data the project works on (the `origin` value), from its own code (tests and docs left out):

    - **collected** (10): the candidate collected or assembled it: an API client (tweepy, praw, spotipy,
      yfinance...), a scraper (Scrapy, Selenium, Playwright, BeautifulSoup with an HTTP fetch), an ingestion
      framework (dlt, Airbyte), an HTTP API whose JSON answer the code stores (a file, a table, a queue or a data
      frame), or hand labelling (Label Studio, labelme, annotation batches). A README that only *says* where the
      candidate's data came from ("collected from", "an export from...") scores 6: claimed, not observed.
    - **public** (6 with substantial cleaning, else 4 and a fail): real data everyone has: a competition's
      files, a benchmark hub (Hugging Face Hub, OpenML, UCI, Kaggle downloads or kernels), a published file
      downloaded by URL, or any prepared dataset the code loads without collecting it. Substantial cleaning is
      three or more distinct operations (fillna, dropna, to_datetime, astype, .str clean-up...) or a merge of
      sources plus another.
    - **teaching** (0-1, a fail): a well-known teaching or toy dataset from the catalogue
      `checks/support/datasets.toml` (Titanic, Iris, MNIST, Boston housing, Pima diabetes, SMS spam, TMDB
      5000, MovieLens, course exercise files, generated data such as make_moons, Gym environments...),
      recognised by loader calls, file and path names, Kaggle slugs, characteristic column names, or the
      repository's, files' and classes' names when the project loads data or serves a model; a README that says the
      data is synthetic (not SMOTE oversampling) is generated teaching data. A service or demo app that loads a
      model trained elsewhere and loads no data itself serves what its tests or docs feed it: a teaching set there
      makes it teaching. Each entry cites its source.
    - **none** (not applicable): the project loads no dataset (libraries, apps over user files, rows made up with
      Faker to exercise a pipeline).

    The `toy` value lists canonical beginner datasets (some public competitions such as House Prices are toy
    too); toy data used only in tests or documentation does not count (the `toy_in_tests` value says so). In a
    library (a package declared at the top level or one folder down, e.g. Python bindings of a Rust library),
    loaders its package offers to users are its API, not its data, and examples, benchmarks and notebooks around
    the package show it off on data the way tests do.
    Source: signals.md O1 (toy datasets, and the trap of toy data as a test fixture), O3 (own data
    acquisition), O4 (messy-data handling), O5 (data provenance); Part C.6 (claimed versus observed); seed 000
    (hiring managers look for messy, real-data problems); issue 24 (three levels of data origin).
    """
    origin = data_origin(facts)
    cleaning = cleaning_kinds(primary_index(facts))
    substantial = len(cleaning) >= 3 or (any(k in cleaning for k in ("merge", "pandas.concat")) and len(cleaning) >= 2)
    toy_in_tests = sorted({s.dataset.name for s in origin.only_in_tests})
    values = (("origin", origin.level), ("toy", ",".join(origin.toy)), ("toy_in_tests", ",".join(toy_in_tests)),
              ("own", ",".join(k for k, shown in (("collection", origin.collected), ("documented", origin.level == "collected" and not origin.collected),
                                                   ("cleaning", substantial)) if shown)),
              ("cleaning_ops", str(len(cleaning))), ("datasets", ",".join(sorted(s.dataset.name for s in origin.datasets))))
    notes = [Evidence(f"label: dataset {s.dataset.name} only in tests or docs (not counted)", s.evidence.path, s.evidence.line, s.evidence.cell) for s in origin.only_in_tests][:2]
    reasons = list(origin.reasons)
    labels = [Evidence(f"label: {s.dataset.name} ({s.dataset.level}; {s.dataset.source})", s.evidence.path, s.evidence.line, s.evidence.cell) for s in origin.datasets][:3]
    named = f" (datasets: {', '.join(sorted(s.dataset.name for s in origin.datasets))})" if origin.datasets else ""
    if origin.level == "none":
        return not_applicable("the project loads no dataset" + (f" ({reasons[0].detail})" if reasons else ""), *reasons, *notes, values=values)
    if origin.level == "collected" and origin.collected:
        return passed(f"data origin: collected by the candidate{named}", *first_evidence(reasons + labels + notes, 6), values=values)
    if origin.level == "collected":
        return passed("data origin: collected (claimed in the README; no collection code is shown)", *reasons, *labels, score=6, values=values)
    ops = ", ".join(sorted(cleaning)) or "none"
    searched = ("API clients, scrapers and ingestion frameworks", "HTTP API pulls that are stored", "hand labelling", "3+ distinct cleaning operations or a merge of sources")
    if origin.level == "public" and substantial:
        return passed(f"data origin: public data everyone has{named}, substantially cleaned (cleaning operations: {ops})",
                      *first_evidence(reasons + list(cleaning.values())[:2] + labels, 6), score=6, values=values)
    if origin.level == "public":
        return failed(f"data origin: public data everyone has{named}; no collection and little cleaning (cleaning operations: {ops})",
                      *first_evidence(reasons + labels + notes, 6), score=4, values=values, searched=searched)
    return failed(f"data origin: teaching or toy data{named}", *first_evidence(reasons + labels + notes, 6), score=1 if substantial else 0,
                  values=values, searched=searched)


def _stubs(facts: RepoFacts) -> tuple[list[Evidence], int]:
    """Functions in the project's own .py files whose body does nothing (pass, a docstring, ...), and the function count."""
    stubs = []
    total = 0
    for module in facts.modules:
        if is_test_path(module.path) or is_doc_path(module.path):
            continue
        for fn in module.functions:
            if fn.decorators and any(d.endswith(STUB_DECORATORS) for d in fn.decorators):
                continue
            total += 1
            if fn.empty:
                stubs.append(Evidence(f"{fn.qualname}() has an empty body", module.path, fn.line))
    return stubs, total


@check(
    id="ORG002",
    slug="not-a-template",
    dimension=ORG,
    title="The repository holds the candidate's own work, not an empty template",
    remediation="Fill the template with your own project (data, code, results) or remove it from your pinned repositories; coursework is fine to show when the README says what you did beyond the assignment.",
    effort=Effort.HIGH,
    weight=2,
)
def not_a_template(facts: RepoFacts) -> Verdict:
    """Fails when most functions in the project's own .py files are empty stubs (only a docstring, `pass`,
    `...` or `raise NotImplementedError`; abstract methods and overloads excepted), as in an untouched Cookiecutter-style
    project template; a README still holding template text is cited as extra evidence.

    Coursework is labelled, not penalised, in the `coursework` value (yes/no), the `course` value (the
    kinds of marker) and the message; the verdict stays a pass. One strong marker is enough: a course named
    in the README (Coursera, fast.ai's course, CS231n, DataTalksClub zoomcamp, a Udacity nanodegree, a
    bootcamp...), a thesis or capstone, a README written as an assignment brief, assignment/homework
    folders, starter code (`# YOUR CODE HERE`), a course grader import or a learning platform's project file at the
    root (`.canvas`, `.learn`: the course's template made the repository). Weaker markers need a second kind:
    lesson/week/lab/exercise folders, course words in the README ("course", "assignment", "lecture"; not
    "of course"), a course-like repository name, a submit.py or grader helper. Legitimate capstones can be strong.
    Source: signals.md O2 (coursework fingerprints: label, don't penalise; Pimentel et al. found 16.06% of
    notebooks are coursework) and Q7 (empty Cookiecutter skeletons), O7 (copied work).
    """
    if not has_code(facts):
        return not_applicable("no code")
    marks = coursework(facts)
    course = list(marks.evidence) if marks.course else []
    values = (("course", ",".join(marks.kinds)), ("coursework", "yes" if marks.course else "no"))
    stubs, total = _stubs(facts)
    if total >= 2 and len(stubs) >= 2 and len(stubs) / total >= 0.6:
        evidence = list(stubs)
        readme = facts.readme
        if readme and (match := TEMPLATE_README.search(readme.text)):
            evidence.insert(0, Evidence("README still holds template text", readme.path, readme.text[: match.start()].count("\n") + 1))
        return failed(f"{len(stubs)} of {total} functions are empty stubs: an unfilled template", *first_evidence(evidence), values=values)
    label = f"; label: coursework ({course[0].detail})" if course else ""
    body = f"{total - len(stubs)} of {total} functions have bodies" if total else "notebook or script code, no template stubs"
    return passed(f"{body}{label}", *course[:3], values=values,
                  searched=("empty function bodies", "template README text"))


def _data_repo_labels(values: tuple[tuple[str, str], ...], course_values: tuple[tuple[str, str], ...]) -> tuple[list[str], list[str]]:
    """The toy datasets and course markers recorded for one repository."""
    return value(values, "toy"), value(course_values, "course")


@check(
    id="ORG003",
    slug="beyond-tutorial-data",
    dimension=ORG,
    title="The portfolio is not built only on tutorial datasets and coursework",
    remediation="Replace one tutorial-dataset project with a problem you care about, on data you collect or assemble yourself, and clean it in code you commit.",
    effort=Effort.HIGH,
    weight=3,
    scope="portfolio",
)
def beyond_tutorial_data(portfolio: PortfolioFacts) -> Verdict:
    """Across the candidate's own repositories (forks and repositories without a commit of theirs left out),
    takes each repository's data origin (ORG001's `origin` value). Fails when every repository that works on
    data uses teaching or toy data or is coursework: the whole portfolio is toy data. Passes in full when some
    repository works on data the candidate collected or assembled (code or a documented claim), listing the
    tutorial-data repositories as labels; when the best is public data everyone has (a competition, a
    benchmark hub), passes at half marks. Not applicable when no repository loads data.
    Source: signals.md O1 and the hiring-manager sources there (Data Incubator; r/datascience; dramsch;
    Glance: recruiters have seen Titanic, Iris and MNIST projects "dozens, if not hundreds" of times);
    seed 000 (seek out real-world datasets); issue 24 (only collected data earns full credit).
    """
    own_data_repos, toy_repos, other = [], [], []
    for repo in own_repos(portfolio):
        status, values = repo_values(repo, "ORG001")
        origin = dict(values).get("origin", "none")
        if status not in (Status.PASS, Status.FAIL) or origin == "none":
            continue
        _, course_values = repo_values(repo, "ORG002")
        toy, course = _data_repo_labels(values, course_values)
        if origin == "collected":
            own_data_repos.append((repo.name, value(values, "own"), toy))
        elif origin == "teaching" or course:
            toy_repos.append((repo.name, toy, course))
        else:
            other.append(repo.name)
    if not (own_data_repos or toy_repos or other):
        return not_applicable("no repository of the candidate's loads data")
    evidence = [Evidence(f"own data in {name}: {', '.join(kinds) or 'collected'}") for name, kinds, _ in own_data_repos]
    evidence += [Evidence(f"label: {name} uses " + "; ".join(p for p in (f"tutorial data ({', '.join(toy)})" if toy else "teaching data" if not course else "", "coursework" if course else "") if p)) for name, toy, course in toy_repos]
    evidence += [Evidence(f"{name}: public data everyone has, nothing collected") for name in other]
    values = (("own_data_repos", ",".join(n for n, _, _ in own_data_repos)), ("toy_repos", ",".join(n for n, _, _ in toy_repos)))
    if own_data_repos:
        return passed(f"{len(own_data_repos)} repositor{'y shows' if len(own_data_repos) == 1 else 'ies show'} the candidate's own data", *evidence, values=values)
    if toy_repos and not other:
        return failed(f"every data project ({len(toy_repos)}) uses tutorial data or coursework, none the candidate's own data", *evidence, values=values)
    return passed("no teaching datasets, but the best data is public data everyone has: no repository collects its own", *evidence, score=5, values=values)
