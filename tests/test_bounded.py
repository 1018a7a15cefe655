"""Bounded parsing: an alias bomb, deep nesting and oversized files are refused as problems on that file, and the
checks that needed them say unknown; ordinary files parse as before."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from readiness.facts import bounded
from readiness.facts.bounded import ParseError, Refused, load_json, load_toml, load_yaml
from tests.factories import make_repo
from tests.properties import LOADERS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the libyaml-based loader first (when installed) and with the pure-Python loader only."""
    if request.param == "libyaml" and bounded._FastLoader is None:
        pytest.skip("libyaml is not installed")
    if request.param == "pure-python":
        monkeypatch.setattr(bounded, "_FastLoader", None)
    return request.param


def alias_bomb(levels: int = 9, width: int = 10, top: str = "") -> str:
    """A "billion laughs" YAML document: each level's list holds WIDTH aliases of the one before (WIDTH^LEVELS leaves)."""
    lines = [top] if top else []
    lines.append("l0: &l0 [" + ", ".join(["lol"] * width) + "]")
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.usefixtures("yaml_loader")
def test_alias_bomb_is_refused_before_anything_is_built() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 600  # small on disk, 10^9 leaves once expanded
    with pytest.raises(Refused, match=r"YAML with 10\^9 alias expansions; not parsed"):
        load_yaml(bomb)


@pytest.mark.parametrize("text, message", [
    ("a: &a [*a]\n", "recursive alias"),
    ("x: " + "[" * 300 + "]" * 300 + "\n", "nested deeper than 100 levels"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper than 100 levels"),  # libyaml stops at 1,000 levels on its own terms
    ("a: &a " + "[" * 60 + "1" + "]" * 60 + "\nb: " + "[" * 60 + "*a" + "]" * 60 + "\n", "levels deep once aliases are expanded"),
    ("k: v\n" * 300_000, r"KiB \(limit 1024 KiB\); not parsed"),
])
@pytest.mark.usefixtures("yaml_loader")
def test_yaml_limits(text: str, message: str) -> None:
    with pytest.raises(Refused, match=message):
        load_yaml(text)


@pytest.mark.usefixtures("yaml_loader")
def test_node_limit_counts_while_composing_and_after_expanding() -> None:
    with pytest.raises(Refused, match="more than 1,000 nodes"):
        load_yaml("- x\n" * 1001, max_nodes=1000)
    with pytest.raises(Refused, match="YAML with 1,220 alias expansions"):  # 25 distinct nodes, 1,245 once expanded
        load_yaml("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n", max_nodes=1000)
    assert len(load_yaml("- x\n" * 999, max_nodes=1000)) == 999


@pytest.mark.usefixtures("yaml_loader")
def test_ordinary_documents_parse_as_with_the_safe_loader() -> None:
    text = "base: &base {image: python, steps: [a, b]}\njob:\n  <<: *base\n  name: test\non: push\n"
    assert load_yaml(text) == yaml.safe_load(text)
    assert load_toml('[project]\nname = "x"\ndependencies = ["a==1"]\n') == {"project": {"name": "x", "dependencies": ["a==1"]}}
    assert load_json('{"a": [1, 2, {"b": null}]}') == {"a": [1, 2, {"b": None}]}
    assert load_json('["a,b,c,[{"]' * 1, max_values=3) == ["a,b,c,[{"]  # commas and brackets inside strings are not values


@pytest.mark.parametrize("loader, text", [
    (load_yaml, "x: 2001-13-45\n"), (load_yaml, "x: " + "1" * 5000 + "\n"), (load_yaml, "a: !!python/object:os.system x\n"),
    (load_toml, "a = " + "1" * 5000), (load_toml, "a = [" * 2000), (load_json, "[" * 100_000 + "]" * 100_000),
    (load_json, b"\xff\xfe\x00"), (load_json, "[" + "{}," * 300_000 + "{}]"),
])
@pytest.mark.usefixtures("yaml_loader")
def test_every_failure_is_a_parse_error(loader, text) -> None:
    with pytest.raises(ParseError):
        loader(text)


def _facts_in_a_capped_process(root: Path) -> dict:
    """build_facts on ROOT in a child process under 1.5 GB of address space and 120 s: a bomb must not need either."""
    code = (
        "import json, sys\nfrom readiness.facts import build_facts\n"
        "facts = build_facts(sys.argv[1], 'bombs')\n"
        "print(json.dumps({'problems': [[p.path, p.message] for p in facts.problems], 'unparsed': dict(facts.unparsed),"
        " 'manifests': [m.path for m in facts.manifests], 'workflows': [[w.path, w.error] for w in facts.workflows]}))\n"
    )

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, resource.RLIM_INFINITY))

    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=120, cwd=ROOT, preexec_fn=cap)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_a_repository_of_alias_bombs_is_assessed_and_the_checks_say_unknown(tmp_path: Path) -> None:
    from checks import all_checks
    from readiness.facts import build_facts
    from readiness.pipeline.engine import run_checks

    bomb = alias_bomb()
    root = make_repo(tmp_path / "bombs", {
        ".github/workflows/ci.yml": alias_bomb(top="on: push"),
        "environment.yml": alias_bomb(top="name: env"),
        "docker-compose.yml": alias_bomb(top="services: {}"),
        "train.py": "import sklearn\nimport pandas\n\n\ndef fit(x):\n    return x\n",
        "tests/test_train.py": "from train import fit\n\n\ndef test_fit():\n    assert fit(1) == 1\n",
        "README.md": "# bombs\n",
    })
    seen = _facts_in_a_capped_process(root)
    expected = "YAML with 10^9 alias expansions; not parsed"
    assert seen["unparsed"] == {".github/workflows/ci.yml": expected, "environment.yml": expected}
    assert [".github/workflows/ci.yml", expected] in seen["problems"] and ["environment.yml", expected] in seen["problems"]
    assert seen["workflows"] == [[".github/workflows/ci.yml", expected]] and bomb  # the CI file is known, its content is not
    findings = {f.check_id: f for f in run_checks(all_checks(), build_facts(root, "bombs"), "bombs") if f.check_id.startswith(("DOC", "TST", "DEP"))}
    assert findings["TST004"].status.value == "unknown" and expected in findings["TST004"].evidence[0].detail
    assert findings["DOC006"].status.value == "unknown" and "pandas" in findings["DOC006"].message
    assert findings["DOC007"].status.value == "unknown"
    assert not [f for f in findings.values() if f.status.value == "error"]


def test_an_oversized_lock_file_still_counts_as_a_lock_file(tmp_path: Path) -> None:
    from readiness.facts import build_facts

    lock = "".join(f'[[package]]\nname = "p{i}"\nversion = "1.0.{i}"\n\n' for i in range(40_000))
    assert len(lock) > 1024 * 1024
    facts = build_facts(make_repo(tmp_path / "r", {"uv.lock": lock, "app.py": "import numpy\n"}), "r")
    assert [(m.path, m.is_lock, m.requirements) for m in facts.manifests] == [("uv.lock", True, ())]
    assert facts.unparsed == {"uv.lock": "larger than 1024 KiB; not parsed"}


LIBYAML_READS_OTHERWISE = [
    '{"exts": [\n\t"ts",\n\t"py"\n]}\n',  # tabs between tokens: libyaml skips them in flow collections
    "on: [push?]\n", "tags: [uni? ue, not_null]\n",  # `?` inside a flow collection
    "help: |-#\n  text\n",  # a block scalar's header followed by a comment without a space
    "name: !\non: push\n",  # the bare tag
    "a:\n\ufeff  b: 1\n",  # a byte-order mark after the start (libyaml skips it as indentation)
]


@pytest.mark.parametrize("text", LIBYAML_READS_OTHERWISE)
def test_documents_libyaml_reads_otherwise_get_the_pure_python_answer(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml = _outcome(text)
    monkeypatch.setattr(bounded, "_FastLoader", None)
    assert with_libyaml == _outcome(text)


def test_libyaml_loads_ordinary_documents_and_refuses_bombs_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast loader does the work when libyaml is there: with the pure-Python loader broken, documents still load."""
    if bounded._FastLoader is None:
        pytest.skip("libyaml is not installed")
    text = "base: &base {image: python, steps: [a, b]}\njob:\n  <<: *base\n  name: test\non: push\n"
    monkeypatch.setattr(bounded, "_Loader", None)
    assert load_yaml(text) == yaml.safe_load(text)
    with pytest.raises(Exception):
        load_yaml(alias_bomb())  # refused by the fast loader, then handed to the (here broken) pure-Python one
    assert bounded._load(bounded._FastLoader, text, 1000) == yaml.safe_load(text)
    with pytest.raises(Refused, match="alias expansions"):
        bounded._load(bounded._FastLoader, alias_bomb(), bounded.MAX_NODES)
    with pytest.raises(Refused, match="more than 1,000 nodes"):
        bounded._load(bounded._FastLoader, "- x\n" * 1001, 1000)


def _outcome(text: str) -> tuple[str, str]:
    """What load_yaml gives for TEXT: the value, or the error's kind and message."""
    try:
        return "value", repr(load_yaml(text))
    except ParseError as exc:
        return type(exc).__name__, str(exc)


YAML_TEXTS = LOADERS["yaml"][1]
YAML_SYNTAX = st.sampled_from([
    ":", ": ", "- ", "? ", "?", "[", "]", "{", "}", ", ", "#", " #c", "&a ", "*a", "!", "!!str ", "!x ", "|", "|-", ">", "'", '"', "%YAML 1.1\n",
    "---\n", "...\n", "\n", "\n  ", "  ", "\t", "\r\n", "\ufeff", "\x85", "\\", "é", "<<: *a\n", "on", "y", "~", "1e3", "0o17", "2001-12-14",
    "key", "value", "x:y", "a b", "${{ x }}", "https://h/p?q=1",
])


@given(st.lists(YAML_SYNTAX, max_size=30).map("".join) | YAML_TEXTS)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_libyaml_and_pure_python_give_the_same_answer(text: str) -> None:
    """Differential: whatever the text, load_yaml's value or error is the one of the pure-Python loader alone."""
    if bounded._FastLoader is None:
        pytest.skip("libyaml is not installed")
    with_libyaml = _outcome(text)
    saved, bounded._FastLoader = bounded._FastLoader, None
    try:
        assert with_libyaml == _outcome(text)
    finally:
        bounded._FastLoader = saved


def _size_and_depth(value: object, depth: int = 1) -> tuple[int, int]:
    """(values, deepest value's depth) of parsed data, counted the plain way."""
    children = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else []
    inner = [_size_and_depth(child, depth + 1) for child in children]
    return 1 + sum(n for n, _ in inner), max([depth] + [d for _, d in inner])


def _nested(depth: int, leaf: object) -> object:
    value = leaf
    for level in range(depth - 1):
        value = [value] if level % 2 else {"k": value}
    return value


@given(st.recursive(st.none() | st.integers() | st.text(max_size=3), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner, max_size=4), max_leaves=40),
       st.integers(1, 60), st.integers(95, 102), st.sampled_from([None, 1, [], {}, [1, 2]]))
@settings(max_examples=300, deadline=None)
def test_parsed_data_is_refused_exactly_past_the_value_and_depth_limits(data: object, limit: int, depth: int, leaf: object) -> None:
    for value in (data, _nested(depth, leaf), [data, _nested(depth, leaf)]):
        size, deepest = _size_and_depth(value)
        within = size <= limit and deepest <= bounded.MAX_DEPTH
        assert bounded._within(value, limit) is within
        if within:
            bounded._shape(value, "JSON", limit)
        else:
            with pytest.raises(Refused, match="more than .* values|nested deeper than 100 levels"):
                bounded._shape(value, "JSON", limit)
