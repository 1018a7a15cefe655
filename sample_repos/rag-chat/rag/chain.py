"""Answer a question from retrieved passages."""

import os

from dotenv import load_dotenv
from openai import OpenAI

from rag.index import encoder

load_dotenv()
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])


def answer(question: str, index, passages: list[str], k: int = 4) -> str:
    query = encoder.encode([question], normalize_embeddings=True)
    _, ids = index.search(query, k)
    context = "\n\n".join(passages[i] for i in ids[0])
    reply = client.chat.completions.create(
        model=os.environ.get("MODEL", "gpt-4o-mini"),
        messages=[{"role": "system", "content": "Answer from the context and cite it."},
                  {"role": "user", "content": f"Context:\n{context}\n\nQuestion: {question}"}],
    )
    return reply.choices[0].message.content
