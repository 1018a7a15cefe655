"""Train the demand model on the joined table and save it to model/model.joblib."""

import argparse
from pathlib import Path

import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import mean_absolute_error

from demand.features import build_features


def train(data: Path, out: Path) -> float:
    """Fit on all but the last 60 days, report the held-out error, refit on everything and save."""
    frame = pd.read_csv(data, parse_dates=["date"]).sort_values("date")
    cutoff = frame["date"].max() - pd.Timedelta(days=60)
    train_rows, test_rows = frame[frame["date"] <= cutoff], frame[frame["date"] > cutoff]
    model = GradientBoostingRegressor(random_state=0)
    model.fit(build_features(train_rows), train_rows["rentals"])
    error = mean_absolute_error(test_rows["rentals"], model.predict(build_features(test_rows)))
    model.fit(build_features(frame), frame["rentals"])
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out)
    return error


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("data/sample.csv"))
    parser.add_argument("--out", type=Path, default=Path("model/model.joblib"))
    args = parser.parse_args()
    print(f"held-out MAE: {train(args.data, args.out):.1f}")
