"""Requirement extraction: sections, alternatives, negations, degrees and years; posting input that cannot be used."""

from __future__ import annotations

import pytest

from readiness.advice.inputs import Background, DegreePlan
from readiness.advice.posting import extract
from readiness.advice.posting_guidance import degree_notes
from readiness.errors import InputError
from readiness.sources.posting import MAX_BYTES, Posting, decode_posting, html_to_text


def reqs(text: str) -> dict[str, str]:
    """requirement id -> importance for a plain-text posting."""
    return {r.id: r.importance for r in extract(Posting("test.txt", text)).requirements}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Experience with PyTorch or TensorFlow.", {"pytorch|tensorflow"}),
        ("Experience with PyTorch/TensorFlow.", {"pytorch|tensorflow"}),
        ("Experience with PyTorch, TensorFlow, or JAX.", {"pytorch|tensorflow|jax"}),
        ("Python, SQL and Spark.", {"python", "sql", "spark"}),
        ("Kubernetes, AWS or GCP.", {"kubernetes", "aws|gcp"}),
        ("A vector database such as Pinecone, Weaviate, Qdrant.", {"vector-databases"}),
        ("Pipelines with Airflow and dbt (Kafka, Spark).", {"airflow", "dbt", "kafka", "spark"}),
        ("Python or R, and SQL.", {"python|r", "sql"}),
    ],
)
def test_alternatives_are_one_requirement_and_lists_are_several(line: str, expected: set[str]) -> None:
    assert set(reqs(f"Requirements\n- {line}\n")) == expected


@pytest.mark.parametrize(
    "line",
    [
        "No Kubernetes experience needed.",
        "You don't need Kubernetes experience.",
        "Kubernetes is not required.",
        "Without prior Kubernetes knowledge is fine, we teach it.",
    ],
)
def test_negations_rule_a_skill_out(line: str) -> None:
    posting = extract(Posting("t.txt", f"Requirements\n- Python\n- {line}\n"))
    assert {r.id for r in posting.requirements} == {"python"}
    assert posting.excluded and posting.excluded[0].startswith("Kubernetes:")


def test_a_plus_but_not_required_is_nice_to_have() -> None:
    assert reqs("Requirements\n- Python\n- Kubernetes is a plus, not required\n") == {"python": "must", "kubernetes": "nice"}


def test_sections_decide_importance() -> None:
    text = (
        "Senior ML Engineer\n\nWe deploy models.\n\n## Responsibilities\n- Serve models with FastAPI\n\n"
        "Requirements:\n- Python and Docker\n\n**Nice to have**\n- Kubernetes\n- Bonus: Terraform\n\n"
        "## Benefits\n- AWS credits and a Spark summit ticket\n\nAbout us: we use Scala.\n"
    )
    assert reqs(text) == {"model-deployment": "must", "apis": "must", "python": "must", "docker": "must", "kubernetes": "nice", "terraform": "nice"}


def test_inline_cues_and_repeats() -> None:
    text = "Requirements\n- Python; experience with Spark is a plus\n- Strong SQL\n\nNice to have\n- SQL and Python tuning\n"
    assert reqs(text) == {"python": "must", "spark": "nice", "sql": "must"}


def test_a_degree_subject_is_not_a_skill_and_years_are_read() -> None:
    posting = extract(Posting("t.txt", "Requirements\n- MSc in Statistics or Machine Learning\n- 5+ years of professional experience with Python\n"))
    by_id = {r.id: r for r in posting.requirements}
    assert set(by_id) == {"degree", "years", "python"}
    assert by_id["degree"].label == "master's degree" and by_id["years"].label == "5+ years of experience"
    words = extract(Posting("t.txt", "Requirements\n- At least three years of experience building data pipelines\n"))
    assert {r.label for r in words.requirements} == {"3+ years of experience", "data pipelines / ETL"}


def test_degree_requirements_and_the_credential_flag() -> None:
    strict = extract(Posting("t.txt", "Requirements\n- PhD in Computer Science\n- Python\n"))
    plan, notes = degree_notes(strict, Background(), DegreePlan())
    assert plan.credential_required is True and "required credential" in notes[0]
    assert degree_notes(strict, Background(stem_degree=True), DegreePlan())[0].credential_required is None
    assert degree_notes(strict, Background(), DegreePlan(credential_required=False))[0].credential_required is False
    lenient = extract(Posting("t.txt", "Requirements\n- BS in Computer Science or equivalent practical experience\n- Python\n"))
    assert lenient.requirements[0].label == "bachelor's degree or equivalent experience"
    assert degree_notes(lenient, Background(), DegreePlan())[0].credential_required is None
    nice = extract(Posting("t.txt", "Requirements\n- Python\n\nPreferred\n- PhD\n"))
    assert degree_notes(nice, Background(), DegreePlan())[0].credential_required is None


def test_ambiguous_short_words_are_not_skills() -> None:
    assert reqs("Requirements\n- Go beyond the obvious with Python\n- R&D mindset\n") == {"python": "must"}
    assert reqs("Requirements\n- Go and R\n") == {"go": "must", "r": "must"}


def test_title_and_role() -> None:
    posting = extract(Posting("t.md", "# Senior Data Engineer\n\nRequirements\n- Spark\n"))
    assert (posting.title, posting.role) == ("Senior Data Engineer", "data-engineer")
    assert extract(Posting("t.md", "# Research Scientist, Vision\n\n- PyTorch\n")).role == "research"


def test_html_is_reduced_to_visible_text_without_running_anything() -> None:
    page = (
        "<html><head><title>Job &amp; more</title><style>.x{color:red}</style>"
        "<script>document.write('<li>Kubernetes</li>')</script></head><body><nav>Home</nav>"
        "<h1>ML Engineer</h1><h2>Requirements</h2><ul><li>PyTorch &amp; Docker<li>SQL</ul>"
        "<!-- <li>Java</li> --><noscript>Spark</noscript><p>Caf&eacute; <b>culture</b></p></body></html>"
    )
    text, title = html_to_text(page)
    assert title == "ML Engineer"
    assert text.splitlines() == ["# ML Engineer", "", "## Requirements", "", "- PyTorch & Docker", "- SQL", "", "Café culture"]
    assert "Kubernetes" not in text and "Java" not in text and "Spark" not in text and "Home" not in text


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><h2>Requirements<ul><li>Python<li>Docker</div></span></body>",
        "<p>Requirements</p><ul><li>Python</li><li>Docker <b>and <i>more</li></ul><!-- unterminated comment",
        "<!DOCTYPE html><p>Requirements: Python, Docker<![CDATA[ x ]]><?php echo 1 ?></p><div <p>",
    ],
)
def test_malformed_html_is_read_as_far_as_it_goes(page: str) -> None:
    posting = decode_posting(page.encode(), "bad.html")
    assert {"python", "docker"} <= {r.id for r in extract(posting).requirements}


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "the posting is empty"),
        (b"  \n\t\n", "the posting is empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file"),
        (b"x" * (MAX_BYTES + 1), "larger than 1024 KiB"),
        (b"<html><body><script>var a = 1;</script></body></html>", "no visible text"),
    ],
)
def test_unusable_input_is_one_clear_error(data: bytes, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        decode_posting(data, "posting.txt")


@pytest.mark.parametrize(
    "text",
    [
        "Wir suchen eine:n Machine Learning Engineer (m/w/d). Deine Aufgaben: Du entwickelst Modelle mit PyTorch und bringst sie "
        "mit Docker in Produktion. Dein Profil: Erfahrung mit Python, SQL und Kubernetes; ein abgeschlossenes Studium der Informatik.",
        "我们正在招聘机器学习工程师。职责：使用 PyTorch 训练模型，并用 Docker 部署到生产环境。要求：熟悉 Python 和 SQL，三年以上相关工作经验。",
    ],
)
def test_a_posting_in_another_language_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="not English|does not look like English"):
        extract(Posting("stelle.txt", text))


def test_a_posting_with_nothing_known_is_refused() -> None:
    with pytest.raises(InputError, match="found no requirement"):
        extract(Posting("p.txt", "We are a friendly team looking for a great colleague to join us in our office.\n"))
