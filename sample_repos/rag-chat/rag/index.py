"""Chunk PDFs and build a FAISS index of their embeddings."""

import faiss
import numpy as np
from pypdf import PdfReader
from sentence_transformers import SentenceTransformer

encoder = SentenceTransformer("all-MiniLM-L6-v2")


def chunks(path: str, size: int = 800) -> list[str]:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return [text[i : i + size] for i in range(0, len(text), size)]


def build(paths: list[str]):
    passages = [c for p in paths for c in chunks(p)]
    vectors = encoder.encode(passages, normalize_embeddings=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.asarray(vectors, dtype="float32"))
    return index, passages
