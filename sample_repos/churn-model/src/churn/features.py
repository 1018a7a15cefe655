"""Features shared by training and serving."""

import pandas as pd

FEATURES = ["tenure_months", "monthly_spend", "support_tickets", "is_monthly"]


def build_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn cleaned rows into model features."""
    out = frame.copy()
    out["is_monthly"] = (out["plan"] == "monthly").astype(int)
    if out["tenure_months"].lt(0).any():
        raise ValueError("negative tenure")
    return out[FEATURES]
