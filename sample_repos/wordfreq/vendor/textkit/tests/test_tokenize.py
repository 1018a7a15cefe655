from textkit.tokenize import ngrams, tokenize


def test_lowercases():
    assert tokenize("Hello World") == ["hello", "world"]


def test_drops_punctuation():
    assert tokenize("a, b. c!") == ["a", "b", "c"]


def test_keeps_contractions():
    assert tokenize("don't") == ["don't"]


def test_drops_digits():
    assert tokenize("route 66") == ["route"]


def test_unicode_letters():
    assert tokenize("café naïve") == ["café", "naïve"]


def test_empty():
    assert tokenize("") == []


def test_bigrams():
    assert ngrams(["a", "b", "c"]) == [("a", "b"), ("b", "c")]


def test_trigrams():
    assert ngrams(["a", "b", "c"], 3) == [("a", "b", "c")]


def test_ngrams_too_short():
    assert ngrams(["a"], 2) == []


def test_whitespace_only():
    assert tokenize("   \n\t ") == []
