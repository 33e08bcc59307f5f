"""Write every report figure (PNG and PDF) for a corpus, with a provenance file beside them.

Usage:
    python scripts/make_figures.py out/documents.jsonl -o figures/
    python scripts/make_figures.py data/raw -o figures/ --k 6 --by school

Text is segmented with the project's :class:`unioncorpus.segmentation.Segmenter` (stopwords dropped,
the packaged domain dictionary), once per text. ``provenance.json`` records the input's
sha256, the parameters, the seeds, the segmenter, the font (and how PDFs embed it) and the
versions of the packages that shaped the figures. PNG and PDF files carry no time stamp, so
the same input and versions give the same files.

Exit code: 0 every figure written, 1 some figure failed (the others are still written, the
failures are listed in provenance.json), 2 usage error, missing or empty input.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import platform
import sys
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger("make_figures")

PACKAGES = ("unioncorpus", "jieba", "rjieba", "scikit-learn", "pandas", "numpy", "scipy",
            "matplotlib", "datasketch", "mplfonts", "opencc")
KEYNESS = {"method": "logodds", "prior": "corpus counts", "min_count": 2, "correction": "bh"}


def sha256_of(path: Path) -> str:
    """sha256 of a file, or of every file under a folder (sorted by relative path)."""
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            h.update(str(f.relative_to(path)).encode("utf-8") + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


class CachedTokenizer:
    """The project's Segmenter, memoised per text: the same documents are segmented by
    compare_groups, keyness (several groups) and topics; the tokens are the same each time."""

    def __init__(self) -> None:
        from unioncorpus.segmentation import Segmenter

        self.segmenter = Segmenter()
        self._memo: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        toks = self._memo.get(text)
        if toks is None:
            toks = self._memo[text] = self.segmenter(text)
        return list(toks)

    def describe(self) -> dict[str, Any]:
        return {"class": "unioncorpus.segmentation.Segmenter", "options": "defaults (stopwords "
                "dropped, domain dictionary, no HMM)", "backend": self.segmenter.backend,
                "fingerprint": self.segmenter.fingerprint()}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("input", help="documents.jsonl (or raw pages / folder) for unioncorpus.load")
    p.add_argument("-o", "--out", required=True, help="output folder (created if missing)")
    p.add_argument("--by", default="school", help="document column to compare (default school)")
    p.add_argument("--k", type=int, default=6, help="number of topics (default 6)")
    p.add_argument("--method", default="nmf", choices=("nmf", "lda"))
    p.add_argument("--level", default="section", choices=("section", "document"))
    p.add_argument("--seed", type=int, default=0, help="topic model / bootstrap seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--ci", type=float, default=0.95, help="confidence level (default 0.95)")
    p.add_argument("--dpi", type=int, default=200)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    src = Path(args.input)
    if not src.exists():
        print(f"make_figures: error: input {str(src)!r} does not exist; pass a "
              f"documents.jsonl written by 'python -m unioncorpus.clean' or a folder of pages",
              file=sys.stderr)
        return 2
    if not 0 < args.ci < 1:
        parser.error(f"--ci {args.ci}: use a confidence level between 0 and 1, e.g. 0.95")

    import unioncorpus as uc
    from unioncorpus import plot
    from unioncorpus.analysis import compare_groups, find_reuse, keyness, topic_prevalence, topics
    from unioncorpus.fonts import cjk_rc, find_cjk_font

    corpus = uc.load(src, progress=False)
    if len(corpus) == 0:
        why = "; ".join(f"{e.source}: {e.message}" for e in corpus.errors.itertuples())
        print(f"make_figures: error: no documents in {str(src)!r}" + (f" ({why})" if why else ""),
              file=sys.stderr)
        return 2
    docs = corpus.documents
    if args.by not in docs.columns:
        parser.error(f"--by {args.by!r} is not a document column; use one of "
                     f"{', '.join(docs.columns)}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = CachedTokenizer()
    written: list[str] = []
    failures: list[str] = []

    def attempt(name: str, make: Any) -> None:
        # One failing figure is reported and the others are still written.
        try:
            fig = make()
            for ext in ("png", "pdf"):
                plot.save_figure(fig, out / f"{name}.{ext}", dpi=args.dpi)
                written.append(f"{name}.{ext}")
            log.info("wrote %s.png/.pdf", name)
        except Exception as exc:  # reported in provenance and in the exit code
            log.error("%s: %s: %s", name, type(exc).__name__, exc)
            failures.append(f"{name}: {type(exc).__name__}: {exc}")

    def label(doc_id: str, school: Any, title: Any) -> str:
        # "003#2 蔡甸职教中心学校": short page number, document index, then school or title.
        short = f"{doc_id.split('_')[0]}#{doc_id.rsplit('#', 1)[-1]}"
        name = school if isinstance(school, str) else title if isinstance(title, str) else ""
        return f"{short} {name}".strip()

    labels = {d: label(d, s, t) for d, s, t in zip(docs["doc_id"], docs["school"], docs["title"],
                                                    strict=True)}
    has_groups = docs[args.by].notna().sum() > 0
    cmp = compare_groups(corpus, by=args.by, tokenizer=tok,
                         min_count=KEYNESS["min_count"]) if has_groups else None
    if cmp is not None:
        attempt("theme_shares_chars", lambda: plot.plot_theme_shares(cmp, measure="chars"))
        attempt("theme_shares_sections", lambda: plot.plot_theme_shares(cmp, measure="sections"))
        biggest = cmp.sizes.sort_values(["n_han", args.by], ascending=[False, True])
        for i, g in enumerate(biggest[args.by].head(4), start=1):
            attempt(f"keyness_{i:02d}", lambda g=g: plot.plot_keyness(
                keyness(corpus, args.by, g, tokenizer=tok, method=KEYNESS["method"],
                        min_count=KEYNESS["min_count"], correction=KEYNESS["correction"]),
                method=KEYNESS["method"], title=f"「{g}」的特征词（与其余文档相比）"))
    else:
        log.warning("no document has a value for %r: theme-share and keyness figures skipped",
                    args.by)
    res = None
    try:
        res = topics(corpus, k=args.k, method=args.method, level=args.level,
                     random_state=args.seed, tokenizer=tok)
    except Exception as exc:
        log.error("topics: %s: %s", type(exc).__name__, exc)
        failures.append(f"topics: {type(exc).__name__}: {exc}")
    if res is not None:
        attempt("topic_terms", lambda: plot.plot_topic_terms(res))
        prev_by = args.by if has_groups else "doc_type"

        def prevalence() -> Any:
            # Groups with too few documents get no interval: said once in the log, and drawn
            # as hollow points in the figure.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                table = topic_prevalence(res, corpus, by=prev_by, n_boot=args.n_boot,
                                         ci=args.ci, random_state=args.seed)
            for w in caught:
                log.warning("%s", w.message)
            return plot.plot_topic_prevalence(table, ci=args.ci, n_boot=args.n_boot,
                                              level=args.level)

        attempt("topic_prevalence", prevalence)
    reuse = find_reuse(corpus)
    attempt("reuse_heatmap", lambda: plot.plot_reuse_heatmap(reuse, labels=labels))

    font = find_cjk_font()
    prov = {
        "input": str(src), "input_sha256": sha256_of(src),
        "n_documents": len(corpus), "n_sections": len(corpus.sections),
        "input_errors": corpus.errors.to_dict("records"),
        "command": [sys.argv[0], *(argv if argv is not None else sys.argv[1:])],
        "parameters": {"by": args.by, "k": args.k, "method": args.method, "level": args.level,
                       "n_boot": args.n_boot, "ci": args.ci, "dpi": args.dpi,
                       "segmenter": tok.describe(), "keyness": KEYNESS,
                       "topics": res.params if res is not None else None,
                       "reuse": reuse.params},
        "seeds": {"topics": args.seed, "bootstrap": args.seed,
                  "minhash": reuse.params["seed"]},
        "font": {"name": font.name, "origin": font.origin, "file": Path(font.path).name,
                 "pdf_fonttype": cjk_rc()["pdf.fonttype"]},
        "versions": versions(), "figures": written, "failures": failures,
    }
    (out / "provenance.json").write_text(json.dumps(prov, ensure_ascii=False, indent=2,
                                                    default=str) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
