"""The JSON report and its committed JSON Schema cannot drift apart."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from readiness.report.formats import render
from readiness.report.schema import SCHEMA_FILE, schema_text


def test_committed_schema_matches_the_models() -> None:
    """Regenerate the schema from the dataclasses; the committed file must be identical (run `readiness schema`)."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_sample_report_validates(sample_report) -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    data = json.loads(render(sample_report, "json"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_drift(sample_report) -> None:
    """An extra or missing field is caught, so the test above means something."""
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))
    data = json.loads(render(sample_report, "json"))
    extra = copy.deepcopy(data)
    extra["repos"][0]["findings"][0]["surprise"] = 1
    missing = copy.deepcopy(data)
    del missing["repos"][0]["head"]
    for broken in (extra, missing):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(broken)
