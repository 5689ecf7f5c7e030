"""A small thesaurus of how a nämnd's documents say what users ask in everyday words.

"Hur går det ekonomiskt?" is answered by sentences about resultat, avvikelse mot
budgetramen, överskott and underskott, none of which says "ekonomiskt"."""

from __future__ import annotations

EXPANSIONS = {
    "ekonomisk": "resultat avvikelse budgetramen överskott underskott prognos",
    "ekonomi": "resultat avvikelse budgetramen överskott underskott prognos",
    "pengar": "kostnader miljoner kronor budget",
    "kostar": "kostnader kostnad",
    "personal": "medarbetare",
    "anställda": "medarbetare",
    "sjuk": "sjukfrånvaro",
    "sjukskrivningar": "sjukfrånvaro",
    "app": "applikation",
    "appen": "applikationen",
    "mat": "måltid livsmedel",
    "matsvinn": "måltidssvinn",
    # a review's overall judgement, as reviews word it
    "helhetsomdöme": "samlade sammanvägda bedömningen",
    "omdöme": "bedömningen",
}


def expand(tokens: list[str], stem) -> list[str]:
    """Extra lexical query tokens for the everyday words among `tokens` (already stemmed)."""
    extra: list[str] = []
    keys = {stem(k): v for k, v in EXPANSIONS.items()}
    for tok in tokens:
        if tok in keys:
            extra.extend(stem(w) for w in keys[tok].split())
    return [t for t in dict.fromkeys(extra) if t not in tokens]


# Everyday phrases and the words the documents use for them.
PHRASES = {
    r"\bligger efter\b|\bhalkat efter\b|\bsenare än planerat\b": "försenade försenat försening",
    r"\bgår (dåligt|back)\b": "underskott negativ avvikelse",
    r"\bgår (bra|plus)\b": "överskott positiv avvikelse",
    r"\bpå gång\b|\bhur långt har\b": "pågår enligt plan",
}


def phrase_terms(question: str, stem) -> list[str]:
    import re

    extra: list[str] = []
    for pattern, words in PHRASES.items():
        if re.search(pattern, question, re.IGNORECASE):
            extra.extend(stem(w) for w in words.split())
    return list(dict.fromkeys(extra))


# Swedish parties as minutes write them: "Sidney Holm (MP)" speaks for Miljöpartiet.
PARTIES = {
    "socialdemokrat": "S", "moderat": "M", "sverigedemokrat": "SD", "centerparti": "C", "vänsterparti": "V",
    "kristdemokrat": "KD", "liberal": "L", "miljöparti": "MP",
}


def party_mark(name: str) -> str | None:
    """"(MP)" for "Miljöpartiets", "(S)" for "Socialdemokraterna"; None for other names."""
    lowered = name.lower()
    for stem, short in PARTIES.items():
        if lowered.startswith(stem):
            return f"({short})"
    return None
