"""Layered JSON: the same data as json.dumps, indented outside and one finding per line inside."""

from __future__ import annotations

import json

from readiness.report import json_format, sarif
from readiness.report.layered_json import dumps
from readiness.serialize import to_data
from tests.report_fixtures import tiny_report


def test_same_data_as_plain_json_for_odd_values() -> None:
    value = {"a": [1, 2.5, None, True, "é\u2028\"q\"", {"x": [], "y": {}}], "b": {"c": [[{"d": [1, {"e": "f"}]}]]}, "": ()}
    for levels in range(6):
        assert json.loads(dumps(value, levels)) == json.loads(json.dumps(value))
    text = dumps(value, 2)
    assert text.startswith('{\n  "a": [\n    1,') and text.isascii() and '"\\u00e9\\u2028' in text


def test_default_converts_values_at_every_depth() -> None:
    class Point:
        def __init__(self, x: int) -> None:
            self.x = x

    value = {"p": Point(1), "deep": [[Point(2)]]}
    converted = dumps(value, 2, default=lambda item: {"x": item.x})
    assert json.loads(converted) == {"p": {"x": 1}, "deep": [[{"x": 2}]]}


def test_report_json_puts_each_finding_on_one_line() -> None:
    report = tiny_report(repos=3, findings_per_repo=5, evidence=4)
    text = json_format.render(report)
    assert json.loads(text) == json.loads(json.dumps(to_data(report)))
    finding_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"check_id"')]
    assert len(finding_lines) == sum(len(r.findings) for r in report.repos)
    assert all(json.loads(line.strip().rstrip(","))["repo"] for line in finding_lines)


def test_sarif_puts_each_result_on_one_line() -> None:
    report = tiny_report(repos=2, findings_per_repo=4)
    text = sarif.render(report)
    data = json.loads(text)
    results = data["runs"][0]["results"]
    lines = [line for line in text.splitlines() if line.lstrip().startswith('{"ruleId"')]
    assert results and len(lines) == len(results)
