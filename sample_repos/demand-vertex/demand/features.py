"""Features for the demand model: calendar and weather, one row per station and day."""

import pandas as pd

FEATURES = ["station_id", "day_of_week", "month", "temp_max", "rain_mm", "rentals_last_week"]


def build_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Calendar features from the date, plus the weather and last week's rentals already in FRAME."""
    out = frame.copy()
    dates = pd.to_datetime(out["date"])
    out["day_of_week"] = dates.dt.dayofweek
    out["month"] = dates.dt.month
    return out[FEATURES]
