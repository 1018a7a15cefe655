"""Build the daily table from the raw files, evaluate, train on everything and save the model."""

import argparse
from pathlib import Path

import joblib
import pandas as pd

from airq.clean import clean_readings, daily_table
from airq.model import FEATURES, evaluate, train_classifier


def main() -> None:
    """Evaluate with time-ordered folds, then fit on all days and save."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw", type=Path, default=Path("data/raw"))
    parser.add_argument("--model", type=Path, default=Path("models/alert.joblib"))
    args = parser.parse_args()
    readings = pd.concat([pd.read_csv(p) for p in sorted(args.raw.glob("*_pm25.csv"))])
    weather = pd.concat([pd.read_csv(p) for p in sorted(args.raw.glob("*_weather.csv"))])
    daily = daily_table(clean_readings(readings), weather)
    print(evaluate(daily))
    args.model.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(train_classifier(daily[FEATURES], daily["exceeds_tomorrow"]), args.model)


if __name__ == "__main__":
    main()
