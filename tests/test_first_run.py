"""The first run teaches: `readiness` or `assess` alone say what to try; tab completion for bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks import all_checks, find_check
from readiness.report.formats import RENDERERS

BIN = Path(sys.executable).parent
TRIES = ("readiness assess --sample", "readiness assess PATH", "readiness assess LOGIN", "readiness assess --portfolio OWNER/NAME")


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """The installed CLI, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def test_readiness_alone_prints_help_and_where_to_start() -> None:
    result = run([])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stdout.startswith("Usage: readiness") and "Commands:" in result.stdout
    assert all(t in result.stdout for t in TRIES), result.stdout


def test_assess_without_a_target_says_what_to_try() -> None:
    result = run(["assess"])
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("readiness: nothing to assess. Start with one of these:")
    assert all(t in result.stderr for t in TRIES)


def test_sample_and_a_target_together_is_still_a_usage_error() -> None:
    result = run(["assess", "--sample", "some-repo"])
    assert result.returncode == 2 and "not both" in result.stderr and "Start with" not in result.stderr


def complete(words: str, cword: int, shell: str = "bash") -> list[str]:
    """What readiness answers a completion script for SHELL asking about WORDS (the protocol click's scripts use)."""
    env = {"COMP_WORDS": words, "COMP_CWORD": str(cword), "_READINESS_COMPLETE": f"{shell}_complete"}
    result = run([], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_completion_answers_for_commands_checks_formats_and_roles() -> None:
    assert {"plain,completion", "plain,checks"} <= set(complete("readiness c", 1))
    checks = complete("readiness explain NBK00", 2)
    assert "plain,NBK001" in checks and all(c.startswith("plain,NBK00") for c in checks)
    assert complete("readiness explain notebook-exec", 2) == ["plain,notebook-execution-in-order"]
    assert complete("readiness assess --format markdown,h", 3) == ["plain,markdown,html"]
    assert [c.split(",", 1)[1] for c in complete("readiness assess --format ", 3)] == list(RENDERERS)
    assert complete("readiness assess --role data-s", 3) == ["plain,data-scientist"]
    assert complete("readiness assess ~/co", 2) == ["dir,~/co"]  # the shell completes directory names


def test_completion_protocol_for_zsh_and_fish() -> None:
    """zsh gets value and help; fish gets value<TAB>help (what their scripts from click read)."""
    title = find_check("NBK001").title
    assert complete("readiness explain NBK001", 2, "zsh") == ["plain", "NBK001", title]
    env = {"COMP_WORDS": "readiness explain NBK001", "COMP_CWORD": "NBK001", "_READINESS_COMPLETE": "fish_complete"}
    fish = run([], **env).stdout.splitlines()
    assert fish == [f"plain,NBK001\t{title}"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_script_completes_in_a_real_bash() -> None:
    """Source the script as ~/.bashrc would, then call its completion function the way bash's TAB does."""
    script = run(["completion", "bash"])
    assert script.returncode == 0 and "complete -o nosort -F _readiness_completion readiness" in script.stdout
    probe = (f'eval "$(readiness completion bash)"\n'
             'COMP_WORDS=(readiness explain DOC01); COMP_CWORD=2\n'
             '_readiness_completion readiness\n'
             'printf "%s\\n" "${COMPREPLY[@]}"\n')
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = [c.id for c in all_checks() if c.id.startswith("DOC01")]
    assert expected and done.stdout.split() == expected


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts(shell: str) -> None:
    """The scripts are generated; when the shell is installed, it parses them."""
    script = run(["completion", shell])
    assert script.returncode == 0 and "_READINESS_COMPLETE" in script.stdout
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed: the script was generated but not parsed")
    done = subprocess.run([shell, "-n"], input=script.stdout, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
