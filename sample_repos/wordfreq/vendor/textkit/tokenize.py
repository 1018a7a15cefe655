"""Tokenizer from textkit 0.4.2 (MIT), vendored unchanged."""

import re

STOP_WORDS = frozenset({"the", "a", "an", "and", "or", "of", "to", "in", "is", "it"})
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def tokenize(text: str) -> list[str]:
    return [m.group(0).lower() for m in WORD.finditer(text)]


def ngrams(tokens: list[str], n: int = 2) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
