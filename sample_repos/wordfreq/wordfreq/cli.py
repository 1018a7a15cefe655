"""Print the most common words of a text file."""

import argparse
from collections import Counter

from vendor.textkit.tokenize import STOP_WORDS, tokenize


def top_words(text: str, n: int = 10) -> list[tuple[str, int]]:
    """The N most common non-stop words of TEXT."""
    return Counter(w for w in tokenize(text) if w not in STOP_WORDS).most_common(n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    with open(args.path, encoding="utf-8") as handle:
        for word, count in top_words(handle.read(), args.top):
            print(f"{count:6d} {word}")


if __name__ == "__main__":
    main()
