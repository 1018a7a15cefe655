"""Tests for the feature functions on a tiny hand-made frame."""

import pandas as pd

from energy.features import add_calendar_features, add_lags, daily_totals


def _readings() -> pd.DataFrame:
    stamps = pd.date_range("2024-01-06", periods=3 * 24 * 60, freq="min")
    return pd.DataFrame({"timestamp": stamps, "global_active_power": 1.0})


def test_daily_totals_are_kwh_per_day():
    daily = daily_totals(_readings())
    assert list(daily["kwh"]) == [24.0, 24.0, 24.0]


def test_weekend_flag():
    daily = add_calendar_features(daily_totals(_readings()))
    assert list(daily["is_weekend"]) == [True, True, False]


def test_lags_drop_incomplete_rows():
    daily = add_lags(daily_totals(_readings()), lags=(1,))
    assert len(daily) == 2 and daily["lag_1"].iloc[0] == 24.0
