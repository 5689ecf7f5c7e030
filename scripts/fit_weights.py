#!/usr/bin/env python3
"""Fit osnqa's answer confidence (osnqa/weights.json) on gold question families, and show
how it transfers: every figure is also given leave-one-family-out (fitted without that family).

usage: python scripts/fit_weights.py --family NAME GOLD.jsonl INDEX_DIR [--family ...] [--write]

A gold line is {"id", "kind": "fact" | "absent" | ..., "question", "must_contain": [...]}.
An answer is right when it holds every must_contain string (compared as the scorer does:
case, dashes, spaces and "mnkr"/"miljoner kronor" folded); an answer to an "absent" question
never is. The confidence is a logistic model of "this answer is right" over the features in
osnqa/features.py; the decline threshold is the one that does best summed over the families
(facts answered right + absent questions declined - facts declined) among those that decline
at most MAX_FALSE_DECLINES of all the families' answerable questions taken together."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from osnqa.answer import Answerer, Draft  # noqa: E402
from osnqa.features import ANSWER_FEATURES  # noqa: E402
from osnqa.index.store import open_index  # noqa: E402
from osnqa.ranker import WEIGHTS_PATH, Weights, fit_logistic  # noqa: E402
from osnqa.search import Searcher  # noqa: E402

THRESHOLDS = np.round(np.arange(0.05, 0.80, 0.01), 2)
MAX_FALSE_DECLINES = 0.10  # the share of the pooled answerable questions that may be declined
L2 = 10.0  # of 1, 3, 10 and 30, the penalty whose leave-one-family-out figures were best summed over the families


def norm(s: str) -> str:
    s = s.lower().replace("\u00a0", " ").replace("\u2009", " ").replace("\u2212", "-").replace("–", "-")
    s = re.sub(r"miljoner kronor|miljoner|miljon kronor|mkr", "mnkr", s)
    return re.sub(r"\s+", " ", s).strip()


def contains(text: str, fact: str) -> bool:
    f = norm(fact)
    if re.fullmatch(r"[\d\s,.]+", f):
        return re.search(r"(?<![\d,])" + re.escape(f) + r"(?![\d]|,\d)", text) is not None
    return f in text


@dataclass
class Item:
    family: str
    gold: dict
    draft: Draft
    answerer: Answerer

    @property
    def right(self) -> bool:
        if self.gold["kind"] != "fact" or self.draft.final is not None:
            return False
        text = norm(" ".join(s.readable() for u in self.draft.chosen for s in u.sentences))
        return all(contains(text, m) for m in self.gold["must_contain"])


def collect(families) -> list[Item]:
    items = []
    for name, gold_path, index_dir in families:
        answerer = Answerer(Searcher(open_index(Path(index_dir))))
        for line in open(gold_path, encoding="utf-8"):
            if line.strip():
                g = json.loads(line)
                if g["kind"] in ("fact", "absent"):
                    items.append(Item(name, g, answerer.draft(g["question"]), answerer))
    return items


def evaluate(items: list[Item], weights: Weights) -> dict:
    facts = absent = ok_fact = ok_absent = false_decline = 0
    lengths = []
    for it in items:
        it.answerer._weights = weights
        a = it.draft.final or it.answerer.decide(it.draft)
        if it.gold["kind"] == "absent":
            absent += 1
            ok_absent += a.abstained
        else:
            facts += 1
            text = norm(a.answer)
            ok_fact += (not a.abstained) and all(contains(text, m) for m in it.gold["must_contain"])
            false_decline += a.abstained
        if not a.abstained:
            lengths.append(len(a.answer.split()))
    lengths.sort()
    return {"facts": ok_fact / max(facts, 1), "absent_declined": ok_absent / max(absent, 1),
            "false_declines": false_decline / max(facts, 1),
            "median_words": lengths[len(lengths) // 2] if lengths else 0}


def fit(items: list[Item], l2: float) -> Weights:
    open_items = [it for it in items if it.draft.final is None]
    x = np.array([it.draft.features for it in open_items])
    y = np.array([float(it.right) for it in open_items])
    model = fit_logistic(x, y, ANSWER_FEATURES, l2=l2)
    families = sorted({it.family for it in items})
    best = None
    facts = [it for it in items if it.gold["kind"] == "fact"]
    for t in THRESHOLDS:
        w = Weights(model, float(t), families, {})
        total = 0.0
        for fam in families:
            m = evaluate([it for it in items if it.family == fam], w)
            total += m["facts"] + m["absent_declined"] - m["false_declines"]
        # a threshold that declines more than MAX_FALSE_DECLINES of all answerable questions
        # only counts when none keeps within it
        pooled_false = evaluate(facts, w)["false_declines"]
        key = (pooled_false <= MAX_FALSE_DECLINES + 1e-9, total)
        if best is None or key > best[0]:
            best = (key, float(t))
    return Weights(model, best[1], families, {})


def calibration(items: list[Item], weights: Weights) -> list[dict]:
    bands: dict[int, list[int]] = {}
    for it in items:
        if it.draft.final is not None:
            continue
        p = float(weights.answer.probability(np.array(it.draft.features)))
        band = min(int(p * 5), 4)
        bands.setdefault(band, []).append(int(it.right))
    return [{"band": f"{b / 5:.1f}-{(b + 1) / 5:.1f}", "answers": len(v), "right": round(sum(v) / len(v), 2)}
            for b, v in sorted(bands.items())]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", nargs=3, action="append", metavar=("NAME", "GOLD", "INDEX"), required=True)
    ap.add_argument("--write", action="store_true", help=f"write the weights fitted on all families to {WEIGHTS_PATH}")
    ap.add_argument("--l2", type=float, default=L2, help="the L2 penalty (default %(default)s: the one that transfers best leave-one-family-out)")
    a = ap.parse_args()
    items = collect(a.family)
    names = [f[0] for f in a.family]
    report: dict = {"leave_one_family_out": {}, "fitted_on_all": {}}
    print("family\tfitted on\tfacts\tabsent declined\tfalse declines\tmedian words\tthreshold")
    for name in names:
        w = fit([it for it in items if it.family != name], a.l2)
        m = evaluate([it for it in items if it.family == name], w)
        report["leave_one_family_out"][name] = dict(m, threshold=w.abstain_below)
        print(f"{name}\tthe others\t{m['facts']:.2f}\t{m['absent_declined']:.2f}\t{m['false_declines']:.2f}\t"
              f"{m['median_words']}\t{w.abstain_below:.2f}")
    w = fit(items, a.l2)
    for name in names:
        m = evaluate([it for it in items if it.family == name], w)
        report["fitted_on_all"][name] = m
        print(f"{name}\tall\t{m['facts']:.2f}\t{m['absent_declined']:.2f}\t{m['false_declines']:.2f}\t"
              f"{m['median_words']}\t{w.abstain_below:.2f}")
    report["calibration"] = calibration(items, w)
    print("calibration: " + "; ".join(f"{c['band']}: {c['answers']} answers, {c['right']:.2f} right"
                                      for c in report["calibration"]))
    print("weights: " + ", ".join(f"{k}={v:+.2f}" for k, v in zip(w.answer.names, w.answer.weights)))
    w.report = report
    if a.write:
        w.save(WEIGHTS_PATH)
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
