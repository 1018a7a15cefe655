from app import app


def test_home():
    app.test_client().get("/")


def test_predict_runs():
    client = app.test_client()
    client.post("/predict", json={"income": 52000, "amount": 9000, "term": 36, "debt": 4000, "years_employed": 3})


def test_todo():
    pass
