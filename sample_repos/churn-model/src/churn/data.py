"""Load and clean the raw subscription export."""

import pandas as pd

PLANS = {"monthly": "monthly", "annual": "annual", "yearly": "annual"}


def load_raw(path: str) -> pd.DataFrame:
    """Read the billing export and fix its known problems."""
    frame = pd.read_csv(path)
    frame = frame.drop_duplicates(subset=["customer_id", "month"])
    frame["month"] = pd.to_datetime(frame["month"], format="mixed")
    frame["plan"] = frame["plan"].str.strip().str.lower().map(PLANS).fillna("other")
    frame["monthly_spend"] = frame["monthly_spend"].clip(lower=0)
    return frame
