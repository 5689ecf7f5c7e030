"""YAML front matter of a Markdown export: the `---` block at the top of a file, read as
flat `key: value` pairs (the block is metadata, never indexed as text)."""

from __future__ import annotations

import re

from .lines import Line

FENCE_RE = re.compile(r"^\ufeff?---\s*$")
END_RE = re.compile(r"^(?:---|\.\.\.)\s*$")
PAIR_RE = re.compile(r"^([A-Za-zÅÄÖåäö_][\wÅÄÖåäö\- ]{0,40}?)\s*:\s*(.*)$")
ITEM_RE = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")
MAX_LINES = 80


def _value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    return raw.strip()


def front_matter(lines: list[Line]) -> tuple[dict[str, str], set[int]]:
    """The front matter's pairs (keys lower-cased; a list's items joined by ", ") and the
    indices of the block's lines, fences included; ({}, set()) when the file has none."""
    first = next((l for l in lines if not l.blank), None)
    if first is None or first.idx != 0 or not FENCE_RE.match(first.text):
        return {}, set()
    pairs: dict[str, str] = {}
    key = None
    for line in lines[1:MAX_LINES]:
        if END_RE.match(line.text):
            return pairs, set(range(0, line.idx + 1))
        m = PAIR_RE.match(line.text)
        if m and not line.text.startswith((" ", "\t")):
            key = m.group(1).strip().lower()
            pairs[key] = _value(m.group(2))
            continue
        item = ITEM_RE.match(line.text)
        if item and key is not None:
            value = _value(item.group(1) or item.group(2) or "")
            pairs[key] = f"{pairs[key]}, {value}" if pairs.get(key) else value
            continue
        if line.blank or line.stripped.startswith("#"):
            continue
        if key is not None and line.text.startswith((" ", "\t")):  # a folded value
            pairs[key] = f"{pairs[key]} {line.stripped}".strip()
            continue
        return {}, set()  # not YAML after all: a horizontal rule opening the text
    return {}, set()


def pick(pairs: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        value = pairs.get(key)
        if value and value.lower() not in ("null", "none", "~"):
            return value
    return None
