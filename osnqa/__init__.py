"""osnqa: question answering over a Swedish nämnd's board documents, with exact citations."""

__version__ = "0.1.0"
