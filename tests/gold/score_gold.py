#!/usr/bin/env python3
"""Score a documents.jsonl (output of `python -m unioncorpus.clean`) against gold.json.

usage: score_gold.py DOCUMENTS_JSONL [--gold GOLD_JSON] [--json] [--min METRIC=VALUE ...]

Prints one line per metric and exits 1 when any --min threshold is not met.
The output contract is described in ../corpus/README.md.
"""
import argparse
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zA-Z\u0101-\u01dc\u00e0-\u00fc ]+\)")
WIDE = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})


def norm(s):
    """Compare text ignoring whitespace and the width of common punctuation."""
    return re.sub(r"\s+", "", s or "").translate(WIDE)


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ratio(a, b, empty=0.0):
    return a / b if b else empty


def match_sections(gold_secs, pred_secs):
    """Greedy in-order matching of gold sections (by key) to predicted section titles."""
    pairs, absorbed, j = [], 0, 0
    used = set()
    for g in gold_secs:
        key = norm(g["key"])
        for k in range(j, len(pred_secs)):
            if k not in used and key in norm(pred_secs[k].get("title", "")):
                used.add(k)
                j = k + 1
                if g.get("optional"):
                    absorbed += 1
                else:
                    pairs.append((g, pred_secs[k]))
                break
    return pairs, absorbed


def score(docs, gold):
    by_source = {}
    for d in docs:
        by_source.setdefault(pathlib.Path(d["source"]).name, []).append(d)
    m = dict(docs_gold=0, docs_pred=0, docs_found=0, removed_total=0, removed_ok=0,
             keep_total=0, keep_ok=0, secs_gold=0, secs_pred=0, secs_found=0, depth_ok=0,
             theme_tp=0, theme_fp=0, theme_fn=0, primary_total=0, primary_ok=0,
             meta_total=0, meta_ok=0, simplified_docs=0, pinyin_docs=0)
    failures = []
    try:
        import opencc
        t2s = opencc.OpenCC("t2s").convert
    except Exception:  # opencc missing: the simplified check is skipped
        t2s = None
    for page in gold["pages"]:
        preds = sorted(by_source.get(page["source"], []), key=lambda d: d.get("index", 0))
        m["docs_gold"] += len(page["documents"])
        m["docs_pred"] += len(preds)
        alltext = norm("\n".join((d.get("title") or "") + "\n" + d.get("text", "") for d in preds))
        for r in page["removed"]:
            m["removed_total"] += 1
            if norm(r) in alltext:
                failures.append(f"{page['source']}: boilerplate left: {r}")
            else:
                m["removed_ok"] += 1
        for r in page.get("once", []):
            m["removed_total"] += 1
            if alltext.count(norm(r)) == 1:
                m["removed_ok"] += 1
            else:
                failures.append(f"{page['source']}: expected once, found {alltext.count(norm(r))}: {r}")
        for d in preds:
            text = d.get("text", "")
            if t2s and t2s(text) == text:
                m["simplified_docs"] += 1
            if PINYIN.search(text):
                m["pinyin_docs"] += 1
        for gi, g in enumerate(page["documents"]):
            hit = None
            for p in preds:
                t = norm(p.get("text", ""))
                if norm(g["starts_with"]) in t[:80] and norm(g["ends_with"]) in t[-80:]:
                    hit = p
                    break
            m["secs_gold"] += sum(1 for s in g["sections"] if not s.get("optional"))
            m["keep_total"] += len(g["must_keep"])
            m["meta_total"] += 4 + ("published" in g)
            if hit is None:
                failures.append(f"{page['source']}: document {gi + 1} not found as one document "
                                f"(starts {g['starts_with']!r}, ends {g['ends_with']!r})")
                continue
            m["docs_found"] += 1
            t = norm(hit.get("text", ""))
            for k in g["must_keep"]:
                if norm(k) in t:
                    m["keep_ok"] += 1
                else:
                    failures.append(f"{page['source']}#{gi + 1}: content lost: {k}")
            for field in ("title", "doc_type", "school", "year") + (("published",) if "published" in g else ()):
                want, got = g[field], hit.get(field)
                same = norm(str(want)) == norm(str(got)) if want is not None else got in (None, "")
                m["meta_ok"] += same
                if not same:
                    failures.append(f"{page['source']}#{gi + 1}: {field} is {got!r}, expected {want!r}")
            psecs = hit.get("sections", [])
            pairs, absorbed = match_sections(g["sections"], psecs)
            m["secs_pred"] += len(psecs) - absorbed
            m["secs_found"] += len(pairs)
            matched_keys = {id(gs) for gs, _ in pairs}
            for gs in g["sections"]:
                if not gs.get("optional") and id(gs) not in matched_keys:
                    failures.append(f"{page['source']}#{gi + 1}: heading missed: {gs['marker']}{gs['key']}")
            for gs, ps in pairs:
                m["depth_ok"] += ps.get("depth") == gs["depth"]
                if gs["themes"] is None:
                    continue
                want, got = set(gs["themes"]), list(ps.get("themes") or [])
                m["theme_tp"] += len(want & set(got))
                m["theme_fp"] += len(set(got) - want)
                m["theme_fn"] += len(want - set(got))
                m["primary_total"] += 1
                m["primary_ok"] += bool(got) and got[0] in want
                if not got or got[0] not in want:
                    failures.append(f"{page['source']}#{gi + 1}: theme of {gs['key']}: {got} vs {sorted(want)}")
    tp, fp, fn = m["theme_tp"], m["theme_fp"], m["theme_fn"]
    p_, r_ = ratio(tp, tp + fp), ratio(tp, tp + fn)
    metrics = {
        "doc_recall": ratio(m["docs_found"], m["docs_gold"]),
        "doc_precision": ratio(m["docs_found"], m["docs_pred"]),
        "boilerplate_removed": ratio(m["removed_ok"], m["removed_total"]),
        "content_kept": ratio(m["keep_ok"], m["keep_total"]),
        "heading_recall": ratio(m["secs_found"], m["secs_gold"]),
        "heading_precision": ratio(m["secs_found"], m["secs_pred"]),
        "depth_accuracy": ratio(m["depth_ok"], m["secs_found"]),
        "theme_f1": 2 * p_ * r_ / (p_ + r_) if m["primary_total"] and p_ + r_ else 0.0,
        "theme_primary_accuracy": ratio(m["primary_ok"], m["primary_total"]),
        "metadata_accuracy": ratio(m["meta_ok"], m["meta_total"]),
        "simplified_docs": ratio(m["simplified_docs"], m["docs_pred"]) if t2s else None,
        "pinyin_free_docs": 1 - ratio(m["pinyin_docs"], m["docs_pred"]) if m["docs_pred"] else 0.0,
    }
    return metrics, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("documents")
    ap.add_argument("--gold", default=str(HERE / "gold.json"))
    ap.add_argument("--json", action="store_true", help="print metrics as one JSON object")
    ap.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE")
    ap.add_argument("--show", type=int, default=40, help="how many failures to list")
    a = ap.parse_args()
    gold = json.load(open(a.gold, encoding="utf-8"))
    metrics, failures = score(load_jsonl(a.documents), gold)
    if a.json:
        print(json.dumps(metrics, ensure_ascii=False))
    else:
        for f in failures[: a.show]:
            print("  -", f)
        if len(failures) > a.show:
            print(f"  ... {len(failures) - a.show} more")
        for k, v in metrics.items():
            print(f"{k:24s} {v if v is None else round(v, 3)}")
    short = []
    for spec in a.min:
        k, v = spec.split("=")
        if metrics.get(k) is None or metrics[k] < float(v):
            short.append(f"{k}={metrics.get(k)} < {v}")
    if short:
        print("below threshold: " + "; ".join(short))
        sys.exit(1)


if __name__ == "__main__":
    main()
