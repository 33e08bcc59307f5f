"""Score the cleaner on the dev corpus, as shipped and under cross-validation grouped by site.

usage: python scripts/dev_eval.py [--labels LABELS_JSON] [--cv] [--show N] [--json]

Without ``--cv``: cleans the cached dev pages with the packaged rules and line model (as
``python -m unioncorpus.clean`` does) and prints ``../shared/tools/eval_pages.py``'s figures.

With ``--cv``: the honest figure for the learned part. The pages are split into 5 folds by
site (a site's pages never on both sides); for each fold the line model is retrained on the
other four and cleans the held-out pages; the held-out documents of all folds are scored
together. The hand-written rules are the same in both runs (they were written for families
of pages, some seen in the dev corpus, so no cross-validation can separate them out).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devcorpus import SHARED_TOOLS, labelled_pages, line_labels, no_pages, pages_dir, site

from unioncorpus.output import document_record, write_jsonl
from unioncorpus.pipeline import clean_text


def _score(docs_path: Path, labels: str | None, show: int) -> dict:
    cmd = [sys.executable, str(SHARED_TOOLS / "eval_pages.py"), str(pages_dir()),
           str(docs_path), "--json"]
    if labels:
        cmd += ["--labels", labels]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if show:
        shown = subprocess.run([*cmd[:-1], "--show", str(show)], capture_output=True,
                               text=True, check=True).stdout
        print("\n".join(ln for ln in shown.splitlines() if ln.startswith("  -")))
    return json.loads(out.strip().splitlines()[-1])


def _clean_all(pages: list[tuple[dict, str]], line_model=None) -> list:
    docs = []
    for page, text in pages:
        docs.extend(clean_text(text, source=str(pages_dir() / f"{page['id']}.txt"),
                               line_model=line_model))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels")
    ap.add_argument("--cv", action="store_true", help="also the site-grouped cross-validation")
    ap.add_argument("--show", type=int, default=0, help="print the first N misses")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    pages = labelled_pages(a.labels)
    if not pages:
        return no_pages()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "documents.jsonl"
        write_jsonl(out, (document_record(d) for d in _clean_all(pages)))
        results["shipped"] = _score(out, a.labels, a.show)
        if a.cv:
            from sklearn.model_selection import GroupKFold

            from unioncorpus.boilerplate.model import load_line_model, train_line_model

            shipped = load_line_model()
            groups = [site(p["url"]) for p, _ in pages]
            docs = []
            for tr, te in GroupKFold(n_splits=5).split(pages, groups=groups):
                train = [(pages[i][1], line_labels(*pages[i])) for i in tr]
                model = train_line_model(train, groups=[groups[i] for i in tr],
                                         n_trees=int(shipped.info.get("n_trees", 100)),
                                         depth=int(shipped.info.get("depth", 3)),
                                         max_lost=float(shipped.info.get("max_lost", 0.05)))
                docs.extend(_clean_all([pages[i] for i in te], line_model=model))
            write_jsonl(out, (document_record(d) for d in docs))
            results["grouped_cv"] = _score(out, a.labels, 0)
    if a.json:
        print(json.dumps(results))
        return 0
    keys = [k for k in results["shipped"] if k not in ("pages", "lines_not_found")]
    from devcorpus import load_labels

    print(f"dev corpus: {results['shipped']['pages']} of {len(load_labels(a.labels))} labelled "
          f"pages in the cache {pages_dir()}")
    print(f"{'metric':22s} {'shipped':>9s}" + (f" {'grouped CV':>11s}" if a.cv else ""))
    for k in keys:
        row = f"{k:22s} {results['shipped'][k]:9.3f}"
        if a.cv:
            row += f" {results['grouped_cv'][k]:11.3f}"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
