"""Property tests over the parsers: any YAML, TOML or JSON text, any notebook, module, manifest, CI file, Dockerfile or
.readiness.toml is parsed, refused or reported as a problem, and no exception escapes (a small profile here;
bench/fuzz.py runs 10,000+ cases)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.properties import CONFIG, FILES, LOADERS, config_is_read_or_refused, file_becomes_facts, loader_never_raises_else

settings.register_profile("ci", max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("READINESS_HYPOTHESIS_PROFILE", "ci"))


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_bounded_loaders_raise_only_parse_errors(kind: str) -> None:
    loader, texts = LOADERS[kind]
    given(texts)(lambda text: loader_never_raises_else(loader, text))()


@pytest.mark.parametrize("path", sorted(FILES))
def test_any_file_becomes_facts_without_an_exception(path: str) -> None:
    given(FILES[path])(lambda content: file_becomes_facts(path, content))()


@given(CONFIG)
def test_any_configuration_is_read_or_refused_with_one_message(content: str) -> None:
    config_is_read_or_refused(content)


@given(st.data())
def test_alias_bombs_of_any_shape_are_refused_quickly(data: st.DataObject) -> None:
    from tests.test_bounded import alias_bomb
    from readiness.facts.bounded import Refused, load_yaml

    levels, width = data.draw(st.integers(6, 30)), data.draw(st.integers(9, 40))
    with pytest.raises(Refused, match="alias expansions"):
        load_yaml(alias_bomb(levels, width))
