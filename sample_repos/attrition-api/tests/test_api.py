"""The API answers with a probability and validates its input."""

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_predict_returns_a_probability() -> None:
    response = client.post("/predict", json={"age": 34, "monthly_income": 5200, "overtime": True, "years_at_company": 3})
    assert response.status_code == 200
    assert 0.0 <= response.json()["attrition_probability"] <= 1.0


def test_negative_income_is_rejected() -> None:
    response = client.post("/predict", json={"age": 34, "monthly_income": -1, "overtime": False, "years_at_company": 3})
    assert response.status_code == 422
