"""Train the classifier, export it to ONNX and upload it to the Hugging Face Hub."""

from huggingface_hub import upload_file
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split


def split(seed: int = 0):
    """The 75/25 split used for training and for the tests."""
    digits = load_digits()
    return train_test_split(digits.data, digits.target, test_size=0.25, random_state=seed, stratify=digits.target)


def train_model(x_train, y_train) -> LogisticRegression:
    return LogisticRegression(max_iter=2000).fit(x_train, y_train)


def main() -> None:
    x_train, _, y_train, _ = split()
    model = train_model(x_train, y_train)
    onnx_model = convert_sklearn(model, initial_types=[("input", FloatTensorType([None, 64]))])
    with open("model.onnx", "wb") as out:
        out.write(onnx_model.SerializeToString())
    upload_file(path_or_fileobj="model.onnx", path_in_repo="model.onnx", repo_id="ada-learner/digits-onnx")


if __name__ == "__main__":
    main()
