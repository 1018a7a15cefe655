"""Flask routes: create, list, search and delete notes."""

from flask import Flask, abort, jsonify, request

from notes.models import Note, db

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///notes.db"
db.init_app(app)
with app.app_context():
    db.create_all()


@app.get("/notes")
def list_notes():
    query = request.args.get("q", "")
    notes = Note.query.filter(Note.title.contains(query) | Note.body.contains(query)).all()
    return jsonify([n.as_dict() for n in notes])


@app.post("/notes")
def create_note():
    payload = request.get_json(silent=True) or {}
    if not payload.get("title"):
        abort(400, "title is required")
    note = Note(title=payload["title"], body=payload.get("body", ""))
    db.session.add(note)
    db.session.commit()
    return jsonify(note.as_dict()), 201


@app.delete("/notes/<int:note_id>")
def delete_note(note_id: int):
    note = db.get_or_404(Note, note_id)
    db.session.delete(note)
    db.session.commit()
    return "", 204
