"""The training helper works on any tabular data; iris keeps this smoke test download-free."""

from sklearn.datasets import load_iris

from airq.model import train_classifier


def test_train_classifier_fits_and_predicts_known_classes():
    X, y = load_iris(return_X_y=True)
    model = train_classifier(X, y)
    assert set(model.predict(X[:10])) <= {0, 1, 2}
    assert model.score(X, y) > 0.9
