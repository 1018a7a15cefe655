"""Deployment checks: graded evidence that a model left the notebook (serving, demo, packaging, automation, artifacts)."""

from __future__ import annotations

from checks.support.common import first_evidence
from checks.support.coursework import coursework
from checks.support.deployment_evidence import HEURISTIC, DeployEvidence, deploy_evidence, level, level_gaps
from checks.support.library import library_evidence
from checks.support.registry import check
from readiness.facts.model import RepoFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed

DEP = Dimension.DEPLOYMENT
SERVING_SEARCH = (
    "FastAPI, Flask, Starlette, Django, BentoML, Ray Serve, LitServe, KServe, TorchServe handlers (imports and route handlers)",
    "model loaders reached from the service: joblib/pickle/torch.load, load_model, from_pretrained, onnxruntime.InferenceSession, mlflow",
)
DEMO_SEARCH = ("imports of streamlit, gradio, dash, panel, voila, shiny", "Hugging Face Space front matter (sdk:) in the README")
PACKAGING_SEARCH = (
    "Dockerfile/Containerfile (COPY, CMD, ENTRYPOINT)", "docker-compose build contexts", "Procfile", "app.yaml", "render.yaml",
    "fly.toml", "vercel.json", "serverless.yml", "Kubernetes manifests", "Helm charts", "Terraform", "bentofile.yaml",
    "deploy calls of a platform SDK (Vertex AI, SageMaker, Azure ML, Spaces, Modal...) and deploy scripts (deploy_platforms.toml)", "Hugging Face Space app_file",
)
CI_SEARCH = (
    "CI steps that deploy to a platform of deploy_platforms.toml (docker push, gcloud run/ai, aws sagemaker/apprunner/ecs/lambda, az ml, fly, kubectl/helm/terraform, deploy actions), directly or through Makefiles, scripts and modules",
    "package publishing: pypa/gh-action-pypi-publish, twine/poetry/uv/hatch publish",
)
LINK_SEARCH = (
    "README links to app hosts: *.streamlit.app, huggingface.co/spaces, *.hf.space, *.herokuapp.com, *.onrender.com, *.fly.dev, *.vercel.app, *.run.app ...",
    "README links on any host that the README calls the demo, app or API, or whose path is a route of the app",
    "clients (requests/httpx modules, curl/wget in scripts and the README) calling a public URL at one of the app's routes",
)


def _not_deployable(ev: DeployEvidence) -> str:
    """Why deployment does not apply to a repository with nothing deployable."""
    if ev.library:
        return "a library: there is no service to deploy"
    return "no machine-learning model and nothing deployable in this repository"


@check(
    id="DEP001",
    slug="deployment-level",
    dimension=DEP,
    title="The project shows a model deployed beyond the notebook (strong, partial or none, with reasons)",
    remediation="Serve the trained model behind an API or demo app, package it (Dockerfile or platform config that copies your code and model), and deploy it from CI.",
    effort=Effort.HIGH,
    weight=4,
)
def deployment_level(facts: RepoFacts) -> Verdict:
    """The summary of the deployment checks: **strong** (10) when a service or demo app reaches a model (or an
    orchestrated pipeline step — Dagster, Airflow, Prefect, ZenML, Kubeflow, Metaflow, Flyte, Luigi — scores new
    data with it: scheduled batch inference), packaging or a deploy workflow refers to the project's own code, and
    every artifact it loads is there;
    **partial** (5) when some of that exists (web code without a model, a demo without packaging, packaging
    whose model was never committed); **none** (0) for a machine-learning project with nothing deployable.

    Evidence that things work together counts, not the presence of a file: a Flask CRUD app is web code,
    a Dockerfile that copies files that do not exist is broken, a Procfile for a model that was never
    committed cannot start. A library meant to be imported (a declared package with its importable folder,
    no service or demo app, and a README that installs it, a workflow that publishes it, or no code that trains
    and saves a model) is **not-applicable**, whatever it trains inside; its release workflow is reported as
    release automation. A model deployed to a managed serving platform (a Vertex AI or SageMaker endpoint, an Azure
    ML online endpoint, a batch-prediction job) by the project's code is served by that platform, and a side
    packaging file that names a missing file does not keep a deployment that CI runs, or whose running instance is
    claimed, from strong. Anything else with nothing deployed is **none**: coursework (judged even without a model) and analyses too (a
    repository with no model and nothing deployable is not judged on it, but its level stays none). Source: hiring-manager sources in signals.md A10 ("move beyond the
    notebook", end-to-end projects) and signals D1-D6.
    """
    ev = deploy_evidence(facts)
    name, reasons = level(ev)
    course = coursework(facts)
    if name == "not-applicable" and not ev.library and course.course:
        name = "none"  # coursework is a project a reviewer judges like any other: nothing deployed is none
    values = (("level", name),)
    if name == "not-applicable":
        note = "deployment: not applicable — " + _not_deployable(ev)
        if ev.publishes:
            note += "; its release workflow publishes the package (release automation counts)"
        return not_applicable(note, *first_evidence(list(library_evidence(facts)) + reasons, 6), values=values)
    if name == "none" and not course.course and not (ev.ml or ev.trains or ev.deployable or ev.deploys or any(p.missing for p in ev.packages)):
        return not_applicable("deployment: none — " + _not_deployable(ev) + " (not judged)", *first_evidence(reasons, 6), values=values)
    if name == "strong":
        return passed("deployment: strong", *first_evidence(reasons, 8), values=values)
    if name == "partial":
        return passed(f"deployment: partial — {level_gaps(ev)}", *first_evidence(reasons, 8), score=5, values=values)
    why = "a machine-learning project with nothing that serves or packages a model" if ev.ml or ev.trains else "the packaging present does not run this repository's code"
    if course.course and not (ev.ml or ev.trains or ev.packages):
        why, reasons = "coursework with nothing deployed", [*course.evidence[:2], *reasons]
    return failed(f"deployment: none — {why}", *first_evidence(reasons, 6), searched=SERVING_SEARCH + DEMO_SEARCH + PACKAGING_SEARCH[:3], values=values)


@check(
    id="DEP002",
    slug="model-serving",
    dimension=DEP,
    title="An HTTP service loads the trained model and exposes predictions",
    remediation="Add a small FastAPI (or Flask/BentoML) service that loads your saved model at start-up and exposes a /predict endpoint with a validated request body.",
    effort=Effort.MEDIUM,
    weight=3,
)
def model_serving(facts: RepoFacts) -> Verdict:
    """A serving module (FastAPI, Flask, Starlette, Django, BentoML, Ray Serve, LitServe, KServe, TorchServe
    handlers) with route handlers, which itself or through the repository's own imports calls a model loader
    (joblib/pickle/torch.load, keras load_model, from_pretrained, onnxruntime.InferenceSession, mlflow
    load_model...). A hosted model API client (OpenAI, Anthropic...) counts with a lower score. A model deployed
    to a managed serving platform (a Vertex AI or SageMaker endpoint, an Azure ML online endpoint, a batch-prediction
    job: calls of the platform's SDK or CLI from deploy_platforms.toml, not an import alone) is served by that platform.

    A web app whose routes reach no model (a CRUD app, a scraper front end) fails as "web code, not model
    serving". Not applicable when the repository has no model and no web service. Source: signals.md D1
    (ML Test Score Infra 4-7, Made With ML serve.py); the trap of web code without a model is listed there.
    """
    ev = deploy_evidence(facts)
    serving = ev.model_services
    if serving:
        best = next((s for s in serving if s.loaders), serving[0])
        evidence = [*best.routes[:2], *(best.loaders or best.hosted)[:2]]
        if best.managed:
            return passed(f"a {best.framework} serves the model: {best.path} deploys it there", *first_evidence(list(best.loaders), 3))
        if best.loaders:
            return passed(f"{best.framework} service in {best.path} serves a model it loads", *evidence)
        return passed(f"{best.framework} service in {best.path} serves a hosted model API, not a model of its own", *evidence, score=7)
    if ev.services:
        web = ev.services[0]
        return failed(f"web code, not model serving: the {web.framework} app in {web.path} loads no model", *first_evidence(list(web.routes)), searched=SERVING_SEARCH[1:])
    if ev.library:
        return not_applicable(_not_deployable(ev), searched=SERVING_SEARCH[:1])
    if ev.ml or ev.trains:
        note = f"; the {ev.demos[0].framework} app is a demo, not an API" if ev.demos else ""
        return failed(f"no HTTP service serves the model{note}", searched=SERVING_SEARCH)
    return not_applicable("no model and no web service", searched=SERVING_SEARCH[:1])


@check(
    id="DEP003",
    slug="demo-app",
    dimension=DEP,
    title="A demo app (Streamlit, Gradio, Dash, Panel or a Hugging Face Space) lets people try the model",
    remediation="Wrap the model in a small Streamlit or Gradio app and publish it (Hugging Face Spaces and Streamlit Community Cloud are free).",
    effort=Effort.LOW,
    weight=2,
)
def demo_app(facts: RepoFacts) -> Verdict:
    """A module importing Streamlit, Gradio, Dash, Panel, Voilà or Shiny, or Hugging Face Space front matter
    (`sdk:`) in the README. A demo that reaches a model (loader or hosted model API) passes in full; one that
    only shows data scores 6 (an EDA dashboard is not a model demo).

    Not applicable when an HTTP service already serves the model, or for repositories with no model.
    Source: signals.md D2 (Papers with Code "making demos" resources; hiring sources); trap: the unchanged
    Space README, and Streamlit apps with EDA plots only.
    """
    ev = deploy_evidence(facts)
    if ev.model_demos:
        demo = ev.model_demos[0]
        return passed(f"{demo.framework} demo app in {demo.path} uses a model", *demo.routes[:1], *(demo.loaders or demo.hosted)[:2])
    if ev.demos:
        demo = ev.demos[0]
        return passed(f"{demo.framework} app in {demo.path} reaches no model (a data app, not a model demo)", *demo.routes[:1], score=6)
    if ev.space:
        return passed("Hugging Face Space configuration", ev.space, score=7)
    if ev.model_services:
        return not_applicable("an HTTP service serves the model; a demo app is optional")
    if (ev.ml or ev.trains) and not ev.library:
        return failed("no demo app for the model", searched=DEMO_SEARCH)
    return not_applicable("no model to demonstrate", searched=DEMO_SEARCH[:1])


@check(
    id="DEP004",
    slug="packaging-refers-to-code",
    dimension=DEP,
    title="Container or platform configuration packages the project's own code, and every file it names exists",
    remediation="Add a Dockerfile (or Procfile / platform config) that copies your code and model and starts your service, e.g. `CMD [\"uvicorn\", \"app.main:app\"]`; fix any COPY or start command that names a missing file.",
    effort=Effort.MEDIUM,
    weight=3,
)
def packaging_refers_to_code(facts: RepoFacts) -> Verdict:
    """Dockerfiles (COPY/ADD sources, CMD/ENTRYPOINT commands), compose build contexts, Procfile processes,
    App Engine entrypoints, Render start commands, Serverless handlers, bentofile services and a Space's
    app_file are resolved against the repository: they must name files that exist. Fly.io, Vercel,
    Kubernetes, Helm, Terraform, SAM, deploy calls of a platform SDK (a call, never an import alone) and shell
    scripts or Makefiles that run a deploy command of deploy_platforms.toml count by presence.

    Fails when packaging names files that are not committed, or when a service or demo app has no packaging
    at all. Not counted as packaging: `.devcontainer/` (development only), a `jupyter/*` base image (a
    notebook environment), a Dockerfile that copies only dependency files, a compose file that runs only
    third-party images. Not applicable when nothing is deployable. Source: signals.md D3 and D4.
    """
    ev = deploy_evidence(facts)
    broken = [p for p in ev.packages if p.missing]
    good = [p for p in ev.packages if p.ok]
    if broken:
        evidence = [m for p in broken for m in p.missing]
        return failed(f"{len(broken)} packaging file(s) name files that are not in the repository", *first_evidence(evidence), *[Evidence(f"{p.kind} also refers to the project", p.path) for p in good[:1]])
    if good:
        evidence = [r for p in good for r in p.refers[:2]]
        kinds = ", ".join(dict.fromkeys(p.kind for p in good))
        return passed(f"packaging refers to the project's code ({kinds})", *first_evidence(evidence))
    notes = [Evidence(p.note, p.path) for p in ev.packages if p.note]
    if ev.services or ev.demos:
        return failed("a service or demo app exists but nothing packages it", *notes, searched=PACKAGING_SEARCH)
    return not_applicable("nothing deployable to package" + ("; " + notes[0].detail if notes else ""), *notes, searched=PACKAGING_SEARCH[:4])


@check(
    id="DEP005",
    slug="deploy-automation",
    dimension=DEP,
    title="A CI workflow deploys the service (or, for a library, publishes releases)",
    remediation="Add a workflow that builds and pushes your image or deploys to your platform on push to main (or on tags), e.g. with `docker/build-push-action` and your host's deploy action.",
    effort=Effort.MEDIUM,
    weight=2,
)
def deploy_automation(facts: RepoFacts) -> Verdict:
    """CI configurations (GitHub Actions, GitLab, CircleCI, Azure Pipelines...) parsed as YAML: a step that
    deploys to a platform of deploy_platforms.toml (each entry with its documentation): it pushes an image, runs
    a deploy CLI (gcloud run deploy, gcloud ai endpoints deploy-model, aws sagemaker create-endpoint, az ml
    online-deployment create, aws apprunner/ecs/lambda, fly deploy, kubectl/helm/terraform apply, an upload to a
    Hugging Face Space...) or uses a deploy action, directly or through the repository's own files: the same
    bounded walk that finds tests run through a script follows Makefile targets, shell scripts, `python -m`
    modules and the modules they import, local actions and containers, to a command of the catalogue or a call
    of a platform SDK that deploys (Vertex AI `Model.upload`/`deploy`/`batch_predict`, SageMaker `deploy`,
    Azure ML `online_deployments.begin_create_or_update`, `upload_folder(repo_type="space")`...). The evidence
    names the chain, the trigger, the cloud the job authenticated to and the prediction sent afterwards.
    For a library, a workflow publishing the package counts.

    A workflow that is entirely commented out, has no triggers, runs only when started by hand
    (workflow_dispatch) or whose step may fail (continue-on-error) does not count; nor does an SDK imported and
    never called. Not applicable when nothing is deployable and nothing is published.
    Source: signals.md D4 (Made With ML's serve workflow; ML Test Score Infra 6-7).
    """
    ev = deploy_evidence(facts)
    if ev.deploys:
        return passed("a CI workflow deploys", *first_evidence([d.evidence for d in ev.deploys], 3))
    if ev.publishes:
        return passed("a CI workflow publishes releases (release automation)", *first_evidence([d.evidence for d in ev.publishes], 3))
    inert = [i.evidence for i in ev.inert]
    manual = [m.evidence for m in ev.manual]
    if ev.deployable or inert or manual:
        notes = ("; a deploy workflow exists but runs nothing" if inert else "") + ("; one deploys only when started by hand (not automated)" if manual else "")
        return failed("no CI workflow deploys" + notes, *first_evidence(manual, 2), *inert, searched=CI_SEARCH)
    return not_applicable(_not_deployable(ev) if ev.library else "nothing deployable to automate", searched=CI_SEARCH[:1])


@check(
    id="DEP006",
    slug="deploy-artifacts-present",
    dimension=DEP,
    title="Every model file the service or its packaging needs is committed or fetched by a download step",
    remediation="Commit the model (with Git LFS if large), publish it as a release asset or on the Hugging Face Hub, or add a download step to the Dockerfile or start-up code; a deploy cannot load a gitignored file.",
    effort=Effort.LOW,
    weight=3,
)
def deploy_artifacts_present(facts: RepoFacts) -> Verdict:
    """Model files (by suffix: .joblib, .pkl, .pt, .h5, .onnx, .safetensors...) named in the code of a
    service or demo app (and the modules it imports), and model folders a Dockerfile copies, must be in the
    repository, or fetched at deploy time (hf_hub_download, a download function, wget/curl of a model, gdown,
    dvc pull, aws s3 cp, a training step in the Dockerfile/Procfile/CI, a .dvc pointer).

    Whether `.gitignore` excludes a missing file is asked from git (`git check-ignore --no-index`) in the
    facts stage and shown as evidence. Models fetched by name from a hub (from_pretrained,
    SentenceTransformer) pass. Not applicable when nothing deployable loads a model file.
    Source: signals.md D6 (artifacts are often correctly gitignored, so absence alone is not negative:
    only a deploy path that needs them makes it a finding).
    """
    ev = deploy_evidence(facts)
    if not (ev.deployable or ev.artifacts):
        return not_applicable("nothing deployable loads a model file")
    missing = ev.missing_artifacts
    if missing:
        evidence = []
        for art in missing:
            state = "not committed and excluded by .gitignore (git check-ignore)" if art.ignored else "not committed"
            evidence.append(Evidence(f"{art.where.detail}, which is {state}; no download step fetches it", art.where.path, art.where.line))
        return failed(f"{len(missing)} model file(s) a deploy needs are not in the repository", *first_evidence(evidence), searched=("download calls (hf_hub_download, *download*)", "wget/curl of a model, gdown, dvc pull, aws s3 cp, a training step in Dockerfile/Procfile/CI", ".dvc pointers"))
    if ev.artifacts:
        absent = [a for a in ev.artifacts if not a.present]
        if absent:
            return passed(f"{len(absent)} model file(s) are not committed but a download step fetches them", *first_evidence(list(ev.downloads), 3))
        return passed("every model file the service names is committed", *first_evidence([Evidence(f"{a.name} committed", a.where.path, a.where.line) for a in ev.artifacts], 3))
    if ev.hub_models:
        return passed("the model is fetched by name from a hub at start-up", *first_evidence(list(ev.hub_models), 3))
    return not_applicable("the deployable code names no model file")


@check(
    id="DEP007",
    slug="model-export-or-card",
    dimension=DEP,
    title="The trained model is exported in a portable format or documented with a model card",
    remediation="Export the model (ONNX, TorchScript, SavedModel or an MLflow model) from your training script, and add a MODEL_CARD.md stating data, metrics, intended use and limits.",
    effort=Effort.LOW,
    weight=1,
)
def model_export_or_card(facts: RepoFacts) -> Verdict:
    """Export code (torch.onnx.export, skl2onnx, tf2onnx, torch.jit.trace/script, tf.saved_model.save,
    TFLite/Core ML converters, mlflow log_model/register_model, save_pretrained/push_to_hub), exported files
    (.onnx, MLmodel, saved_model.pb) or a model card (MODEL_CARD.md, Hugging Face model-card metadata, a
    "Model card" section) pass in full. Plain serialisation (joblib/pickle dump, torch.save, model.save)
    passes with 6: it saves the model but ties it to the library version that wrote it.

    Only for repositories that train a model (fit/train calls); pickles are never loaded.
    Source: signals.md D6 (Papers with Code item 4, pre-trained models; ML Test Score Infra 7).
    """
    ev = deploy_evidence(facts)
    if ev.exports or ev.cards:
        return passed("the model is exported or documented", *first_evidence([*ev.exports, *ev.cards], 4))
    if ev.saves:
        return passed("the trained model is saved (plain serialisation; no portable export or model card)", *first_evidence(list(ev.saves), 3), score=6)
    if ev.trains and not ev.library:
        return failed("a model is trained but never saved, exported or documented", *first_evidence(list(ev.trains), 2), searched=("ONNX/TorchScript/SavedModel/MLflow export calls", "joblib/pickle dump, torch.save", "MODEL_CARD.md, model-card metadata"))
    return not_applicable("no model is trained here")


@check(
    id="DEP008",
    slug="live-demo-claimed",
    dimension=DEP,
    title="The README or a client of the app points at a running instance (reported as claimed, never as verified)",
    remediation="Deploy the app (Hugging Face Spaces, Streamlit Community Cloud, Render, Fly.io) and link it near the top of the README.",
    effort=Effort.LOW,
    weight=1,
)
def live_demo_claimed(facts: RepoFacts) -> Verdict:
    """A running instance of this project's app, on any host, that the repository points at:

    - a README link to an app host of deploy_platforms.toml (*.streamlit.app, huggingface.co/spaces, *.hf.space,
      *.run.app, *.onrender.com, *.fly.dev, *.herokuapp.com, *.azurewebsites.net, *.awsapprunner.com...);
    - a README link on any other host (a custom domain, a path on the candidate's site) whose path is one of the
      app's declared routes, or that the README calls the live demo, the app or the API (link text, its line or
      its heading), when the repository has something to run;
    - a client in the repository (a Python module calling requests/httpx, a shell script or README command running
      curl/wget, with `API_URL=...` expanded) that calls a public URL at one of the routes the app declares.

    Links to blog posts, notebook viewers (nbviewer, Colab, Binder), badges, library or platform docs, datasets,
    code hosting and a vendor's home page are not instances, nor are localhost and placeholder URLs; gradio.live
    and ngrok links expire. The tool never fetches anything: an instance is *claimed*, not verified, and telling
    an app from a blog is a heuristic.

    Fails when the repository has a service or demo app but points at no running instance; not applicable when
    it has nothing to run (or only a managed endpoint, which has no public page) and claims none.
    Source: signals.md D5 and Part C.6 (claims reported as claimed).
    """
    ev = deploy_evidence(facts)
    if ev.claims:
        first = ev.claims[0]
        said = [Evidence(f"{c.evidence.detail}: {c.how}", c.evidence.path, c.evidence.line, c.evidence.cell) for c in ev.claims]
        return passed(f"live instance claimed at {first.url} ({HEURISTIC})", *first_evidence(said, 3), values=(("claimed", first.url),))
    temporary = [e for kind, e in ev.links if kind == "temporary"]
    others = [e for kind, e in ev.links if kind == "other"]
    if temporary:
        return failed("the README links a temporary share link that expires (gradio.live, ngrok), not a hosted app", *temporary[:3])
    if [s for s in ev.services if not s.managed] or ev.demos or ev.space:
        note = "; its links go to blogs or notebooks, not a running app (heuristic)" if others else ""
        return failed("the project has an app to run but neither its README nor a client points at a running instance" + note, *others[:3], searched=LINK_SEARCH)
    return not_applicable("nothing to run, and no live demo claimed", searched=LINK_SEARCH)
