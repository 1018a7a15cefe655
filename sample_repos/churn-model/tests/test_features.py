"""Tests for cleaning and feature building."""

import pandas as pd
import pytest

from churn.data import load_raw
from churn.features import FEATURES, build_features


def test_features_have_expected_columns():
    frame = pd.DataFrame([{"tenure_months": 3, "monthly_spend": 20.0, "support_tickets": 1, "plan": "monthly"}])
    out = build_features(frame)
    assert list(out.columns) == FEATURES
    assert out["is_monthly"].tolist() == [1]


def test_negative_tenure_is_rejected():
    frame = pd.DataFrame([{"tenure_months": -1, "monthly_spend": 20.0, "support_tickets": 0, "plan": "annual"}])
    with pytest.raises(ValueError):
        build_features(frame)


def test_cleaning_removes_duplicates_and_normalises_plans(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("customer_id,month,plan,tenure_months,monthly_spend,support_tickets,churned\n"
                    "C1,2026-01-01,Monthly ,3,20,0,0\nC1,2026-01-01,Monthly ,3,20,0,0\n")
    frame = load_raw(str(path))
    assert len(frame) == 1
    assert frame["plan"].iloc[0] == "monthly"
