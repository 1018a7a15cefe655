"""The API answers with a probability."""

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_health():
    assert client.get("/health").json() == {"status": "ok"}


def test_predict_returns_probability():
    body = {"tenure_months": 7, "monthly_spend": 39.0, "support_tickets": 2, "plan": "monthly"}
    response = client.post("/predict", json=body)
    assert response.status_code == 200
    assert 0.0 <= response.json()["churn_probability"] <= 1.0


def test_more_tickets_do_not_lower_risk():
    calm = {"tenure_months": 7, "monthly_spend": 39.0, "support_tickets": 0, "plan": "monthly"}
    angry = dict(calm, support_tickets=5)
    low = client.post("/predict", json=calm).json()["churn_probability"]
    high = client.post("/predict", json=angry).json()["churn_probability"]
    assert high >= low
