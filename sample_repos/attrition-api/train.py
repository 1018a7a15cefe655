"""Train the attrition model and save it to models/attrition.joblib."""

import argparse
from pathlib import Path

import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

COLUMNS = ["age", "monthly_income", "overtime", "years_at_company"]

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    frame = pd.read_csv(args.data)
    frame["overtime"] = frame["OverTime"].eq("Yes")
    frame = frame.rename(columns={"Age": "age", "MonthlyIncome": "monthly_income", "YearsAtCompany": "years_at_company"})
    x_train, x_test, y_train, y_test = train_test_split(frame[COLUMNS], frame["Attrition"].eq("Yes"), random_state=0, stratify=frame["Attrition"])
    model = LogisticRegression(max_iter=1000).fit(x_train, y_train)
    print(f"held-out accuracy: {model.score(x_test, y_test):.3f}")
    joblib.dump(model, Path("models/attrition.joblib"))
