"""The degree cost model: seed 001's figures as editable defaults, total cost and break-even years."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.advice.inputs import Background, DegreePlan
from readiness.models import CostLine

SEED = "seed-001"
ASSUMED = "readiness-assumptions"
INPUT = "input"


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure from a source, with what it is and the year the source gives."""

    amount: float
    basis: str
    source: str = SEED


TUITION = {
    "public": Figure(12_171, "average yearly graduate tuition at public institutions (in-state), 2018"),
    "private": Figure(27_776, "average yearly graduate tuition at private non-profit institutions, 2018"),
    "elite": Figure(52_000, "yearly tuition of Carnegie Mellon's ML master's before housing and fees (year not stated)"),
}
YEARS_FULL_TIME = Figure(2, "most programmes take about two years full-time")
HOUSING_PER_MONTH = Figure(1_000, "housing in a larger city, per month, when studying in person away from home")
US_AVERAGE_WAGE = Figure(58_260, "US average annual wage, BLS 2021")
SALARIES = {
    "ml-engineer": Figure(120_883, "Salary.com average US salary of an ML engineer (year not stated)"),
    "data-scientist": Figure(139_202, "Salary.com average US salary of a data scientist (year not stated)"),
    "data-engineer": Figure(112_896, "Salary.com average US salary of a data engineer (year not stated)"),
    "software-engineer": Figure(122_400, "Salary.com average US salary of a software engineer (year not stated)"),
}
PART_TIME_YEARS = 3.0
LOAN_YEARS = 10


@dataclass(frozen=True, slots=True)
class Estimate:
    """The cost lines, their total, break-even years and the assumptions behind them."""

    lines: tuple[CostLine, ...]
    total: float
    break_even_years: float | None
    assumptions: tuple[str, ...]


def money(amount: float) -> str:
    """$12,345."""
    return f"${amount:,.0f}"


def loan_interest(principal: float, rate: float, years: int) -> float:
    """Total interest on a loan repaid in equal monthly instalments (the standard amortisation formula)."""
    if principal <= 0 or rate <= 0:
        return 0.0
    monthly, months = rate / 12, years * 12
    payment = principal * monthly / (1 - (1 + monthly) ** -months)
    return round(payment * months - principal, 2)


def _tuition(plan: DegreePlan) -> Figure:
    """Yearly tuition: the candidate's figure, or the source's figure for the institution type (public by default)."""
    if plan.tuition_per_year is not None:
        return Figure(plan.tuition_per_year, "your yearly tuition", INPUT)
    return TUITION[plan.institution or "public"]


def current_pay(background: Background) -> Figure:
    """What the candidate earns now: their figure, 0 when they have no experience, else the US average wage."""
    if background.current_salary is not None:
        return Figure(background.current_salary, "your current salary", INPUT)
    if background.years_experience == 0:
        return Figure(0, "no current salary (no work experience given)", INPUT)
    if background.current_role in SALARIES:
        return SALARIES[background.current_role]
    return US_AVERAGE_WAGE


def duration(plan: DegreePlan) -> tuple[float, float]:
    """(full-time-equivalent years, calendar years of study)."""
    full = plan.years if plan.years is not None else YEARS_FULL_TIME.amount
    return full, (max(PART_TIME_YEARS, full) if plan.pace == "part-time" else full)


def relocating(plan: DegreePlan) -> bool:
    """Whether housing is counted: as given, else only for in-person study."""
    return plan.relocate if plan.relocate is not None else plan.modality == "in-person"


def _lines(plan: DegreePlan, background: Background) -> list[CostLine]:
    """Tuition, housing and lost income."""
    full, calendar = duration(plan)
    tuition = _tuition(plan)
    lines = [CostLine("tuition", round(tuition.amount * full, 2), f"{full:g} years × {money(tuition.amount)}: {tuition.basis}", tuition.source)]
    housing = Figure(plan.housing_per_month, "your monthly housing", INPUT) if plan.housing_per_month is not None else HOUSING_PER_MONTH
    if relocating(plan):
        lines.append(CostLine("housing", round(housing.amount * 12 * calendar, 2), f"{calendar:g} years × 12 months × {money(housing.amount)}: {housing.basis}", housing.source))
    else:
        lines.append(CostLine("housing", 0.0, "not relocating: no extra housing counted", INPUT if plan.relocate is not None or plan.modality else ASSUMED))
    if plan.pace == "part-time":
        lines.append(CostLine("lost income", 0.0, "part-time study: you keep working", INPUT))
    else:
        pay = current_pay(background)
        lines.append(CostLine("lost income", round(pay.amount * full, 2), f"{full:g} years × {money(pay.amount)}: {pay.basis}", pay.source))
    return lines


def _interest(plan: DegreePlan, lines: list[CostLine]) -> tuple[CostLine | None, str | None]:
    """The loan-interest line, or an assumption saying why none is counted."""
    if plan.loan_rate is None:
        return None, "No loan rate given, so no loan interest is counted (set --loan-rate or [degree] loan_rate)."
    borrowed = max(0.0, sum(l.amount for l in lines if l.label in ("tuition", "housing")) - (plan.budget or 0.0))
    years = plan.loan_years or LOAN_YEARS
    interest = loan_interest(borrowed, plan.loan_rate, years)
    basis = f"{money(borrowed)} borrowed at {plan.loan_rate:.2%} a year, repaid monthly over {years} years"
    return CostLine("loan interest", interest, basis, INPUT), None


def break_even(total: float, role_id: str, background: Background) -> tuple[float | None, str]:
    """Years of the salary difference needed to repay TOTAL, with the assumption stated."""
    salary = SALARIES.get(role_id)
    if salary is None:
        return None, "The sources give no salary for this track, so no break-even is computed."
    pay = current_pay(background)
    uplift = salary.amount - pay.amount
    if uplift <= 0:
        return None, f"Your current pay ({money(pay.amount)}) is not below the {money(salary.amount)} average, so there is no break-even."
    years = round(total / uplift, 1)
    note = (
        f"Break-even = total cost ÷ ({money(salary.amount)} {salary.basis} − {money(pay.amount)} {pay.basis}) = {years:g} years; "
        "it assumes the degree is what moves you into the role, which seed 001 says is not yet established."
    )
    return years, note


def estimate(plan: DegreePlan, background: Background, role_id: str) -> Estimate:
    """The cost model for PLAN: lines, total, break-even years and assumptions."""
    lines = _lines(plan, background)
    interest, no_rate = _interest(plan, lines)
    if interest is not None:
        lines.append(interest)
    total = round(sum(l.amount for l in lines), 2)
    years, note = break_even(total, role_id, background)
    assumptions = [
        "Figures are the sources' figures with their year (seed 001), not predictions of your costs or pay.",
        f"Pace {plan.pace or 'full-time'}, modality {plan.modality or 'not given'}; part-time study is taken as {PART_TIME_YEARS:g} years and tuition as two full-time-equivalent years.",
        note,
    ]
    if no_rate:
        assumptions.append(no_rate)
    return Estimate(tuple(lines), total, years, tuple(assumptions))
