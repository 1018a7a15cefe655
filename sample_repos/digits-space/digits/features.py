"""Turn a drawing into the 64 features the model expects."""

import numpy as np


def to_vector(image: np.ndarray) -> np.ndarray:
    """Scale an 8x8 grey image to the 0-16 range of the training data and flatten it."""
    image = np.asarray(image, dtype=np.float32)
    if image.shape != (8, 8):
        raise ValueError(f"expected an 8x8 image, got {image.shape}")
    peak = image.max()
    scaled = image / peak * 16 if peak > 0 else image
    return scaled.reshape(1, 64)
