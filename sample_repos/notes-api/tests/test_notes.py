from notes.app import app


def test_create_requires_title():
    response = app.test_client().post("/notes", json={"body": "no title"})
    assert response.status_code == 400


def test_create_then_list():
    client = app.test_client()
    created = client.post("/notes", json={"title": "milk", "body": "buy oat milk"})
    assert created.status_code == 201
    assert any(n["title"] == "milk" for n in client.get("/notes?q=oat").get_json())


def test_delete_missing_note_is_404():
    assert app.test_client().delete("/notes/999999").status_code == 404
