"""Daily totals, calendar features and lags for household power readings."""

from __future__ import annotations

import pandas as pd


def daily_totals(readings: pd.DataFrame) -> pd.DataFrame:
    """Sum minute-level kW readings into daily kWh (one reading per minute)."""
    frame = readings.set_index("timestamp")["global_active_power"].resample("D").sum() / 60
    return frame.rename("kwh").to_frame().rename_axis("date")


def add_calendar_features(daily: pd.DataFrame) -> pd.DataFrame:
    """Weekday, month and a weekend flag from the date index."""
    out = daily.copy()
    out["weekday"] = out.index.dayofweek
    out["month"] = out.index.month
    out["is_weekend"] = out["weekday"] >= 5
    return out


def add_lags(daily: pd.DataFrame, lags: tuple[int, ...] = (1, 7)) -> pd.DataFrame:
    """Previous days' consumption as features; rows without a full history are dropped."""
    out = daily.copy()
    for lag in lags:
        out[f"lag_{lag}"] = out["kwh"].shift(lag)
    return out.dropna()
