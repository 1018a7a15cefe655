"""Train the default model on the sample export and pickle it to model.pkl."""

import pickle

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

FIELDS = ["income", "amount", "term", "debt", "years_employed"]

frame = pd.read_csv("data/loans_sample.csv")
train, test = train_test_split(frame, test_size=0.25, random_state=7, stratify=frame["defaulted"])
model = LogisticRegression(max_iter=1000).fit(train[FIELDS], train["defaulted"])
print("ROC AUC", roc_auc_score(test["defaulted"], model.predict_proba(test[FIELDS])[:, 1]))
with open("model.pkl", "wb") as out:
    pickle.dump(model, out)
