"""Training and time-ordered evaluation of the exceedance classifier."""

import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import TimeSeriesSplit

FEATURES = ["pm25", "wind", "temp", "humidity"]


def train_classifier(X, y, random_state: int = 0) -> GradientBoostingClassifier:
    """Fit the gradient-boosted classifier used for alerts."""
    return GradientBoostingClassifier(random_state=random_state).fit(X, y)


def evaluate(daily: pd.DataFrame, folds: int = 5) -> dict:
    """Mean F1 of the model and of a majority-class baseline over time-ordered folds."""
    daily = daily.sort_values("day")
    X, y = daily[FEATURES], daily["exceeds_tomorrow"]
    scores = {"model": [], "baseline": []}
    for train, test in TimeSeriesSplit(n_splits=folds).split(X):
        model = train_classifier(X.iloc[train], y.iloc[train])
        baseline = DummyClassifier(strategy="most_frequent").fit(X.iloc[train], y.iloc[train])
        scores["model"].append(f1_score(y.iloc[test], model.predict(X.iloc[test])))
        scores["baseline"].append(f1_score(y.iloc[test], baseline.predict(X.iloc[test]), zero_division=0))
    return {name: sum(values) / len(values) for name, values in scores.items()}
