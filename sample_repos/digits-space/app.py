"""Gradio app: draw a digit, get the model's guess."""

import gradio as gr
import numpy as np
import onnxruntime as ort
from huggingface_hub import hf_hub_download

from digits.features import to_vector

SESSION = ort.InferenceSession(hf_hub_download(repo_id="ada-learner/digits-onnx", filename="model.onnx"))


def guess(image: np.ndarray) -> str:
    small = np.asarray(gr.processing_utils.resize_and_crop(image, (8, 8)))
    label = SESSION.run(None, {"input": to_vector(small)})[0][0]
    return f"I think this is a {label}"


gr.Interface(fn=guess, inputs=gr.Sketchpad(), outputs="text", title="Digits").launch()
