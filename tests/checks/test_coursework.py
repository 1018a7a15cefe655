"""Coursework is recognised from course names, briefs, starter code and assignment folders, not from one stray word; its deployment is none."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts, notebook

CODE = {"analysis.py": "import pandas as pd\n\ndf = pd.read_csv('data/sales.csv')\nprint(df.describe())\n"}
FILLED = {"week4/solution.py": "".join(f"def step_{i}(x):\n    return x + {i}\n\n\n" for i in range(4))}
STARTER = notebook([
    {"cell_type": "markdown", "source": "## Exercise 2: implement the sigmoid"},
    {"cell_type": "code", "source": "def sigmoid(z):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n", "execution_count": 1},
])
BRIEF = "# Titanic\n\nThe goal of this **2 week** project is to get the best score.\nYou will have to predict who survived.\n"

ROWS = [
    # (files, repository name, coursework?, kinds)
    ({**CODE, "README.md": "# Sales\n\nAssignment 2 of the Coursera Applied Data Science course.\n"}, "sales", True, "course,readme"),
    ({**CODE, "README.md": "# Zoomcamp project\n\nMy capstone for the DataTalksClub MLOps Zoomcamp.\n"}, "taxi-mlops", True, "course"),
    ({**CODE, "README.md": "# Detector\n\nBachelor's thesis in Data Science, 2026.\n"}, "detector", True, "thesis"),
    ({**CODE, "README.md": "# Titanic\n", "subject.md": BRIEF}, "titanic", True, "brief"),
    ({**CODE, "week2/logistic.ipynb": STARTER}, "ml-notes", True, "starter,path"),
    ({**CODE, "homework/hw1.py": "print(1)\n"}, "stats", True, "assignment"),
    ({**CODE, **FILLED, "week4/knn.py": "def distance(a, b):\n    raise NotImplementedError\n\n\ndef predict(X):\n    pass\n"}, "ml", True, "starter,path"),
    ({**CODE, **FILLED, "pkg/base.py": "def distance(a, b):\n    raise NotImplementedError\n\n\ndef predict(X):\n    pass\n"}, "ml", False, ""),
    ({**CODE, "lessons/01_intro.ipynb": STARTER.replace("# YOUR CODE HERE", "# compute it"), "README.md": "# Notes\n\nMy notes on each lecture.\n"}, "dl-notes", True, "readme,path"),
    ({**CODE, ".canvas": "", "README.md": "# Housing\n\nWhat drives prices in King County.\n"}, "housing-analysis", True, "platform"),
    # one weak marker, or words that only look like a course: not coursework
    ({**CODE, "README.md": "# Forecast\n\nOf course, the model is retrained every night.\n"}, "forecast", False, ""),
    ({**CODE, "README.md": "# Pets\n\nAn image classifier built with fastai and served with Gradio.\n"}, "pet-classifier", False, ""),
    ({**CODE, "tutorials/quickstart.py": "print(1)\n", "README.md": "# geokit\n\nSee the tutorials.\n"}, "geokit", False, ""),
    ({**CODE, "kernel.py": "import pandas as pd\n\npd.read_csv('/kaggle/input/titanic/train.csv')\n"}, "titanic-kernel", False, ""),
    ({**CODE, "exercises/ex1.py": "print(1)\n", "README.md": "# Practice\n\nSmall scripts.\n"}, "practice", False, ""),
    ({**CODE, "README.md": "# Setup\n\nYou will have to set OPENAI_API_KEY. Deliverables of the pipeline are written to out/.\n"}, "rag", False, ""),
]


@pytest.mark.parametrize(("files", "name", "course", "kinds"), ROWS)
def test_coursework_markers(files: dict, name: str, course: bool, kinds: str) -> None:
    """ORG002 says coursework (with the kinds of marker and their evidence) only on a strong marker or two weak kinds."""
    verdict = run_check(find_check("ORG002"), make_facts(files, name=name), "repo")  # type: ignore[arg-type]
    values = dict(verdict.values)
    assert values["coursework"] == ("yes" if course else "no"), verdict
    assert values["course"] == kinds
    assert ("label: coursework" in verdict.message) is course
    assert bool(verdict.evidence) is course


def test_coursework_with_nothing_deployed_is_none_not_not_applicable() -> None:
    """A course notebook repository is judged like any project (none); a library stays not applicable."""
    course = {"README.md": "# Week 1\n\nExercises of the Coursera Machine Learning course.\n", "ex1/ex1.ipynb": STARTER}
    verdict = run_check(find_check("DEP001"), make_facts(course, name="ml-coursera"), "repo")  # type: ignore[arg-type]
    assert verdict.status is Status.FAIL and dict(verdict.values)["level"] == "none"
    assert "coursework with nothing deployed" in verdict.message
    library = {"pyproject.toml": "[build-system]\nrequires = ['hatchling']\n\n[project]\nname = 'geokit'\n", "geokit/__init__.py": "def area(r):\n    return 3.14 * r * r\n",
               "README.md": "# geokit\n\n```bash\npip install geokit\n```\n"}
    assert dict(run_check(find_check("DEP001"), make_facts(library, name="geokit"), "repo").values)["level"] == "not-applicable"  # type: ignore[arg-type]
    plain = run_check(find_check("DEP001"), make_facts({"analysis.py": CODE["analysis.py"]}, name="sales"), "repo")  # type: ignore[arg-type]
    assert dict(plain.values)["level"] == "none" and plain.status is Status.NOT_APPLICABLE  # an analysis: none, but not judged on it
