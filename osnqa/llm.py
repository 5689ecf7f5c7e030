"""Optional generative answers through an OpenAI-compatible chat endpoint (a local Ollama or
llama.cpp server, say). The model sees only the retrieved passages; every quote it makes is
checked against the source text, and one that cannot be found there is dropped and flagged.
Citations always come from passage offsets, never from the generated text."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from .answer import NOT_IN_DOCUMENTS, Answer, Citation
from .errors import OsnqaError
from .models import Passage
from .search import Filters, Searcher

SYSTEM = (
    "Du svarar på frågor om en kommunal nämnds dokument. Använd bara de numrerade utdragen nedan, "
    "aldrig egna kunskaper. Svara kort på svenska. Hänvisa till utdragen med [n]. Citera ordagrant "
    "inom citattecken “…” när du återger siffror eller formuleringar. Om utdragen inte besvarar frågan, "
    "svara exakt: Det står inte i underlaget."
)
REF_RE = re.compile(r"\[(\d{1,2})\]")
QUOTE_RE = re.compile(r"[“\"]([^“”\"]{8,400})[”\"]")
TOP = 6


@dataclass
class LlmAnswer(Answer):
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["mode"] = "llm"
        data["flags"] = self.flags
        return data


def _post(url: str, payload: dict, timeout: float) -> dict:
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/chat/completions"):
        endpoint += "/v1/chat/completions" if not endpoint.endswith("/v1") else "/chat/completions"
    request = urllib.request.Request(endpoint, data=json.dumps(payload).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise OsnqaError(f"språkmodellen på {url} svarar inte ({exc}) – kontrollera adressen eller fråga utan --llm") from exc
    except ValueError as exc:
        raise OsnqaError(f"språkmodellen på {url} gav ett svar som inte är JSON – är det en OpenAI-kompatibel tjänst?") from exc


def locate(quote: str, passage: Passage) -> Citation | None:
    """The exact slice of the passage that a quote reproduces (whitespace may differ)."""
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, passage.text)
    if not m:
        return None
    text = passage.text[: m.start()]
    src = passage.source
    line = src.line_start + text.count("\n")
    source = type(src)(**{**src.to_dict(), "start": src.start + m.start(), "end": src.start + m.end(),
                           "line_start": line, "line_end": line + m.group(0).count("\n")})
    return Citation(m.group(0), source)


class LlmAnswerer:
    def __init__(self, searcher: Searcher, url: str, model: str = "local", timeout: float = 120.0):
        self.searcher = searcher
        self.url = url
        self.model = model
        self.timeout = timeout

    def ask(self, question: str, filters: Filters | None = None) -> LlmAnswer:
        hits = self.searcher.search(question, k=TOP, filters=filters).hits
        if not hits:
            return LlmAnswer(question, NOT_IN_DOCUMENTS, True, 0.0)
        context = "\n\n".join(f"[{n}] ({h.passage.source.file}, {h.passage.source.part}, {h.passage.source.year})\n"
                              f"{h.passage.text}" for n, h in enumerate(hits, start=1))
        payload = {"model": self.model, "temperature": 0,
                   "messages": [{"role": "system", "content": SYSTEM},
                                {"role": "user", "content": f"Utdrag:\n{context}\n\nFråga: {question}"}]}
        data = _post(self.url, payload, self.timeout)
        try:
            text = data["choices"][0]["message"]["content"].strip()
        except (KeyError, IndexError, TypeError) as exc:
            raise OsnqaError(f"språkmodellen på {self.url} gav inget svar i väntat format (choices[0].message.content)") from exc
        return self._check(question, text, [h.passage for h in hits])

    def _check(self, question: str, text: str, passages: list[Passage]) -> LlmAnswer:
        flags: list[str] = []
        refs = [int(n) for n in REF_RE.findall(text)]
        valid = [n for n in dict.fromkeys(refs) if 1 <= n <= len(passages)]
        for n in dict.fromkeys(refs):
            if n not in valid:
                flags.append(f"hänvisning [{n}] finns inte bland utdragen – borttagen")
                text = text.replace(f"[{n}]", "")
        citations: list[Citation] = []
        for m in list(QUOTE_RE.finditer(text)):
            quote = m.group(1)
            pool = [passages[n - 1] for n in valid] or passages
            found = next((c for c in (locate(quote, p) for p in pool) if c), None)
            if not found:
                found = next((c for c in (locate(quote, p) for p in passages) if c), None)
            if found:
                citations.append(found)
            else:
                flags.append(f"citatet “{quote}” finns inte i källorna – borttaget")
                text = text.replace(m.group(0), "[overifierat citat borttaget]")
        for n in valid:
            p = passages[n - 1]
            if not any(c.source.file == p.source.file and p.source.start <= c.source.start < p.source.end
                       for c in citations):
                citations.append(Citation(p.text, p.source))
        abstained = text.startswith(NOT_IN_DOCUMENTS) or (not valid and not citations)
        confidence = 0.0 if abstained else (0.5 if flags else 0.7)
        return LlmAnswer(question, " ".join(text.split()), abstained, confidence, citations, flags=flags)
