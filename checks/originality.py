"""Data originality checks: the candidate's own data, templates and coursework, and a portfolio beyond tutorial datasets."""

from __future__ import annotations

import re

from checks.support.common import code_units, first_evidence
from checks.support.lifecycle import cleaning_kinds, collection_evidence, index_units, is_doc_path, is_test_path, last_part, primary_units
from checks.support.portfolio import own_repos, repo_values, value
from checks.support.registry import check
from readiness.facts.model import CodeFacts, PortfolioFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, Status, Verdict, failed, not_applicable, passed

ORG = Dimension.ORIGINALITY

# Tutorial datasets: loader calls (final name, optional literal argument) and file or path fragments.
TOY_LOADERS = {
    "load_iris": "iris", "load_digits": "digits", "load_wine": "wine", "load_breast_cancer": "breast cancer",
    "load_diabetes": "diabetes", "load_boston": "Boston housing", "fetch_california_housing": "California housing",
    "fetch_20newsgroups": "20 newsgroups", "load_linnerud": "linnerud", "fetch_olivetti_faces": "Olivetti faces",
    "MNIST": "MNIST", "FashionMNIST": "Fashion-MNIST", "CIFAR10": "CIFAR-10", "CIFAR100": "CIFAR-100", "KMNIST": "KMNIST", "EMNIST": "EMNIST",
}
KERAS_TOY = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10", "cifar100": "CIFAR-100", "imdb": "IMDB reviews",
             "boston_housing": "Boston housing", "reuters": "Reuters newswire"}
NAMED_TOY = {"titanic": "titanic", "iris": "iris", "tips": "tips", "penguins": "penguins", "diamonds": "diamonds", "mpg": "mpg",
             "flights": "flights", "mnist": "MNIST", "mnist_784": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10",
             "cifar100": "CIFAR-100", "imdb": "IMDB reviews", "rotten_tomatoes": "Rotten Tomatoes", "wine": "wine", "boston": "Boston housing"}
NAMED_LOADERS = frozenset({"load_dataset", "fetch_openml", "load"})
TOY_FILES = re.compile(
    r"(?i)(^|[/\\_-])(titanic|iris|winequality[\w-]*|wine|boston(?:[_-]housing)?|california[_-]?housing|mnist[\w-]*|fashion[_-]?mnist|cifar[\w-]*|"
    r"creditcard|wa_fn-usec_-telco-customer-churn|telco[\w-]*churn)(\.(csv|tsv|xlsx?|json|parquet|zip|gz|npz|pkl)|/|$)"
)
TOY_COLUMNS = {"titanic": ("PassengerId", "Survived"), "iris": ("sepal_length", "petal_length"), "iris ": ("sepal length (cm)", "petal length (cm)")}
DATA_READS = frozenset(
    {"read_csv", "read_excel", "read_parquet", "read_json", "read_table", "read_feather", "read_pickle", "read_sql", "read_sql_query",
     "load_dataset", "loadtxt", "genfromtxt", "ImageFolder", "read_fwf", "read_orc", "read_hdf", "image_dataset_from_directory"}
)
COURSE_PART = re.compile(
    r"(?i)^(assignments?|homeworks?|hw[-_ ]?\d+|exercises?|lessons?|courses?|coursework|week[-_ ]?\d+|lab[-_ ]?\d+|capstone|"
    r"module[-_ ]?\d+|tutorials?|bootcamp)$"
)
COURSE_WORDS = re.compile(r"(?i)\b(assignment|homework|coursera|udemy|udacity|datacamp|edx|kaggle learn|bootcamp|course(work)?|graded|grader)\b")
KAGGLE_PATH = "/kaggle/input"
TEMPLATE_README = re.compile(r"(?i)A short description of the project\.|Project Organization\s*\n|<- (Makefile|The top-level README)")
PROVENANCE = re.compile(
    r"(?i)\b(i (collected|scraped|gathered|recorded|exported|logged)|collected (from|by|via|with)|scraped from|anonymi[sz]ed|"
    r"from (a|an|the|our|my) [\w,' -]{0,40}?\b(export|api|survey|database|logs?)\b)"
)
STUB_DECORATORS = ("abstractmethod", "overload", "abc.abstractmethod", "typing.overload")


def _toy_in(unit: CodeFacts) -> dict[str, Evidence]:
    """Tutorial datasets one code unit loads, by loader call, named loader argument, file path or column names."""
    found: dict[str, Evidence] = {}
    for call in unit.calls:
        last = last_part(call.name)
        where = Evidence(f"calls {call.name.replace('[]', '')}" + (f"('{call.args[0]}')" if call.args else ""), unit.path, call.line, call.cell)
        if last in TOY_LOADERS and (call.name.startswith(("sklearn", "torchvision", "tensorflow_datasets")) or last.startswith(("load_", "fetch_"))):
            found.setdefault(TOY_LOADERS[last], where)
        elif last == "load_data" and ".datasets." in call.name:
            dataset = call.name.rsplit(".", 2)[-2]
            if dataset in KERAS_TOY:
                found.setdefault(KERAS_TOY[dataset], where)
        elif last in NAMED_LOADERS and call.args and call.args[0].lower() in NAMED_TOY:
            found.setdefault(NAMED_TOY[call.args[0].lower()], where)
        elif last in DATA_READS and call.args and (match := TOY_FILES.search(call.args[0])):
            found.setdefault(_toy_name(match.group(2)), where)
    for literal in unit.strings:
        if (match := TOY_FILES.search(literal.value)) and ("/" in literal.value or "." in literal.value):
            found.setdefault(_toy_name(match.group(2)), Evidence(f"path '{literal.value[:80]}'", unit.path, literal.line, literal.cell))
    literals = {s.value for s in unit.strings}
    for name, columns in TOY_COLUMNS.items():
        if all(c in literals for c in columns[:1]) and any(c in literals for c in columns[1:]):
            line = next(s for s in unit.strings if s.value == columns[0])
            found.setdefault(name.strip(), Evidence(f"columns {', '.join(columns)}", unit.path, line.line, line.cell))
    return found


def _toy_name(fragment: str) -> str:
    """A readable dataset name for a matched file-name fragment."""
    lower = fragment.lower()
    for key, label in (("titanic", "titanic"), ("iris", "iris"), ("winequality", "wine quality"), ("fashion", "Fashion-MNIST"), ("mnist", "MNIST"),
                       ("cifar", "CIFAR"), ("boston", "Boston housing"), ("california", "California housing"), ("creditcard", "credit-card fraud"),
                       ("telco", "Telco churn"), ("wine", "wine")):
        if key in lower:
            return label
    return lower


def toy_datasets(facts: RepoFacts) -> tuple[dict[str, Evidence], dict[str, Evidence]]:
    """Tutorial datasets in the project's own code, and those used only in tests or documentation."""
    primary: dict[str, Evidence] = {}
    elsewhere: dict[str, Evidence] = {}
    for unit in code_units(facts):
        target = elsewhere if is_test_path(unit.path) or is_doc_path(unit.path) else primary
        for name, ev in _toy_in(unit).items():
            target.setdefault(name, ev)
    for info in facts.files:
        if info.suffix in (".csv", ".tsv", ".xlsx", ".json", ".parquet", ".zip", ".npz") and (match := TOY_FILES.search(info.path)):
            target = elsewhere if is_test_path(info.path) or is_doc_path(info.path) else primary
            target.setdefault(_toy_name(match.group(2)), Evidence("data file", info.path))
    return primary, {k: v for k, v in elsewhere.items() if k not in primary}


def course_markers(facts: RepoFacts) -> list[Evidence]:
    """Signs of coursework: course-like folder or file names, the repository name, README wording, Kaggle paths."""
    found: list[Evidence] = []
    if any(COURSE_PART.match(part) for part in re.split(r"[-_ .]", facts.name)):
        found.append(Evidence(f"repository name '{facts.name}'"))
    for info in facts.files:
        parts = info.path.split("/")
        stems = parts[:-1] + [parts[-1].rsplit(".", 1)[0]]
        if any(COURSE_PART.match(p) or any(COURSE_PART.match(w) for w in re.split(r"[-_ ]", p)) for p in stems):
            found.append(Evidence("course-like path", info.path))
            break
    if facts.readme and (match := COURSE_WORDS.search(facts.readme.text)):
        line = facts.readme.text[: match.start()].count("\n") + 1
        found.append(Evidence(f"README says '{match.group(0)}'", facts.readme.path, line))
    for unit in code_units(facts):
        hit = next((s for s in unit.strings if KAGGLE_PATH in s.value), None)
        if hit:
            found.append(Evidence("reads Kaggle's /kaggle/input (a Kaggle kernel)", unit.path, hit.line, hit.cell))
            break
    return found


def _course_kind(evidence: Evidence) -> str:
    """A one-word kind for a coursework marker: name, path, readme or kaggle."""
    detail = evidence.detail
    return "name" if detail.startswith("repository") else "path" if detail.startswith("course-like") else "readme" if detail.startswith("README") else "kaggle"


def data_reads(units: list[CodeFacts]) -> list[Evidence]:
    """Calls that load a dataset (pandas readers, datasets.load_dataset, image folders...)."""
    out = []
    for unit in units:
        for call in unit.calls:
            if last_part(call.name) in DATA_READS:
                out.append(Evidence(f"calls {call.name.replace('[]', '')}", unit.path, call.line, call.cell))
                break
    return out


@check(
    id="ORG001",
    slug="own-data",
    dimension=ORG,
    title="The project works on data the candidate collected or prepared",
    remediation="Collect data yourself (an API, a scraper that respects robots.txt, a public database) or combine and clean a messy real source, and show that code in the repository.",
    effort=Effort.HIGH,
    weight=2,
)
def own_data(facts: RepoFacts) -> Verdict:
    """Looks in the project's own code (tests and docs left out) for evidence that the candidate got or prepared
    the data: collection (scraping with BeautifulSoup, Scrapy, Selenium or Playwright; API clients such as
    tweepy, praw or spotipy; HTTP downloads with requests, httpx or urllib; database or stream reads) or
    non-trivial cleaning: three or more distinct cleaning operations (fillna, dropna, drop_duplicates,
    to_datetime, to_numeric, astype, string clean-up with .str, clipping, imputers...), or a merge or concat
    of sources plus another operation (readiness's own bar). Either passes.

    A project that loads a dataset (read_csv, load_dataset, a toy loader...) with neither fails: it shows
    modelling on data someone else prepared. Tutorial datasets (iris, titanic, MNIST, Fashion-MNIST, Boston
    or California housing, CIFAR, wine, digits...) loaded through sklearn, keras, torchvision, seaborn or
    Hugging Face loaders, or by file name or tell-tale columns, are reported as a label (`toy`), never as
    the reason for a fail; toy data used only in tests or documentation does not count (the label says so).
    A README that documents where non-tutorial data came from ("anonymised", "collected from", "from the
    city's API", "an export from...") passes at 6: the origin is claimed, not observed in code.
    Projects that load no dataset (libraries, LLM apps over user files) are not applicable.
    Source: signals.md O1 (toy datasets, and the trap of toy data as a test fixture), O3 (own data
    acquisition), O4 (messy-data handling), O5 (data provenance); Part C.6 (claimed versus observed); seed 000 (hiring managers look for messy, real-data problems).
    """
    units = primary_units(facts)
    index = index_units(units)
    toy, toy_elsewhere = toy_datasets(facts)
    collection = collection_evidence(index)
    cleaning = cleaning_kinds(index)
    merged = [k for k in cleaning if k in ("merge", "pandas.concat")]
    own = []
    if collection:
        own.append("collection")
    if len(cleaning) >= 3 or (merged and len(cleaning) >= 2):
        own.append("cleaning")
    values = (("toy", ",".join(sorted(toy))), ("toy_in_tests", ",".join(sorted(toy_elsewhere))), ("own", ",".join(own)),
              ("cleaning_ops", str(len(cleaning))))
    notes = [Evidence(f"label: tutorial dataset {name} only in tests or docs (not counted)", ev.path, ev.line, ev.cell) for name, ev in sorted(toy_elsewhere.items())]
    toy_ev = [Evidence(f"label: tutorial dataset {name}", ev.path, ev.line, ev.cell) for name, ev in sorted(toy.items())]
    reads = data_reads(units)
    if own:
        evidence = first_evidence(collection[:2] + list(cleaning.values())[:3], 5) + tuple(toy_ev[:2]) + tuple(notes[:2])
        label = f" (label: tutorial data {', '.join(sorted(toy))})" if toy else ""
        return passed(f"the candidate's own data work: {' and '.join(own)}{label}", *evidence, values=values)
    if not reads and not toy:
        return not_applicable("the project loads no dataset", *notes[:2], values=values)
    readme = facts.readme
    if not toy and readme and (match := PROVENANCE.search(readme.text)):
        line = readme.text[: match.start()].count("\n") + 1
        claim = Evidence(f"README documents the data's origin: '{match.group(0)}' (claimed, not shown in code)", readme.path, line)
        return passed("the README documents the candidate's own data source, but no collection or cleaning code is shown", claim,
                      *reads[:1], score=6, values=(*values[:2], ("own", "documented"), values[3]))
    kinds = ", ".join(sorted(cleaning)) or "none"
    label = f"; label: tutorial data {', '.join(sorted(toy))}" if toy else ""
    evidence = reads[:2] + toy_ev[:3] + list(cleaning.values())[:2] + notes[:1]
    return failed(
        f"loads a prepared dataset without collecting or substantially cleaning data (cleaning operations: {kinds}){label}",
        *first_evidence(evidence), score=4.0 if cleaning else 2.0, values=values,
        searched=("scraping and API clients", "HTTP downloads", "database reads", "3+ distinct cleaning operations or a merge of sources"),
    )


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

    Coursework is labelled, not penalised: course-like folder or file names (assignment, homework, hw1,
    exercise, lesson, course, week3, lab2, capstone), a course-like repository name, README wording
    (Coursera, Udemy, DataCamp, a bootcamp, "graded") or Kaggle kernel paths are reported in the `course`
    value and the message, and the verdict stays a pass. Legitimate capstones can be strong.
    Source: signals.md O2 (coursework fingerprints: label, don't penalise; Pimentel et al. found 16.06% of
    notebooks are coursework) and Q7 (empty Cookiecutter skeletons), O7 (copied work).
    """
    if not facts.has_code:
        return not_applicable("no code")
    course = course_markers(facts)
    values = (("course", ",".join(_course_kind(e) for e in course)),)
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
    takes each repository's ORG001 result. Fails when every repository that works on data shows none of the
    candidate's own data work and uses a tutorial dataset or is coursework: the whole portfolio is toy data.
    Passes when some repository shows own data (collection or cleaning), listing the tutorial-data
    repositories as labels; when no repository uses tutorial data but none shows own data either, passes at
    half marks. Not applicable when no repository loads data.
    Source: signals.md O1 and the hiring-manager sources there (Data Incubator; r/datascience; dramsch;
    Glance: recruiters have seen Titanic, Iris and MNIST projects "dozens, if not hundreds" of times);
    seed 000 (seek out real-world datasets).
    """
    own_data_repos, toy_repos, other = [], [], []
    for repo in own_repos(portfolio):
        status, values = repo_values(repo, "ORG001")
        if status not in (Status.PASS, Status.FAIL):
            continue
        _, course_values = repo_values(repo, "ORG002")
        toy, course = _data_repo_labels(values, course_values)
        if status is Status.PASS:
            own_data_repos.append((repo.name, value(values, "own"), toy))
        elif toy or course:
            toy_repos.append((repo.name, toy, course))
        else:
            other.append(repo.name)
    if not (own_data_repos or toy_repos or other):
        return not_applicable("no repository of the candidate's loads data")
    evidence = [Evidence(f"own data in {name}: {', '.join(kinds)}") for name, kinds, _ in own_data_repos]
    evidence += [Evidence(f"label: {name} uses " + "; ".join(p for p in (f"tutorial data ({', '.join(toy)})" if toy else "", "coursework" if course else "") if p)) for name, toy, course in toy_repos]
    evidence += [Evidence(f"{name}: a prepared dataset, no collection or cleaning seen") for name in other]
    values = (("own_data_repos", ",".join(n for n, _, _ in own_data_repos)), ("toy_repos", ",".join(n for n, _, _ in toy_repos)))
    if own_data_repos:
        return passed(f"{len(own_data_repos)} repositor{'y shows' if len(own_data_repos) == 1 else 'ies show'} the candidate's own data", *evidence, values=values)
    if toy_repos and not other:
        return failed(f"every data project ({len(toy_repos)}) uses tutorial data or coursework, none the candidate's own data", *evidence, values=values)
    return passed("no tutorial datasets, but no repository shows data collection or cleaning either", *evidence, score=5, values=values)
