import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.metrics import accuracy_score

from digits.features import to_vector
from digits.train import split, train_model


@pytest.fixture(scope="module")
def trained():
    x_train, x_test, y_train, y_test = split()
    return train_model(x_train, y_train), x_train, x_test, y_train, y_test


def test_to_vector_shape():
    assert to_vector(np.ones((8, 8))).shape == (1, 64)


def test_to_vector_scales_to_training_range():
    assert to_vector(np.eye(8) * 3).max() == pytest.approx(16)


def test_rejects_wrong_shape():
    with pytest.raises(ValueError):
        to_vector(np.ones((28, 28)))


def test_accuracy_beats_baseline(trained):
    model, x_train, x_test, y_train, y_test = trained
    baseline = DummyClassifier().fit(x_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(x_test))
    assert accuracy >= 0.9
    assert accuracy > accuracy_score(y_test, baseline.predict(x_test)) + 0.5


def test_prediction_invariant_to_brightness(trained):
    model, _, x_test, _, _ = trained
    image = x_test[0].reshape(8, 8)
    assert model.predict(to_vector(image)) == model.predict(to_vector(image * 0.5))
