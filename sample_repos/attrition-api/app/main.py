"""HTTP service that serves attrition probabilities from the trained model."""

from pathlib import Path

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "attrition.joblib"
app = FastAPI(title="attrition-api")
model = joblib.load(MODEL_PATH)


class Employee(BaseModel):
    """The HR fields the model uses."""

    age: int = Field(ge=16, le=80)
    monthly_income: float = Field(ge=0)
    overtime: bool
    years_at_company: int = Field(ge=0)


@app.get("/health")
def health() -> dict:
    """Liveness probe for Cloud Run."""
    return {"status": "ok"}


@app.post("/predict")
def predict(employee: Employee) -> dict:
    """Probability that this employee leaves within a year."""
    row = pd.DataFrame([employee.model_dump()])
    return {"attrition_probability": float(model.predict_proba(row)[0, 1])}
