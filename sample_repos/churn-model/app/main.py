"""HTTP service that serves churn predictions from the trained model."""

from pathlib import Path

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

from churn.features import build_features

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "model.joblib"
app = FastAPI(title="churn-model")
model = joblib.load(MODEL_PATH)


class Customer(BaseModel):
    """One customer's current state."""

    tenure_months: int = Field(ge=0)
    monthly_spend: float = Field(ge=0)
    support_tickets: int = Field(ge=0)
    plan: str


@app.get("/health")
def health() -> dict:
    """Liveness probe."""
    return {"status": "ok"}


@app.post("/predict")
def predict(customer: Customer) -> dict:
    """Probability that this customer cancels next month."""
    features = build_features(pd.DataFrame([customer.model_dump()]))
    return {"churn_probability": float(model.predict_proba(features)[0, 1])}
