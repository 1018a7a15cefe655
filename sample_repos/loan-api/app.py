"""Flask API serving the default-probability model."""

import pickle

import pandas as pd
from flask import Flask, jsonify, request

app = Flask(__name__)
MODEL = pickle.load(open("model.pkl", "rb"))
FIELDS = ["income", "amount", "term", "debt", "years_employed"]


@app.get("/")
def home():
    return "loan-api: POST an application to /predict"


@app.post("/predict")
def predict():
    row = pd.DataFrame([{k: request.json[k] for k in FIELDS}])
    return jsonify(default_probability=float(MODEL.predict_proba(row)[0, 1]))
