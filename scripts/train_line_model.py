"""Retrain the line model on the dev corpus and write ``unioncorpus/lexicons/line_model.json``.

usage: python scripts/train_line_model.py [--labels LABELS_JSON] [--trees 100] [--depth 3]
                                          [--max-lost 0.05] [--seed 0] [--out PATH] [--dry-run]

Pages come from the local dev-page cache (see ``../shared/corpus/dev/README.md``). The
cross-validation is grouped by site (a site's pages never on both sides), and its figures are
printed and stored in the model file's ``info``. To train on your own labelled lines instead,
call ``uc.train_line_model(pages)`` (see the README).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devcorpus import ROOT, labelled_pages, line_labels, no_pages, site

from unioncorpus.boilerplate.model import train_line_model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels")
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-lost", type=float, default=0.05,
                    help="share of judged document lines the threshold may remove in CV")
    ap.add_argument("--out", default=str(ROOT / "unioncorpus" / "lexicons" / "line_model.json"))
    ap.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    a = ap.parse_args(argv)
    pages = labelled_pages(a.labels)
    if not pages:
        return no_pages()
    data = [(text, line_labels(page, text)) for page, text in pages]
    groups = [site(page["url"]) for page, _ in pages]
    model = train_line_model(data, n_trees=a.trees, depth=a.depth, groups=groups,
                             max_lost=a.max_lost, random_state=a.seed,
                             info={"trained_on": f"dev corpus: {len(pages)} pages, "
                                                 f"{len(set(groups))} sites",
                                   "date": datetime.date.today().isoformat()})
    cv = model.info["cv"]
    print(f"{cv['lines_judged']} lines judged ({cv['boilerplate_lines']} boilerplate) among "
          f"the lines the rules keep, from {len(pages)} pages of {len(set(groups))} sites")
    print(f"threshold {model.threshold:.3f}; grouped 5-fold CV by site: the model removes "
          f"{cv['recall']:.3f} of the boilerplate lines the rules leave, and "
          f"{cv['content_lines_removed']} document lines")
    if not a.dry_run:
        model.save(a.out)
        print(f"written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
