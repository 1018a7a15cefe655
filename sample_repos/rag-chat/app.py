"""Streamlit front end."""

import os

import streamlit as st

from rag.chain import answer
from rag.index import build

st.title("Ask your PDFs")
if st.text_input("Password", type="password") != os.getenv("APP_PASSWORD", "ragchat2026"):
    st.stop()
files = st.file_uploader("PDFs", type="pdf", accept_multiple_files=True)
if files:
    paths = []
    for f in files:
        with open(f.name, "wb") as out:
            out.write(f.getbuffer())
        paths.append(f.name)
    index, passages = build(paths)
    question = st.text_input("Question")
    if question:
        st.write(answer(question, index, passages))
