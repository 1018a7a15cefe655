"""The features the model sees."""

import pandas as pd

from demand.features import FEATURES, build_features


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"date": ["2025-06-02", "2025-12-25"], "station_id": [3, 7], "temp_max": [24.0, 3.5], "rain_mm": [0.0, 4.2], "rentals_last_week": [51, 9]})


def test_calendar_features_come_from_the_date() -> None:
    out = build_features(_frame())
    assert list(out["day_of_week"]) == [0, 3]
    assert list(out["month"]) == [6, 12]


def test_only_the_model_features_are_kept_in_order() -> None:
    assert list(build_features(_frame()).columns) == FEATURES
