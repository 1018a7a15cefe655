"""The degree cost model against hand-computed cases (figures from seed 001)."""

from __future__ import annotations

import pytest

from readiness.advice.costs import estimate, loan_interest
from readiness.advice.inputs import Background, DegreePlan


def _amounts(result) -> dict[str, float]:
    return {line.label: line.amount for line in result.lines}


def test_loan_interest_matches_the_amortisation_formula() -> None:
    # $10,000 at 6% for 10 years: 120 payments of $111.0205 = $13,322.46, so $3,322.46 of interest.
    assert loan_interest(10_000, 0.06, 10) == pytest.approx(3322.46, abs=0.01)
    assert loan_interest(0, 0.06, 10) == 0.0 and loan_interest(5_000, 0.0, 10) == 0.0


@pytest.mark.parametrize(
    ("plan", "background", "role", "amounts", "total", "years"),
    [
        # Public in-state, full-time, in person (relocating by default), no job: 2 × 12,171 + 24 × 1,000.
        (DegreePlan(pace="full-time", modality="in-person"), Background(years_experience=0), "ml-engineer",
         {"tuition": 24_342, "housing": 24_000, "lost income": 0}, 48_342, round(48_342 / 120_883, 1)),
        # Private non-profit, full-time online, three years' experience at the US average wage of $58,260 (2021).
        (DegreePlan(pace="full-time", modality="online", institution="private"), Background(years_experience=3), "data-scientist",
         {"tuition": 55_552, "housing": 0, "lost income": 116_520}, 172_072, round(172_072 / (139_202 - 58_260), 1)),
        # Part-time keeps the job; relocating part-time takes 3 years of housing.
        (DegreePlan(pace="part-time", modality="hybrid", relocate=True), Background(years_experience=5), "data-engineer",
         {"tuition": 24_342, "housing": 36_000, "lost income": 0}, 60_342, round(60_342 / (112_896 - 58_260), 1)),
        # Elite, $20,000 of savings, the rest borrowed at 6% over 10 years: 108,000 borrowed.
        (DegreePlan(pace="full-time", modality="in-person", institution="elite", budget=20_000, loan_rate=0.06), Background(current_salary=0), "software-engineer",
         {"tuition": 104_000, "housing": 24_000, "lost income": 0, "loan interest": loan_interest(108_000, 0.06, 10)},
         128_000 + loan_interest(108_000, 0.06, 10), round((128_000 + loan_interest(108_000, 0.06, 10)) / 122_400, 1)),
        # Your own tuition and duration.
        (DegreePlan(pace="full-time", modality="online", tuition_per_year=10_000, years=1.5), Background(current_salary=40_000), "ml-engineer",
         {"tuition": 15_000, "housing": 0, "lost income": 60_000}, 75_000, round(75_000 / (120_883 - 40_000), 1)),
    ],
)
def test_hand_computed_costs(plan, background, role, amounts, total, years) -> None:
    result = estimate(plan, background, role)
    assert _amounts(result) == pytest.approx(amounts)
    assert result.total == pytest.approx(total)
    assert result.break_even_years == years


def test_loan_interest_line_says_what_was_borrowed() -> None:
    result = estimate(DegreePlan(pace="full-time", modality="in-person", institution="elite", budget=20_000, loan_rate=0.06), Background(), "ml-engineer")
    line = next(l for l in result.lines if l.label == "loan interest")
    assert line.basis.startswith("$108,000 borrowed at 6.00% a year") and line.source == "input"
    assert line.amount == pytest.approx(35_883, abs=1)


def test_no_break_even_without_a_salary_or_a_pay_rise() -> None:
    research = estimate(DegreePlan(), Background(), "research")
    assert research.break_even_years is None and any("no salary" in a for a in research.assumptions)
    well_paid = estimate(DegreePlan(), Background(current_salary=150_000), "ml-engineer")
    assert well_paid.break_even_years is None and any("no break-even" in a for a in well_paid.assumptions)


def test_figures_are_shown_as_the_sources_figures_with_their_year() -> None:
    result = estimate(DegreePlan(pace="full-time", modality="in-person"), Background(years_experience=2), "ml-engineer")
    bases = {line.label: (line.basis, line.source) for line in result.lines}
    assert "2018" in bases["tuition"][0] and bases["tuition"][1] == "seed-001"
    assert "BLS 2021" in bases["lost income"][0] and bases["lost income"][1] == "seed-001"
    assert "$1,000" in bases["housing"][0]
    assert any("not predictions" in a for a in result.assumptions)
    assert any("No loan rate given" in a for a in result.assumptions)
