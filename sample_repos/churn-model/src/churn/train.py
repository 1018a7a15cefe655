"""Train the churn model and save it to models/model.joblib."""

import argparse

import joblib
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import GridSearchCV

from churn.data import load_raw
from churn.features import build_features


def split_by_time(frame, months=2):
    """Hold out the last MONTHS months."""
    cutoff = frame["month"].max() - __import__("pandas").DateOffset(months=months)
    return frame[frame["month"] <= cutoff], frame[frame["month"] > cutoff]


def main() -> None:
    """Train, compare with a baseline, save."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/raw/subscriptions_sample.csv")
    args = parser.parse_args()
    frame = load_raw(args.data)
    train, test = split_by_time(frame)
    search = GridSearchCV(GradientBoostingClassifier(random_state=42), {"max_depth": [2, 3]}, scoring="roc_auc", cv=3)
    search.fit(build_features(train), train["churned"])
    baseline = DummyClassifier().fit(build_features(train), train["churned"])
    for name, model in (("baseline", baseline), ("gbm", search.best_estimator_)):
        scores = model.predict_proba(build_features(test))[:, 1]
        print(name, roc_auc_score(test["churned"], scores), f1_score(test["churned"], scores > 0.5))
    joblib.dump(search.best_estimator_, "models/model.joblib")


if __name__ == "__main__":
    main()
