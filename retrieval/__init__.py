"""Retrieval side of FlexRec: catalog, embeddings, the Chroma store, the retriever."""
