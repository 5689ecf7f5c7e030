"""Lexical index: BM25 over Swedish-stemmed words in SQLite FTS5.

Words are stemmed with the Swedish Snowball stemmer and Swedish stopwords dropped before
they reach FTS5; identifiers and numbers ("OSN-2024-00720", "9:9", "7,65") are kept whole,
and their parts are indexed too, so "2024" still finds the diarienummer.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from ..ingest.text_utils import dehyphenate, strip_tags

# Snowball's Swedish stopword list.
STOPWORDS = frozenset("""
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
vilket sitta sådana vart dina vars vårt våra ert era vilkas
""".split())

# Bumped whenever tokenize() changes what it emits: an index built otherwise must be rebuilt.
LEXICAL_VERSION = 10

TOKEN_RE = re.compile(r"\w+(?:[-:,./]\w+)*", re.UNICODE)
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '-:,./'"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("swedish")


DEFINITE_ET = frozenset({"ktet", "ttet", "ptet", "stet", "rtet", "ntet"})


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Snowball's Swedish stemmer leaves a suffix behind on definite forms ("assistansen" ->
    # "assistans", but "assistans" -> "assistan"); a second pass makes the forms meet.
    stemmer = _stemmer()
    stem = stemmer.stemWord(word)
    if len(stem) >= 6 and stem[-4:] in DEFINITE_ET:
        stem = stem[:-2]  # definite neuter "-et" after two consonants, which Snowball keeps: "projektet" = "projekt"
    elif len(stem) >= 7 and stem.endswith("tret"):
        stem = stem[:-3]  # "registret" = "register", "centret" = "center"
    stem = stemmer.stemWord(stem)
    if len(stem) >= 7 and stem[-1] == "n" and stem[-2] in "aeiouyåäö":
        stem = stem[:-1]  # definite "-n" after a vowel: "sjukfrånvaron" = "sjukfrånvaro", "ekonomin" = "ekonomi"
        if stem.endswith("a") and stem[-2] not in VOWELS:
            stem = stemmer.stemWord(stem)  # "förskolan" = "förskola" = "förskol"
    elif len(stem) >= 5 and stem.endswith("an") and stem[-3] not in VOWELS:
        stem = stemmer.stemWord(stem[:-1])  # definite "-an" of a word in "-a": "skolan" = "skola", "taxan" = "taxa"
    return stem


VOWELS = "aeiouyåäö"


def tokenize(text: str) -> list[str]:
    """Tokens for indexing and querying (the same function on both sides)."""
    out: list[str] = []
    for m in TOKEN_RE.finditer(strip_tags(dehyphenate(text)).lower()):
        tok = m.group(0).strip("_")
        if not tok:
            continue
        genitive = re.fullmatch(r"([^\W\d_]+):s", tok)  # "OSN:s" is OSN
        if genitive:
            tok = genitive.group(1)
        if any(ch.isdigit() for ch in tok):
            out.append(tok)
            parts = [p for p in re.split(r"[-:,./]", tok) if p]
            if len(parts) > 1:
                out.extend(parts)
            continue
        pieces = [p for p in re.split(r"[-:,./]", tok) if p]
        if len(pieces) > 1:
            out.append(tok)
        for p in pieces:
            if p in STOPWORDS or len(p) < 2 and not p.isdigit():
                continue
            out.append(_stem(p))
    return out


def create(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE VIRTUAL TABLE fts USING fts5(tokens, tokenize=\"{FTS_TOKENIZER}\")")


def add(conn: sqlite3.Connection, rowid: int, text: str) -> None:
    conn.execute("INSERT INTO fts(rowid, tokens) VALUES (?, ?)", (rowid, " ".join(tokenize(text))))


# In a large index, terms in more than this share of passages say little for BM25 and cost
# the most to score; they are left out of the query when rarer terms remain. A small index
# scores every term (it is cheap there, and the common terms still help the ranking).
COMMON_SHARE = 0.1
PRUNE_FROM = 20_000


def match_expression(query: str, conn=None) -> str | None:
    tokens = query_terms(query, conn)
    if not tokens:
        return None
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def query_terms(query: str, conn=None) -> list[str]:
    """The terms a query is searched by (any of them matches): its tokens, their everyday
    synonyms, rare terms only in a large index. `conn` is a SQLite connection or an index
    backend (for document frequencies), or None."""
    from ..limits import MAX_LEXICAL_TERMS
    from ..synonyms import expand, phrase_terms

    tokens = list(dict.fromkeys(tokenize(query)))
    tokens += expand(tokens, _stem)
    tokens += [t for t in phrase_terms(query, _stem) if t not in tokens]
    if conn is not None and len(tokens) > 1:
        df, total = document_frequencies(conn, tokens)
        if total >= PRUNE_FROM:
            rare = [t for t in tokens if df[t] <= COMMON_SHARE * total]
            tokens = rare or tokens
        if len(tokens) > MAX_LEXICAL_TERMS:
            # a long query keeps its most informative terms: the rarest that the index holds
            found = sorted((t for t in tokens if df[t] > 0), key=lambda t: df[t])[:MAX_LEXICAL_TERMS]
            keep = set(found)
            tokens = [t for t in tokens if t in keep]
    elif len(tokens) > MAX_LEXICAL_TERMS:
        tokens = tokens[:MAX_LEXICAL_TERMS]
    return tokens


def search(conn: sqlite3.Connection, query: str, k: int, where: str = "", params: tuple = ()) -> list[tuple[int, float]]:
    """(rowid, score) best first; score is BM25 (higher is better)."""
    expr = match_expression(query, conn)
    if expr is None:
        return []
    sql = "SELECT fts.rowid, -bm25(fts) AS s FROM fts"
    if where:
        sql += " JOIN passages p ON p.idx = fts.rowid"
    sql += " WHERE fts MATCH ?"
    if where:
        sql += f" AND {where}"
    sql += " ORDER BY bm25(fts) LIMIT ?"
    return [(int(r), float(s)) for r, s in conn.execute(sql, (expr, *params, k))]


def finish(conn: sqlite3.Connection) -> None:
    """After all passages are added: a plain table of document frequencies, so that looking
    a term up costs an index probe instead of a walk through the FTS vocabulary."""
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab('main', 'fts', 'row')")
    conn.execute("CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute("INSERT INTO terms SELECT term, doc FROM temp.vocab")
    conn.execute("CREATE TABLE stats (name TEXT PRIMARY KEY, value INTEGER)")
    conn.execute("INSERT INTO stats VALUES ('passages', (SELECT count(*) FROM fts))")


def document_frequencies(conn, terms: list[str]) -> tuple[dict[str, int], int]:
    """How many passages hold each term, and how many passages there are. `conn` is the
    embedded store's SQLite connection, or any index backend."""
    if not isinstance(conn, sqlite3.Connection):
        return conn.document_frequencies(terms)
    (total,) = conn.execute("SELECT value FROM stats WHERE name = 'passages'").fetchone()
    if not terms:
        return {}, total
    marks = ",".join("?" * len(terms))
    found = dict(conn.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", terms).fetchall())
    return {t: int(found.get(t, 0)) for t in terms}, total


MAX_COMPOUND = 48  # longer than any Swedish compound: a string of junk is not split (each cut costs a lookup)


def split_compounds(conn, terms: list[str], min_part: int = 3) -> list[str]:
    """Swedish compounds the index does not hold ("investeringsbudget") are replaced by two
    parts it does hold ("investering", "budget"), linking -s- allowed."""
    df, _ = document_frequencies(conn, terms)
    out: list[str] = []
    for term in terms:
        if (df.get(term, 0) > 0 or any(ch.isdigit() for ch in term) or len(term) < 2 * min_part
                or len(term) > MAX_COMPOUND):
            out.append(term)
            continue
        best: tuple[int, list[str]] | None = None
        for cut in range(min_part + 1, len(term) - min_part + 1):
            head, tail = term[:cut], term[cut:]
            heads = [head] + ([head[:-1]] if head.endswith("s") and len(head) > min_part else [])
            for h in heads:
                parts = [_stem(h), _stem(tail)]
                pdf, _ = document_frequencies(conn, parts)
                if all(pdf[p] > 0 for p in parts):
                    weight = min(pdf.values())
                    if best is None or weight > best[0]:
                        best = (weight, parts)
        out.extend(best[1] if best else [term])
    return list(dict.fromkeys(out))
