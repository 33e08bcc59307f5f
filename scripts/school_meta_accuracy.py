"""Measure school level and region against hand labels (default: the sample pages'
``tests/gold/school_meta.tsv``).

usage: python scripts/school_meta_accuracy.py [--pages DIR] [--labels TSV] [--show]

For each field (school_level, province, city, county) every labelled document is one of:
right (the value, or ``unknown``/empty where the label is empty), wrong (a value that is not
the label's: a false place or level), or unknown (nothing said where the label has a value).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unioncorpus import load  # noqa: E402

FIELDS = ("school_level", "province", "city", "county")


def read_labels(path: Path) -> dict[str, dict[str, str | None]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + [""] * 6)[:6]
        out[parts[0]] = {f: (parts[i + 1] or None) for i, f in enumerate(FIELDS)}
    return out


def score(documents, labels: dict[str, dict[str, str | None]]) -> dict[str, dict[str, object]]:
    """Per field: counts of right / wrong / unknown, split by whether the label has a value,
    and the doc ids of the wrong and unknown ones."""
    docs = documents.set_index("doc_id")
    result = {}
    for f in FIELDS:
        c = {"right": 0, "wrong": 0, "unknown": 0, "labelled": 0, "right_labelled": 0,
             "wrong_ids": [], "unknown_ids": []}
        for doc_id, lab in labels.items():
            gold = lab[f]
            got = docs.at[doc_id, f] if doc_id in docs.index else None
            got = None if got is None or got != got or got == "unknown" else got
            gold = None if gold == "unknown" else gold
            c["labelled"] += gold is not None
            if got == gold:
                c["right"] += 1
                c["right_labelled"] += gold is not None
            elif got is None:
                c["unknown"] += 1
                c["unknown_ids"].append(doc_id)
            else:
                c["wrong"] += 1
                c["wrong_ids"].append(f"{doc_id} ({got} ≠ {gold or 'unknown'})")
        result[f] = c
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", default=str(ROOT / "data" / "raw"))
    ap.add_argument("--labels", default=str(ROOT / "tests" / "gold" / "school_meta.tsv"))
    ap.add_argument("--show", action="store_true", help="list the wrong and unknown documents")
    args = ap.parse_args(argv)
    labels = read_labels(Path(args.labels))
    corpus = load(args.pages, progress=False)
    res = score(corpus.documents, labels)
    n = len(labels)
    print(f"{n} documents labelled")
    print(f"{'field':<13} {'right':>5} {'wrong':>5} {'unknown':>7}   with a label: right of n")
    for f, c in res.items():
        print(f"{f:<13} {c['right']:>5} {c['wrong']:>5} {c['unknown']:>7}   "
              f"{c['right_labelled']} of {c['labelled']}")
        if args.show:
            for x in c["wrong_ids"]:
                print(f"    wrong: {x}")
            for x in c["unknown_ids"]:
                print(f"    unknown: {x}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
