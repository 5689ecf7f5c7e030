"""The index: embeddings, vector and lexical search, and the on-disk store."""
