"""Notebook checks on hand-built facts: pass, fail, unknown and not-applicable for each rule."""

from __future__ import annotations

import pytest

from checks import all_checks, find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts, notebook

FAKE_KEY = "sk-proj-" + "Ab3dE6gH9jK2mN5pQ8rS1tU4vW7xY0zA3bC6dE9fG2hJ5kL8"
INTRO = "# Churn analysis\n\nWe look at which customers cancel and why, using the billing export."
OUTRO = "## Conclusion\n\nMonthly contracts churn three times as often as yearly ones."


def md(text: str) -> dict:
    """A Markdown cell."""
    return {"cell_type": "markdown", "source": text}


def code(source: str, count: int | None = None, outputs: list | None = None) -> dict:
    """A code cell."""
    return {"cell_type": "code", "source": source, "execution_count": count, "outputs": outputs or []}


def result(text: str = "42") -> dict:
    """An execute_result output."""
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": text}}


def nb(*cells: dict, **kwargs) -> str:
    """Notebook JSON from cells."""
    return notebook(list(cells), **kwargs)


def good(*middle: dict) -> str:
    """A well-narrated notebook around MIDDLE (code cells numbered by the caller)."""
    return nb(md(INTRO), *middle, md(OUTRO))


CLEAN = good(code("import pandas as pd\ndf = pd.read_csv('data.csv')", 1), md("Next we count rows per plan."), code("df.groupby('plan').size()", 2, [result()]))
REQS = "pandas==2.2.2\nscikit-learn==1.5.1\nnumpy==1.26.4\n"
BASE = {"data.csv": "plan\na\n", "requirements.txt": REQS}
LONG_FUNCTION = "def f(x):\n" + "".join(f"    if x > {i}:\n        x -= 1\n" for i in range(12)) + "    return x"

CASES = [
    # NBK001 notebooks-readable
    ("NBK001", {**BASE, "a.ipynb": CLEAN}, Status.PASS),
    ("NBK001", {"a.ipynb": "{ not json"}, Status.FAIL),
    ("NBK001", {"a.ipynb": nb(code("print 'python 2'", 1))}, Status.PASS),  # Python 2 code: dated, not broken
    ("NBK001", {"a.ipynb": nb(code("x = (1,", 1))}, Status.FAIL),
    ("NBK001", {"a.ipynb": nb(code("%%bash\nls -la", 1), code("!pip install x\n%matplotlib inline\ndf?", 2))}, Status.PASS),
    ("NBK001", {"main.py": "print(1)\n"}, Status.NOT_APPLICABLE),
    # NBK002 notebook-execution-in-order
    ("NBK002", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK002", {"a.ipynb": nb(code("a = 1", 3), code("b = a", 1))}, Status.FAIL),
    ("NBK002", {"a.ipynb": nb(code("a = 1", 1), code("b = a", 1))}, Status.FAIL),  # repeated count: two sessions
    ("NBK002", {"a.ipynb": nb(code("a = 1", 2), code("b = a", 5))}, Status.PASS),  # skips only: lower score
    ("NBK002", {"a.ipynb": nb(code("a = 1"), code("b = a"))}, Status.UNKNOWN),  # never run
    ("NBK002", {"a.ipynb": nb(code("a = 1", None, [result()]))}, Status.UNKNOWN),  # counts stripped, outputs kept
    ("NBK002", {"a.ipynb": nb(code("a = 1", 2), code("b = a", 1)), ".gitattributes": "*.ipynb filter=nbstripout\n"}, Status.FAIL),  # hook not applied
    ("NBK002", {"a.ipynb": nb(code("a = 1"), code("b = a")), ".gitattributes": "*.ipynb filter=nbstripout\n"}, Status.UNKNOWN),
    ("NBK002", {"a.ipynb": nb(md("# only text"))}, Status.NOT_APPLICABLE),
    # NBK003 notebook-cells-executed
    ("NBK003", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK003", {"a.ipynb": nb(code("a = 1", 1), code("b = 2"), code("c = 3", 2))}, Status.FAIL),
    ("NBK003", {"a.ipynb": nb(code("a = 1", 1), code("b = 2"))}, Status.PASS),  # trailing: Julynter ignores it
    ("NBK003", {"a.ipynb": nb(code("a = 1"), code("b = 2"))}, Status.FAIL),  # never executed
    ("NBK003", {"a.ipynb": nb(code("a = 1"), code("b = 2")), ".pre-commit-config.yaml": "repos:\n- repo: https://github.com/kynan/nbstripout\n  hooks:\n  - id: nbstripout\n"}, Status.UNKNOWN),
    # NBK004 notebook-no-saved-errors
    ("NBK004", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK004", {"a.ipynb": nb(code("plt.show()", 1, [{"output_type": "error", "ename": "NameError", "evalue": "name 'plt' is not defined", "traceback": []}]))}, Status.FAIL),
    ("NBK004", {"a.ipynb": nb(code("import warnings", 1, [{"output_type": "stream", "name": "stderr", "text": "Traceback (most recent call last):\n  ...\nUserWarning: x"}]))}, Status.PASS),
    ("NBK004", {"a.ipynb": nb(code("train()", 1, [{"output_type": "error", "ename": "KeyboardInterrupt", "evalue": "", "traceback": []}]))}, Status.PASS),
    # NBK005 notebook-imports-at-top
    ("NBK005", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK005", {"a.ipynb": nb(code("import pandas as pd\ndf = pd.DataFrame()", 1), code("from sklearn import svm", 2))}, Status.FAIL),  # from-import
    ("NBK005", {"a.ipynb": nb(code("import pandas as pd\ndf = pd.DataFrame()", 1), code("x = 1", 2), code("import numpy", 3))}, Status.FAIL),  # last cell
    ("NBK005", {"a.ipynb": nb(code("%pip install pandas", 1), code("import pandas as pd", 2), code("from numpy import (\n    array,\n    zeros,\n)", 3), code("df = pd.DataFrame()", 4))}, Status.PASS),
    ("NBK005", {"a.ipynb": nb(code("x = 1", 1), code("def load():\n    import pandas\n    return pandas", 2))}, Status.PASS),
    # NBK006 notebook-relative-paths
    ("NBK006", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK006", {"a.ipynb": nb(code("df = pd.read_csv('/Users/ada/Downloads/train.csv')", 1))}, Status.FAIL),
    ("NBK006", {"a.ipynb": nb(code("df = pd.read_csv(r'C:\\Users\\ada\\train.csv')", 1))}, Status.FAIL),
    ("NBK006", {"a.ipynb": nb(code("from google.colab import drive\ndrive.mount('/content/drive')", 1))}, Status.FAIL),
    ("NBK006", {"a.ipynb": nb(code("url = 'https://example.org/home/data.csv'\nout = '/app/model.joblib'", 1))}, Status.PASS),
    ("NBK006", {"a.ipynb": nb(code("df = pd.read_csv('/kaggle/input/titanic/train.csv')", 1))}, Status.PASS),  # lower score
    # NBK007 notebook-narrative
    ("NBK007", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK007", {"a.ipynb": nb(code("a = 1", 1), code("b = 2", 2))}, Status.FAIL),
    ("NBK007", {"a.ipynb": nb(md("# Title\n\n## Setup"), code("a = 1", 1), code("b = 1", 2), md("Then b."), code("c = 1", 3), md(OUTRO))}, Status.FAIL),  # heading-only opening
    ("NBK007", {"a.ipynb": nb(md(INTRO), *[code(f"a = {i}", i + 1) for i in range(7)], md(OUTRO))}, Status.FAIL),  # ratio 2/7 < 0.3
    ("NBK007", {"a.ipynb": nb(code("import pandas", 1), md(INTRO), code("# a\n# b\n# c\n# d\nx = 1", 2), md(OUTRO))}, Status.PASS),  # c4 + comments: lower score
    # NBK008 notebook-names
    ("NBK008", {"eda.ipynb": CLEAN, "notebooks/02-train.ipynb": CLEAN}, Status.PASS),
    ("NBK008", {"Untitled.ipynb": CLEAN}, Status.FAIL),
    ("NBK008", {"Untitled-1.ipynb": CLEAN}, Status.FAIL),  # VS Code
    ("NBK008", {"Copy of eda.ipynb": CLEAN}, Status.FAIL),  # Colab
    ("NBK008", {"eda-Copy1.ipynb": CLEAN}, Status.FAIL),
    ("NBK008", {"a/eda.ipynb": CLEAN, "b/eda.ipynb": CLEAN}, Status.FAIL),
    ("NBK008", {"my analysis.ipynb": CLEAN}, Status.PASS),  # spaces: lower score only
    # NBK009 notebook-concise
    ("NBK009", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK009", {"a.ipynb": nb(*[code(f"x{i} = {i}", i + 1) for i in range(51)])}, Status.FAIL),
    ("NBK009", {"a.ipynb": nb(code("\n".join(f"x{i} = {i}" for i in range(31)), 1))}, Status.FAIL),
    ("NBK009", {"a.ipynb": nb(code("a = 1", 1), code("", None), code("b = 1", 2))}, Status.FAIL),
    ("NBK009", {"a.ipynb": nb(code("a = 1", 1), code("", None))}, Status.PASS),  # trailing empty cell
    # NBK010 notebook-dependencies-declared
    ("NBK010", {**BASE, "a.ipynb": nb(code("import sklearn\nimport numpy\nimport pandas\nimport os", 1))}, Status.PASS),
    ("NBK010", {**BASE, "a.ipynb": nb(code("import xgboost", 1))}, Status.FAIL),
    ("NBK010", {"a.ipynb": nb(code("import cv2", 1))}, Status.FAIL),
    ("NBK010", {**BASE, "a.ipynb": nb(code("%pip install xgboost", 1), code("import xgboost", 2))}, Status.PASS),  # weak
    ("NBK010", {**BASE, "a.ipynb": nb(code("import xgboost", 1), code("!pip install xgboost", 2))}, Status.FAIL),  # installed too late
    ("NBK010", {"a.ipynb": nb(code("import os\nimport helpers\nfrom IPython.display import display\nfrom google.colab import files", 1)), "helpers.py": "X = 1\n"}, Status.NOT_APPLICABLE),
    # NBK011 notebook-no-installs
    ("NBK011", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK011", {"a.ipynb": nb(code("!pip install -q xgboost==2.0", 1))}, Status.FAIL),
    ("NBK011", {"a.ipynb": nb(code("%conda install -y lightgbm", 1))}, Status.FAIL),
    ("NBK011", {"a.ipynb": nb(code("# run `pip install x` first\nimport x", 1))}, Status.PASS),
    ("NBK011", {"a.ipynb": nb(code("!pip install -q -r requirements.txt\n!pip install -e .", 1)), "requirements.txt": "pandas\n"}, Status.PASS),
    # NBK012 notebook-random-seeds
    ("NBK012", {"a.ipynb": nb(code("from sklearn.model_selection import train_test_split\na, b = train_test_split(X, random_state=0)", 1))}, Status.PASS),
    ("NBK012", {"a.ipynb": nb(code("import numpy as np\nfrom sklearn.ensemble import RandomForestClassifier\nnp.random.seed(1)", 1), code("m = RandomForestClassifier()", 2))}, Status.PASS),
    ("NBK012", {"a.ipynb": nb(code("from sklearn.ensemble import RandomForestClassifier\nm = RandomForestClassifier()", 1))}, Status.FAIL),
    ("NBK012", {"a.ipynb": nb(code("import numpy as np\nx = np.random.rand(3)", 1), code("np.random.seed(0)", 2))}, Status.FAIL),  # seed set too late
    ("NBK012", {"a.ipynb": nb(code("import random\nimport numpy as np\nrandom.seed(0)\nx = np.random.rand(3)", 1))}, Status.FAIL),  # wrong generator
    ("NBK012", {"a.ipynb": nb(code("import numpy as np\nrng = np.random.default_rng(7)", 1))}, Status.PASS),
    ("NBK012", {"a.ipynb": nb(code("import numpy as np\nrng = np.random.default_rng()", 1))}, Status.FAIL),
    ("NBK012", {"a.ipynb": nb(code("import pandas as pd\ndf = pd.DataFrame()", 1))}, Status.NOT_APPLICABLE),
    # NBK013 notebook-data-available
    ("NBK013", {**BASE, "a.ipynb": CLEAN}, Status.PASS),
    ("NBK013", {"data/train.csv": "a\n", "notebooks/a.ipynb": nb(code("import pandas as pd\ndf = pd.read_csv('../data/train.csv')", 1))}, Status.PASS),
    ("NBK013", {"notebooks/a.ipynb": nb(code("import pandas as pd\ndf = pd.read_csv('../data/train.csv')", 1))}, Status.FAIL),
    ("NBK013", {"a.ipynb": nb(code("import pandas as pd\ndf = pd.read_csv('/Users/ada/train.csv')", 1))}, Status.FAIL),
    ("NBK013", {"a.ipynb": nb(code("!kaggle competitions download -c titanic -p data\n!unzip data/titanic.zip -d data", 1), code("import pandas as pd\ndf = pd.read_csv('data/train.csv')", 2))}, Status.PASS),
    ("NBK013", {"get_data.py": "import urllib.request\nurllib.request.urlretrieve(URL, 'data/raw/power.csv')\n", "a.ipynb": nb(code("import pandas as pd\ndf = pd.read_csv('data/raw/power.csv')", 1))}, Status.PASS),
    ("NBK013", {"a.ipynb": nb(code("import pandas as pd\npd.DataFrame().to_csv('clean.csv')", 1)), "b.ipynb": nb(code("import pandas as pd\ndf = pd.read_csv('clean.csv')", 1))}, Status.PASS),
    ("NBK013", {"a.ipynb": nb(code("import pandas as pd\ndf = pd.read_csv('https://example.org/x.csv')", 1))}, Status.NOT_APPLICABLE),
    # NBK014 notebook-outputs-lightweight
    ("NBK014", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK014", {"a.ipynb": nb(code("train()", 1, [{"output_type": "stream", "name": "stdout", "text": "loss 0.1\n" * 70_000}]))}, Status.FAIL),
    ("NBK014", {"a.ipynb": nb(*[code("plot()", i + 1, [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * 400_000}}]) for i in range(14)])}, Status.FAIL),
    # NBK015 notebook-no-credentials
    ("NBK015", {"a.ipynb": CLEAN}, Status.PASS),
    ("NBK015", {"a.ipynb": nb(code(f"client = OpenAI(api_key='{FAKE_KEY}')", 1))}, Status.FAIL),
    ("NBK015", {"a.ipynb": nb(code("print(os.environ['KEY'])", 1, [{"output_type": "stream", "name": "stdout", "text": FAKE_KEY}]))}, Status.FAIL),
    ("NBK015", {"a.ipynb": nb(code("api_key = 'your_api_key_here'", 1))}, Status.PASS),
    # NBK016 notebooks-not-duplicated
    ("NBK016", {"a.ipynb": nb(code("\n".join(f"value_{i} = compute_feature({i}, 'alpha')" for i in range(12)), 1)), "b.ipynb": nb(code("\n".join(f"other_{i} = transform_value({i}, 'beta')" for i in range(12)), 1))}, Status.PASS),
    ("NBK016", {"a.ipynb": nb(code("\n".join(f"value_{i} = compute_feature({i}, 'alpha')" for i in range(12)), 1)), "a2.ipynb": nb(code("\n".join(f"value_{i} = compute_feature({i}, 'alpha')" for i in range(12)) + "\nprint(value_1)", 1))}, Status.FAIL),
    ("NBK016", {"a.ipynb": CLEAN, "b.ipynb": CLEAN}, Status.PASS),  # too little code to compare
    # NBK017 code-beyond-notebooks
    ("NBK017", {"a.ipynb": nb(code("\n".join(f"x{i} = {i}" for i in range(12)), 1))}, Status.FAIL),
    ("NBK017", {"a.ipynb": nb(code("from mypkg.features import build\n" + "\n".join(f"x{i} = build({i})" for i in range(12)), 1)), "mypkg/features.py": "def build(x):\n    return x\n", "tests/test_features.py": "from mypkg.features import build\n\ndef test_build():\n    assert build(1) == 1\n"}, Status.PASS),
    ("NBK017", {"a.ipynb": nb(code("\n".join(f"x{i} = {i}" for i in range(12)), 1)), "utils.py": "def helper():\n    return 1\n"}, Status.PASS),  # lower score
    ("NBK017", {"a.ipynb": nb(code("x = 1", 1))}, Status.NOT_APPLICABLE),
    # NBK018 notebook-code-complexity
    ("NBK018", {"a.ipynb": nb(code("def f(x):\n    return x + 1", 1))}, Status.PASS),
    ("NBK018", {"a.ipynb": nb(code("!pip install radon\n" + LONG_FUNCTION, 1))}, Status.FAIL),
    ("NBK018", {"a.ipynb": nb(code("x = 1", 1))}, Status.PASS),  # flat code
]


@pytest.mark.parametrize(("check_id", "files", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_notebook_check(check_id: str, files: dict, expected: Status) -> None:
    """Each notebook check gives the expected outcome on a small hand-built repository."""
    spec = find_check(check_id)
    assert spec is not None
    finding = run_check(spec, make_facts(files), "repo")
    assert finding.status is expected, (finding.message, finding.evidence)


def test_every_notebook_check_is_tabled_both_ways() -> None:
    """The table shows every NBK check passing and failing at least once."""
    seen = {(c[0], c[2]) for c in CASES}
    for spec in all_checks():
        if spec.id.startswith("NBK"):
            assert (spec.id, Status.PASS) in seen and (spec.id, Status.FAIL) in seen, spec.id


def test_no_notebooks_is_not_applicable_everywhere() -> None:
    """A repository without notebooks gets not-applicable from every notebook check, with what was searched."""
    facts = make_facts({"main.py": "print(1)\n"})
    for spec in all_checks():
        if spec.id.startswith("NBK"):
            finding = run_check(spec, facts, "repo")
            assert finding.status is Status.NOT_APPLICABLE and finding.searched, spec.id


def test_failures_cite_notebook_and_cell() -> None:
    """Evidence names the notebook and the (0-based) cell, so the report shows where to look."""
    files = {"nb/eda.ipynb": nb(code("import pandas as pd", 1), code("df = pd.read_csv('x.csv')", 2), code("import seaborn", 3))}
    finding = run_check(find_check("NBK005"), make_facts(files), "repo")
    assert [(e.path, e.cell) for e in finding.evidence] == [("nb/eda.ipynb", 2)]
    assert "seaborn" in finding.evidence[0].detail


def test_out_of_order_evidence_names_both_cells() -> None:
    finding = run_check(find_check("NBK002"), make_facts({"a.ipynb": nb(code("a = 1", 3), code("b = a", 1))}), "repo")
    assert finding.evidence[0].cell == 1 and "below cell 1 [3]" in finding.evidence[0].detail and finding.points == 0


def test_weak_declaration_is_said_in_evidence() -> None:
    files = {**BASE, "a.ipynb": nb(code("%pip install xgboost", 1), code("import xgboost", 2))}
    finding = run_check(find_check("NBK010"), make_facts(files), "repo")
    assert finding.points == 6 and "weak" in finding.evidence[0].detail and finding.evidence[0].cell == 1


def test_credentials_are_redacted() -> None:
    files = {"a.ipynb": nb(code("print(k)", 1, [{"output_type": "stream", "name": "stdout", "text": FAKE_KEY}]))}
    finding = run_check(find_check("NBK015"), make_facts(files), "repo")
    text = repr(finding)
    assert FAKE_KEY not in text and FAKE_KEY[8:20] not in text
    assert finding.evidence[0].cell == 0 and "saved output" in finding.evidence[0].detail


def test_error_messages_are_scrubbed() -> None:
    files = {"a.ipynb": nb(code("call()", 1, [{"output_type": "error", "ename": "AuthenticationError", "evalue": f"bad key {FAKE_KEY}", "traceback": []}]))}
    finding = run_check(find_check("NBK004"), make_facts(files), "repo")
    assert FAKE_KEY not in repr(finding) and "AuthenticationError" in finding.evidence[0].detail


def test_syntax_error_in_one_cell_does_not_hide_the_others() -> None:
    """A cell that does not parse is reported; imports in the other cells are still analysed."""
    files = {"a.ipynb": nb(code("import xgboost", 1), code("print 'x'", 2), code("import lightgbm", 3)), "requirements.txt": "pandas\n"}
    facts = make_facts(files)
    assert run_check(find_check("NBK001"), facts, "repo").evidence[0].cell == 1
    finding = run_check(find_check("NBK010"), facts, "repo")
    assert "xgboost, lightgbm" in finding.message or "lightgbm, xgboost" in finding.message


def test_non_python_kernels_skip_code_checks() -> None:
    meta = {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}}
    facts = make_facts({"a.ipynb": nb(code("library(dplyr)\nx <- read.csv('/Users/a/x.csv')", 1), metadata=meta)})
    assert run_check(find_check("NBK001"), facts, "repo").status is Status.PASS
    assert run_check(find_check("NBK006"), facts, "repo").status is Status.NOT_APPLICABLE
    assert run_check(find_check("NBK002"), facts, "repo").status is Status.PASS


def test_every_docstring_names_its_source() -> None:
    for spec in all_checks():
        if spec.id.startswith("NBK"):
            assert "Source:" in spec.doc, spec.id
