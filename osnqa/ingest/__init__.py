"""Reading documents into passages: extraction, structure, splitting."""

# Bumped whenever extraction, structure or splitting changes what a file becomes: an index
# built by another version re-reads every file (embeddings of unchanged text are reused).
INGEST_VERSION = 11
