"""Deploys through cloud platforms (the catalogue, the chain from CI into the repository's files) and running instances claimed on any host."""

from __future__ import annotations

import pytest

from checks import find_check
from checks.support.platforms import action_hit, app_host, catalogue, command_hit
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts

TRAIN = "from sklearn.linear_model import LogisticRegression\nimport joblib\nm = LogisticRegression().fit([[0]], [0])\njoblib.dump(m, 'model.joblib')\n"
VERTEX = (
    "from google.cloud import aiplatform\n\n"
    "def main():\n"
    "    model = aiplatform.Model.upload(display_name='m', artifact_uri='gs://b/m', serving_container_image_uri='img')\n"
    "    endpoint = model.deploy(machine_type='n1-standard-2')\n"
    "    print(endpoint.predict(instances=[[1.0]]))\n\n"
    "if __name__ == '__main__':\n    main()\n"
)
WORKFLOW = (
    "on:\n  {on}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - uses: google-github-actions/auth@v2\n        with:\n          credentials_json: ${{{{ secrets.KEY }}}}\n      - run: {run}\n"
)
FASTAPI = (
    "import joblib\nfrom fastapi import FastAPI\napp = FastAPI()\nmodel = joblib.load('models/m.joblib')\n\n"
    "@app.post('/v1/predict/{kind}')\ndef predict(kind: str, x: dict) -> dict:\n    return {'y': float(model.predict([[x['a']]])[0])}\n\n"
    "@app.get('/health')\ndef health() -> dict:\n    return {}\n"
)
SERVICE = {"app/main.py": FASTAPI, "models/m.joblib": "x", "train.py": TRAIN, "Dockerfile": "FROM python:3.11\nCOPY app/ app/\nCOPY models/ models/\nCMD uvicorn app.main:app\n"}


def _run(check_id: str, files: dict[str, str]):
    spec = find_check(check_id)
    assert spec is not None
    return run_check(spec, make_facts(files), "repo")


def _said(result) -> str:
    return result.message + " | " + " | ".join(f"{e.path}:{e.line} {e.detail}" for e in result.evidence)


def test_every_catalogue_entry_has_a_source_and_a_signature() -> None:
    for platform in catalogue():
        assert platform.source.startswith("https://"), platform.name
        assert platform.commands or platform.actions or platform.calls or platform.methods or platform.hosts, platform.name


@pytest.mark.parametrize(("command", "platform"), [
    ("gcloud run deploy api --source . --region europe-west1", "Cloud Run"),
    ("gcloud ai endpoints deploy-model 123 --model=456 --region=us-central1", "Vertex AI"),
    ("aws sagemaker create-endpoint --endpoint-name x --endpoint-config-name y", "SageMaker"),
    ("az ml online-deployment create -f deployment.yml --all-traffic", "Azure ML"),
    ("aws apprunner start-deployment --service-arn $ARN", "AWS App Runner"),
    ("aws ecs update-service --cluster c --service s --force-new-deployment", "Amazon ECS"),
    ("aws lambda update-function-code --function-name f --image-uri $IMAGE", "AWS Lambda"),
    ("huggingface-cli upload ada/demo . . --repo-type=space", "Hugging Face Spaces"),
    ("docker push ghcr.io/ada/api:latest", "container registry"),
    ("git push --force https://user:$HF_TOKEN@huggingface.co/spaces/ada/demo main", "Hugging Face Spaces"),
    ("ssh deploy@203.0.113.7 'cd app && docker compose up -d'", "a server over SSH"),
])
def test_deploy_commands_name_their_platform(command: str, platform: str) -> None:
    found = command_hit(command)
    assert found is not None and found[0].name == platform


@pytest.mark.parametrize("command", ["huggingface-cli upload ada/model ./model", "az ml workspace show", "gcloud auth login", "echo deploy"])
def test_commands_that_deploy_nothing_are_not_deploys(command: str) -> None:
    assert command_hit(command) is None


def test_actions_and_hosts_come_from_the_catalogue() -> None:
    assert action_hit("google-github-actions/deploy-cloudrun@v2").name == "Cloud Run"  # type: ignore[union-attr]
    assert action_hit("docker/build-push-action@v6", (("push", "false"),)) is None
    assert action_hit("docker/build-push-action@v6", (("push", "true"),)) is not None
    assert app_host("https://churn-api-7f3k.a.run.app/predict").name == "Cloud Run"  # type: ignore[union-attr]
    assert app_host("https://ada-demo.hf.space").name == "Hugging Face Spaces"  # type: ignore[union-attr]
    assert app_host("https://ada-learner.dev/demo") is None


def test_a_workflow_on_push_that_runs_a_vertex_script_through_make_is_deploy_automation() -> None:
    files = {"train.py": TRAIN, "scripts/deploy.py": VERTEX, "Makefile": "deploy:\n\tpython scripts/deploy.py\n",
             ".github/workflows/deploy.yml": WORKFLOW.format(on="push:\n    branches: [main]", run="make deploy")}
    automation = _run("DEP005", files)
    assert automation.status is Status.PASS
    said = _said(automation)
    assert "`make deploy` → Makefile:2 `python scripts/deploy.py` → scripts/deploy.py:4 calls google.cloud.aiplatform.Model.upload()" in said
    assert "Google Cloud (google-github-actions/auth)" in said and "predicts with endpoint.predict()" in said
    assert dict(_run("DEP001", files).values)["level"] == "strong"
    assert _run("DEP002", files).status is Status.PASS
    assert _run("DEP008", files).status is Status.NOT_APPLICABLE  # a managed endpoint has no public page


def test_the_chain_goes_through_imports_and_shell_scripts() -> None:
    files = {"train.py": TRAIN, "pipeline/deploy.py": VERTEX, "pipeline/__init__.py": "", "run.py": "from pipeline.deploy import main\nmain()\n",
             "ci/ship.sh": "#!/bin/sh\nset -e\npython run.py\n", ".github/workflows/d.yml": WORKFLOW.format(on="[push]", run="bash ci/ship.sh")}
    said = _said(_run("DEP005", files))
    assert "ci/ship.sh:3 `python run.py` → run.py imports pipeline/deploy.py → pipeline/deploy.py:4 calls" in said


def test_a_sagemaker_deploy_through_boto3_and_a_space_upload_count_a_model_repo_upload_does_not() -> None:
    boto = "import boto3\nsm = boto3.client('sagemaker')\nsm.create_endpoint(EndpointName='e', EndpointConfigName='c')\n"
    assert "SageMaker deploy code" in _said(_run("DEP004", {"train.py": TRAIN, "deploy.py": boto}))
    space = "from huggingface_hub import HfApi\nHfApi().upload_folder(folder_path='app', repo_id='ada/demo', repo_type='space')\n"
    assert _run("DEP004", {"train.py": TRAIN, "publish.py": space}).status is Status.PASS
    model_repo = "from huggingface_hub import HfApi\nHfApi().upload_folder(folder_path='model', repo_id='ada/model', repo_type='model')\n"
    assert _run("DEP004", {"train.py": TRAIN, "publish.py": model_repo}).status is Status.NOT_APPLICABLE


def test_an_sdk_imported_and_never_called_to_deploy_is_nothing() -> None:
    files = {"train.py": TRAIN, "cloud.py": "import sagemaker\nfrom google.cloud import aiplatform\naiplatform.init(project='p')\nsession = sagemaker.Session()\n"}
    assert dict(_run("DEP001", files).values)["level"] == "none"
    assert _run("DEP004", files).status is Status.NOT_APPLICABLE


def test_a_manual_only_or_commented_out_deploy_workflow_is_not_automation() -> None:
    manual = {**SERVICE, ".github/workflows/d.yml": WORKFLOW.format(on="workflow_dispatch:", run="gcloud run deploy api --source .")}
    result = _run("DEP005", manual)
    assert result.status is Status.FAIL and "only when started by hand" in _said(result)
    commented = "\n".join("# " + line for line in WORKFLOW.format(on="[push]", run="python scripts/deploy.py").splitlines())
    files = {"train.py": TRAIN, "scripts/deploy.py": "print('todo')\n", ".github/workflows/d.yml": commented}
    assert "commented out" in _said(_run("DEP005", files)) and dict(_run("DEP001", files).values)["level"] == "none"


def test_a_deploy_quoted_inside_an_ssh_command_counts() -> None:
    files = {**SERVICE, ".github/workflows/d.yml": WORKFLOW.format(on="[push]", run="ssh deploy@203.0.113.7 \"cd app && docker compose up -d\"")}
    assert "a server over SSH" in _said(_run("DEP005", files))


def test_a_reusable_deploy_workflow_counts_when_a_push_workflow_calls_it() -> None:
    callee = "on:\n  workflow_call:\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gcloud run deploy api --source .\n"
    caller = "on: [push]\njobs:\n  ship:\n    uses: ./.github/workflows/deploy.yml\n"
    files = {**SERVICE, ".github/workflows/deploy.yml": callee, ".github/workflows/main.yml": caller}
    assert _run("DEP005", files).status is Status.PASS
    assert _run("DEP005", {**SERVICE, ".github/workflows/deploy.yml": callee}).status is Status.FAIL


def test_a_deploy_script_is_packaging_an_image_push_alone_is_not() -> None:
    files = {"train.py": TRAIN, "deploy.sh": "#!/bin/sh\ngcloud run deploy api --source . --region europe-west1\n"}
    assert "deploy script" in _said(_run("DEP004", files))
    assert _run("DEP004", {"train.py": TRAIN, "push.sh": "docker push ghcr.io/ada/x\n"}).status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(("readme", "claimed"), [
    ("# api\n\nLive demo: https://ada-learner.dev/projects/churn\n", True),  # a path on the candidate's site, called the demo
    ("# api\n\nThe API: <https://churn.ada.dev>\n", True),
    ("# api\n\nSee https://api.ada.dev/v1/predict/house for the endpoint.\n", True),  # a declared route behind /v1
    ("# api\n\n## Deployment\n\n[churn on Cloud Run](https://churn-x1.a.run.app)\n", True),
    ("# api\n\nHow I deployed it: [my blog](https://ada.dev/blog/deploying-churn)\n", False),
    ("# api\n\nDemo notebook: https://nbviewer.org/github/ada/x/blob/main/demo.ipynb\n", False),
    ("# api\n\n[![Live](https://img.shields.io/badge/live-demo-green)](https://shields.io)\n", False),
    ("# api\n\nDeployed on [Render](https://render.com) with [FastAPI](https://fastapi.tiangolo.com/) docs.\n", False),
    ("# api\n\nDemo data: [UCI](https://archive.ics.uci.edu/dataset/2/adult)\n", False),
    ("# api\n\nLive at https://your-app.example.com and http://localhost:8000/docs\n", False),
    ("# api\n\nRead https://ada.dev/about\n", False),  # nothing ties it to the app
    ("# api\n\nThe endpoint needs a key from the [Groq API](https://console.groq.com/keys).\n", False),  # a vendor's console
    ("# api\n\n## Documentation\n\nSee the [API docs](https://ada.github.io/api/reference.html).\n", False),  # docs of a library
])
def test_readme_links_on_any_host(readme: str, claimed: bool) -> None:
    result = _run("DEP008", {**SERVICE, "README.md": readme})
    assert (result.status is Status.PASS) is claimed, _said(result)


def test_only_real_routes_are_routes() -> None:
    """A dict's .get("predict") or requests.get(URL) in the service is not a route; a Django path() is."""
    service = FASTAPI + "settings = {}\nmode = settings.get('score')\n"
    client = "import requests\nr = requests.post('https://churn.ada.dev/score', json={})\n"
    assert _run("DEP008", {**SERVICE, "app/main.py": service, "client.py": client}).status is Status.FAIL
    django = "from django.urls import path\nfrom . import views\nurlpatterns = [path('score/', views.score)]\n"
    views = "import joblib\nfrom django.http import JsonResponse\nmodel = joblib.load('models/m.joblib')\n\ndef score(request):\n    return JsonResponse({'y': 1})\n"
    files = {"site/urls.py": django, "site/views.py": views, "site/__init__.py": "", "models/m.joblib": "x", "client.py": client}
    assert "calls its route /score" in _said(_run("DEP008", files))


def test_clients_that_call_the_apps_route_are_claims() -> None:
    client = "import requests\nAPI = 'https://churn.ada.dev'\nr = requests.post(f'{API}/v1/predict/basic', json={})\n"
    said = _said(_run("DEP008", {**SERVICE, "client.py": client}))
    assert "client.py calls its route /v1/predict/{kind} (declared in app/main.py)" in said
    shell = "#!/bin/sh\nURL=\"https://churn.ada.dev\"\ncurl -s \"$URL/health\"\n"
    assert "smoke.sh calls its route /health" in _said(_run("DEP008", {**SERVICE, "smoke.sh": shell}))
    readme = "# api\n\n```bash\ncurl -X POST https://churn.ada.dev/v1/predict/basic -d '{}'\n```\n"
    assert _run("DEP008", {**SERVICE, "README.md": readme}).status is Status.PASS


@pytest.mark.parametrize("client", [
    "import requests\nr = requests.post('http://localhost:8000/v1/predict/x', json={})\n",  # a local run
    "import requests\nr = requests.get('https://api.weather.example.org/data/2.5/health')\n",  # someone else's API
    "import requests\nr = requests.get('https://api.openweathermap.org/data/2.5/weather')\n",  # not a route of the app
    "URL = 'https://churn.ada.dev/v1/predict/x'\n",  # no HTTP call
])
def test_clients_that_do_not_call_this_app_are_not_claims(client: str) -> None:
    assert _run("DEP008", {**SERVICE, "client.py": client}).status is Status.FAIL


BATCH_STEP = """
import dagster as dg
import joblib


@dg.asset
def scored(features):
    model = joblib.load("models/churn.joblib")
    return model.predict_proba(features)[:, 1]
"""
TRAIN_STEP = """
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

frame = pd.read_csv("data/customers.csv")
X_train, X_test, y_train, y_test = train_test_split(frame[["tenure"]], frame["churn"])
model = LogisticRegression().fit(X_train, y_train)
print(model.score(X_test, y_test))
"""


def test_an_orchestrated_step_that_scores_new_data_is_batch_deployment() -> None:
    # A Dagster pipeline that trains a model and, in a scheduled asset, scores new customers with it has left the
    # notebook (batch inference) though nothing serves HTTP; the same prediction in a plain script has not.
    files = {"pipeline/train.py": TRAIN_STEP, "pipeline/score.py": BATCH_STEP}
    batch = run_check(find_check("DEP001"), make_facts(files), "repo")
    assert batch.status is Status.PASS and batch.points == 5  # partial: nothing packages or deploys it
    assert any("batch inference: Dagster step calls predict_proba()" in e.detail for e in batch.evidence)
    script = {**files, "pipeline/score.py": BATCH_STEP.replace("import dagster as dg\n", "").replace("@dg.asset\n", "")}
    assert run_check(find_check("DEP001"), make_facts(script), "repo").status is Status.FAIL
    packaged = {**files, "Dockerfile": "FROM python:3.12\nCOPY pipeline/ /app/pipeline/\nCMD [\"dagster\", \"dev\"]\n",
                "models/churn.joblib": "x"}
    assert run_check(find_check("DEP001"), make_facts(packaged), "repo").points == 10
