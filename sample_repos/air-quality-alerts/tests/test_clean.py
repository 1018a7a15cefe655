"""Cleaning removes re-uploads and impossible values and fills only short gaps."""

import pandas as pd

from airq.clean import clean_readings


def test_duplicates_and_impossible_values_are_removed():
    raw = pd.DataFrame({
        "station": ["centre"] * 4,
        "time": ["2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", "2026-01-01T01:00:00+00:00", "2026-01-01T02:00:00+00:00"],
        "pm25": [10.0, 10.0, -5.0, 14.0],
    })
    clean = clean_readings(raw)
    assert clean["pm25"].tolist() == [10.0, 12.0, 14.0]


def test_long_gaps_are_not_invented():
    times = pd.date_range("2026-01-01", periods=8, freq="1h", tz="UTC").astype(str)
    raw = pd.DataFrame({"station": "centre", "time": [times[0], times[7]], "pm25": [10.0, 20.0]})
    assert len(clean_readings(raw)) == 2
