"""Answer-level quality against a gold file: ask (fact, absent), trace, compare and verify
items, each measured the way a user would judge the output.

- fact: answered, with every `must_contain` string in the answer; absent: abstained.
- trace: the right number for each year the answer names (from `must_contain` numbers).
- compare: statements for every year asked, and the share of `must_contain` found.
- verify_true / verify_false: the verdict matches; a false claim must never be "supported".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class TaskScores:
    kind: str
    n: int
    metrics: dict[str, float]
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "items": self.n, **{k: round(v, 3) for k, v in self.metrics.items()},
                "failures": self.failures}


def _has(text: str, needle: str) -> bool:
    return needle.lower() in text.lower()


def _noop(citations, where: str) -> None:
    pass


def evaluate_ask(answerer, items: list[dict], cite=_noop) -> list[TaskScores]:
    facts = [i for i in items if i.get("kind") == "fact"]
    absent = [i for i in items if i.get("kind") == "absent"]
    out = []
    if facts:
        ok = abst = 0
        fails = []
        for it in facts:
            a = answerer.ask(it["question"])
            cite(a.citations, it.get("id"))
            good = not a.abstained and all(_has(a.answer, m) for m in it.get("must_contain", []))
            ok += good
            abst += a.abstained
            if not good:
                fails.append({"id": it.get("id"), "abstained": a.abstained})
        out.append(TaskScores("fact", len(facts), {"answered_with_facts": ok / len(facts),
                                                   "false_abstention": abst / len(facts)}, fails))
    if absent:
        abst = 0
        fails = []
        for it in absent:
            a = answerer.ask(it["question"])
            cite(a.citations, it.get("id"))
            abst += a.abstained
            if not a.abstained:
                fails.append({"id": it.get("id")})
        out.append(TaskScores("absent", len(absent), {"abstained": abst / len(absent)}, fails))
    return out


def evaluate_trace(tracer, items: list[dict], cite=_noop) -> TaskScores | None:
    traces = [i for i in items if i.get("kind") == "trace"]
    if not traces:
        return None
    ok = 0
    fails = []
    for it in traces:
        result = tracer.trace(it["question"])
        for e in result.lineage:
            cite(e.citations, it.get("id"))
        numbers = {str(e.uppdrag) for e in result.lineage if e.uppdrag is not None}
        numbers |= {str(e.related["uppdrag"]) for e in result.lineage if e.related}
        wanted = {m for m in it.get("must_contain", []) if m.isdigit()}
        good = bool(wanted) and wanted <= numbers and (it.get("uppdrag") is None or str(it["uppdrag"]) in numbers)
        ok += good
        if not good:
            fails.append({"id": it.get("id"), "got": sorted(numbers), "wanted": sorted(wanted)})
    return TaskScores("trace", len(traces), {"right_numbers": ok / len(traces)}, fails)


def evaluate_compare(comparer, items: list[dict], cite=_noop) -> TaskScores | None:
    comps = [i for i in items if i.get("kind") == "compare"]
    if not comps:
        return None
    both = 0
    facts_found = facts_total = 0
    fails = []
    for it in comps:
        result = comparer.compare(it["question"], it.get("years"))
        for y in result.years:
            cite(y.statements, it.get("id"))
        with_statements = {y.year for y in result.years if y.statements}
        wanted_years = set(it.get("years") or [])
        both += wanted_years <= with_statements
        text = " ".join((c.text or c.quote) for y in result.years for c in y.statements)
        text += " " + " ".join(f"{ch.before.shown} {ch.after.shown}" for ch in result.changes)
        text = re.sub(r"\s+", " ", text)
        found = [m for m in it.get("must_contain", []) if _has(text, m)]
        facts_found += len(found)
        facts_total += len(it.get("must_contain", []))
        if len(found) < len(it.get("must_contain", [])):
            fails.append({"id": it.get("id"), "missing": [m for m in it["must_contain"] if m not in found]})
    return TaskScores("compare", len(comps), {"both_years": both / len(comps),
                                               "facts_covered": facts_found / max(facts_total, 1)}, fails)


def evaluate_verify(verifier: Callable | None, items: list[dict], cite=_noop) -> TaskScores | None:
    claims = [i for i in items if i.get("kind") in ("verify_true", "verify_false")]
    if not claims or verifier is None:
        return None
    right = false_supported = 0
    fails = []
    for it in claims:
        result = verifier(it["question"])
        cite(result.evidence, it.get("id"))
        verdict = result.verdict
        wanted = "supported" if it["kind"] == "verify_true" else "contradicted"
        right += verdict == wanted
        false_supported += it["kind"] == "verify_false" and verdict == "supported"
        if verdict != wanted:
            fails.append({"id": it.get("id"), "got": verdict, "wanted": wanted})
    return TaskScores("verify", len(claims), {"accuracy": right / len(claims),
                                              "false_supported": float(false_supported)}, fails)


def citation_scores(check) -> TaskScores:
    """Every citation the tasks printed, re-read from its document: how many were exact."""
    n = check.checked
    metrics = {"exact": (n - len(check.broken)) / n if n else 1.0}
    fails = list(check.broken)
    fails += [{"id": f, "unreadable": True} for f in sorted(check.unreadable)]
    return TaskScores("citations", n, metrics, fails)
