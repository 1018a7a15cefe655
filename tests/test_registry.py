"""The registry: ids, slugs, documentation, and every check seen both passing and failing on the samples."""

from __future__ import annotations

import pytest

from checks import all_checks, find_check
from checks.support.registry import ID_PATTERN, RegistryError, check
from readiness.models import Dimension, Effort, Status, Verdict, passed


def test_ids_and_slugs_are_unique_and_well_formed() -> None:
    specs = all_checks()
    assert len({s.id for s in specs}) == len(specs)
    assert len({s.slug for s in specs}) == len(specs)
    for spec in specs:
        assert ID_PATTERN.match(spec.id) and spec.id.startswith(spec.dimension.prefix)
        assert spec.doc and spec.remediation and spec.title and spec.weight > 0


def test_find_by_id_or_slug() -> None:
    assert find_check("doc001") is find_check("readme-substantive") is find_check("DOC001")
    assert find_check("nope") is None


def test_duplicate_or_malformed_declarations_are_refused() -> None:
    with pytest.raises(RegistryError):
        @check(id="DOC001", slug="another-slug", dimension=Dimension.DOCUMENTATION, title="t", remediation="r", effort=Effort.LOW, weight=1)
        def dup(facts) -> Verdict:
            """Doc."""
            return passed("x")

    with pytest.raises(RegistryError):
        @check(id="TST999", slug="wrong-prefix", dimension=Dimension.DOCUMENTATION, title="t", remediation="r", effort=Effort.LOW, weight=1)
        def wrong(facts) -> Verdict:
            """Doc."""
            return passed("x")

    with pytest.raises(RegistryError):
        @check(id="DOC998", slug="no-doc", dimension=Dimension.DOCUMENTATION, title="t", remediation="r", effort=Effort.LOW, weight=1)
        def undocumented(facts) -> Verdict:
            return passed("x")


def test_every_repo_check_passes_and_fails_somewhere_in_the_samples(sample_report) -> None:
    """The samples calibrate every check both ways (portfolio-scope checks are covered elsewhere)."""
    seen: dict[str, set[Status]] = {}
    for repo in sample_report.repos:
        for finding in repo.findings:
            seen.setdefault(finding.check_id, set()).add(finding.status)
    for spec in all_checks():
        if spec.scope != "repo":
            continue
        assert Status.PASS in seen[spec.id], f"{spec.id} never passes on the samples"
        assert Status.FAIL in seen[spec.id], f"{spec.id} never fails on the samples"
        assert Status.ERROR not in seen[spec.id], f"{spec.id} raised on a sample"
