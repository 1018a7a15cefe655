from vendor.textkit.tokenize import STOP_WORDS, ngrams, tokenize


def test_tokenize_splits_on_punctuation():
    assert tokenize("one,two;three") == ["one", "two", "three"]


def test_tokenize_lowercases():
    assert tokenize("ABC") == ["abc"]


def test_stop_words_contain_articles():
    assert {"the", "a", "an"} <= STOP_WORDS


def test_bigrams_of_three_tokens():
    assert len(ngrams(["x", "y", "z"])) == 2
