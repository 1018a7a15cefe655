"""Documentation checks on hand-built facts: pass, fail and not-applicable for each."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts, notebook

LONG = " ".join(["This project predicts churn from real billing data that I cleaned myself."] * 12)
README_FULL = f"""# Churn

{LONG}

## Installation

```bash
pip install -r requirements.txt
```

## Usage

```bash
python train.py
```

## Results

| model | F1 | ROC AUC |
|---|---|---|
| baseline | 0.0 | 0.5 |
"""
SKLEARN = "import sklearn\nimport pandas as pd\n"
FAKE_KEY = "sk-proj-" + "Ab3dE6gH9jK2mN5pQ8rS1tU4vW7xY0zA3bC6dE9fG2hJ5kL8"

CASES = [
    # DOC001 readme-substantive
    ("DOC001", {"README.md": README_FULL}, Status.PASS),
    ("DOC001", {"README.md": "# Titanic\n\nMy notebooks.\n"}, Status.FAIL),
    ("DOC001", {"main.py": "print(1)\n"}, Status.FAIL),
    ("DOC001", {"README.md": "---\ntitle: x\nsdk: gradio\n---\nCheck out the configuration reference at https://huggingface.co/docs/hub/spaces-config-reference\n" + LONG}, Status.FAIL),
    # DOC002 readme-install
    ("DOC002", {"README.md": README_FULL, "requirements.txt": "pandas==2.2\n", "train.py": SKLEARN}, Status.PASS),
    ("DOC002", {"README.md": README_FULL, "train.py": SKLEARN}, Status.FAIL),  # names a requirements.txt that is absent
    ("DOC002", {"README.md": "# x\n" + LONG, "train.py": "print(1)\n"}, Status.FAIL),
    ("DOC002", {"README.md": README_FULL}, Status.NOT_APPLICABLE),
    # DOC003 readme-usage
    ("DOC003", {"README.md": README_FULL, "train.py": SKLEARN}, Status.PASS),
    ("DOC003", {"README.md": README_FULL, "src/train.py": SKLEARN}, Status.FAIL),  # python train.py: no such script
    ("DOC003", {"README.md": "# x\n" + LONG, "train.py": SKLEARN}, Status.FAIL),
    ("DOC003", {"README.md": README_FULL}, Status.NOT_APPLICABLE),
    # DOC004 readme-results
    ("DOC004", {"README.md": README_FULL, "train.py": SKLEARN}, Status.PASS),
    ("DOC004", {"README.md": "# x\n" + LONG, "train.py": SKLEARN}, Status.FAIL),
    ("DOC004", {"README.md": "# x\n", "etl.py": "import requests\n"}, Status.NOT_APPLICABLE),
    # DOC005 license-present
    ("DOC005", {"LICENSE": "MIT"}, Status.PASS),
    ("DOC005", {"pyproject.toml": '[project]\nname = "x"\nlicense = "MIT"\n'}, Status.PASS),
    ("DOC005", {"docs/LICENSE": "MIT"}, Status.FAIL),
    # DOC006 dependencies-declared
    ("DOC006", {"train.py": SKLEARN, "requirements.txt": "scikit-learn\npandas\n"}, Status.PASS),
    ("DOC006", {"nb/a.ipynb": notebook([{"cell_type": "code", "source": "import cv2\nimport yaml"}]), "env/requirements.txt": "opencv-python\npyyaml\n"}, Status.PASS),
    ("DOC006", {"train.py": "import seaborn\nimport numpy\n", "pyproject.toml": '[project]\nname="x"\ndependencies=["seaborn>=0.13"]\n'}, Status.PASS),
    ("DOC006", {"train.py": SKLEARN + "import xgboost\n", "requirements.txt": "scikit-learn\npandas\n"}, Status.FAIL),
    ("DOC006", {"train.py": SKLEARN}, Status.FAIL),
    ("DOC006", {"train.py": "import os\nimport helpers\n", "helpers.py": "import json\n"}, Status.NOT_APPLICABLE),
    ("DOC006", {"README.md": "# x\n"}, Status.NOT_APPLICABLE),
    # DOC007 dependencies-pinned
    ("DOC007", {"requirements.txt": "pandas==2.2.3\nnumpy==2.1.0\n"}, Status.PASS),
    ("DOC007", {"requirements.txt": "pandas\nnumpy\n", "uv.lock": 'version = 1\n[[package]]\nname = "pandas"\nversion = "2.2.3"\n'}, Status.PASS),
    ("DOC007", {"requirements.txt": "pandas\nnumpy>=1\nscipy==1.14\n"}, Status.FAIL),
    ("DOC007", {"pyproject.toml": '[build-system]\nrequires=["hatchling"]\n[project]\nname="lib"\ndependencies=["numpy>=1.24"]\n', "lib/__init__.py": "", "README.md": "# lib\n\n    pip install lib\n"}, Status.NOT_APPLICABLE),
    ("DOC007", {"pyproject.toml": '[build-system]\nrequires=["hatchling"]\n[project]\nname="churn"\ndependencies=["numpy>=1.24"]\n'}, Status.FAIL),  # a declared package with nothing to import is an application
    ("DOC007", {"main.py": "print(1)\n"}, Status.NOT_APPLICABLE),
    # DOC008 no-freeze-dump
    ("DOC008", {"requirements.txt": "pandas==2.2.3\n"}, Status.PASS),
    ("DOC008", {"requirements.txt": "numpy @ file:///home/conda/feedstock_root/build_artifacts/numpy_1\npandas==2.2.3\n"}, Status.FAIL),
    ("DOC008", {"requirements.txt": "".join(f"pkg{i}==1.{i}\n" for i in range(40)) + "ipykernel==6.29.5\ntraitlets==5.14.3\ntornado==6.4.1\n"}, Status.FAIL),
    ("DOC008", {"pyproject.toml": '[project]\nname="x"\n'}, Status.NOT_APPLICABLE),
    # DOC009 gitignore-present
    ("DOC009", {".gitignore": ".venv/\n"}, Status.PASS),
    ("DOC009", {"main.py": "print(1)\n"}, Status.FAIL),
    # DOC010 no-junk-committed
    ("DOC010", {"main.py": "print(1)\n"}, Status.PASS),
    ("DOC010", {"main.py": "print(1)\n", ".DS_Store": b"\0\0"}, Status.FAIL),
    ("DOC010", {"mlruns/0/meta.yaml": "x: 1\n"}, Status.FAIL),
    # DOC011 large-files-managed
    ("DOC011", {"data/small.csv": "a,b\n"}, Status.PASS),
    ("DOC011", {"data/big.csv": "a,b\n", ".gitattributes": "*.csv filter=lfs diff=lfs merge=lfs -text\n"}, Status.PASS),
    ("DOC011", {"data/big.csv": "a,b\n"}, Status.FAIL),
    # DOC012 no-secrets-committed
    ("DOC012", {"app.py": "import os\nKEY = os.environ['OPENAI_API_KEY']\n"}, Status.PASS),
    ("DOC012", {"app.py": f"KEY = '{FAKE_KEY}'\n"}, Status.FAIL),
    ("DOC012", {".env": "DATABASE_PASSWORD=hunter2-but-longer\n"}, Status.FAIL),
    ("DOC012", {".env": "OPENAI_API_KEY=your_api_key_here\n"}, Status.PASS),
    ("DOC012", {".env": "KAFKA_BOOTSTRAP_SERVERS=kafka:9092\nDW_USERNAME=postgres\nDW_PASSWORD=postgres\nMINIO_SECRET_KEY=minioadmin\n"}, Status.PASS),
    ("DOC012", {".env": "API_TOKEN=${API_TOKEN}\nDB_PASSWORD=$(cat /run/secrets/db)\n"}, Status.PASS),
    ("DOC012", {".env": "DATABASE_URL=postgresql://app:Zq8vL2mX7pRt@db.internal:5432/app\n"}, Status.FAIL),
    ("DOC012", {".env": "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/app\n"}, Status.PASS),
    ("DOC012", {"Makefile": 'deploy:\n\tPREFECT_API_KEY="$(PREFECT_API_KEY)" prefect deploy\n'}, Status.PASS),
    ("DOC012", {"tests/test_settings.py": 'ENV = {"DW_PASSWORD": "legacy-password", "DW_USER": "legacy-user"}\n'}, Status.PASS),
    ("DOC012", {"nb.ipynb": notebook([{"cell_type": "code", "source": "print(key)", "execution_count": 1, "outputs": [{"output_type": "stream", "name": "stdout", "text": FAKE_KEY}]}])}, Status.FAIL),
]


@pytest.mark.parametrize(("check_id", "files", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_documentation_check(check_id: str, files: dict, expected: Status) -> None:
    """Each documentation check gives the expected outcome on a small hand-built repository."""
    sizes = {p: 30 * 1024 * 1024 for p in files if p.startswith("data/big")}
    spec = find_check(check_id)
    assert spec is not None
    finding = run_check(spec, make_facts(files, sizes), "repo")
    assert finding.status is expected, finding.message


def test_secret_is_redacted_in_evidence() -> None:
    """The secret itself never reaches a finding, only a prefix and its length."""
    finding = run_check(find_check("DOC012"), make_facts({"app.py": f"KEY = '{FAKE_KEY}'\n"}), "repo")
    text = repr(finding)
    assert FAKE_KEY not in text
    assert FAKE_KEY[8:20] not in text
    assert "redacted" in text and finding.evidence[0].line == 1


def test_missing_install_file_is_named_in_evidence() -> None:
    """The README names requirements.txt, which is absent: the evidence says so with the line."""
    finding = run_check(find_check("DOC002"), make_facts({"README.md": README_FULL, "train.py": SKLEARN}), "repo")
    assert "requirements.txt" in finding.evidence[0].detail
    assert finding.evidence[0].path == "README.md" and finding.evidence[0].line == 8


def test_failing_check_lists_what_was_searched() -> None:
    """A check that found nothing says where it looked."""
    finding = run_check(find_check("DOC006"), make_facts({"train.py": SKLEARN}), "repo")
    assert any("requirements" in s for s in finding.searched)
