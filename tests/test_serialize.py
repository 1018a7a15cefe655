"""Loading reports back from JSON: the same dataclasses, and a mismatch named by its JSON path."""

from __future__ import annotations

import pytest

from readiness.models import Report
from readiness.serialize import LoadError, from_data, to_data
from tests.report_fixtures import tiny_report


def test_round_trip_gives_the_same_report() -> None:
    report = tiny_report(repos=2, findings_per_repo=3)
    assert from_data(Report, to_data(report)) == report


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["repos"][1]["findings"][2].__setitem__("status", "bogus"), r"^\$\.repos\[1\]\.findings\[2\]\.status: 'bogus' is not a valid Status$"),
    (lambda d: d["repos"][0].pop("name"), r"^\$\.repos\[0\]: missing name$"),
    (lambda d: d["repos"][0]["findings"][0].__setitem__("values", [["a"]]), r"^\$\.repos\[0\]\.findings\[0\]\.values\[0\]: expected 2 items$"),
    (lambda d: d["repos"][0]["findings"][0].__setitem__("values", [["a", "b"], ["c", 3]]), r"^\$\.repos\[0\]\.findings\[0\]\.values\[1\]\[1\]: expected str$"),
    (lambda d: d.__setitem__("repos", {}), r"^\$\.repos: expected an array$"),
])
def test_a_mismatch_names_its_json_path(change, message) -> None:
    data = to_data(tiny_report(repos=2, findings_per_repo=3))
    change(data)
    with pytest.raises(LoadError, match=message):
        from_data(Report, data)
