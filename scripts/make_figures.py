"""Write every report figure (PNG and PDF) for a corpus, with a provenance file beside them.

Usage:
    python scripts/make_figures.py out/documents.jsonl -o figures/
    python scripts/make_figures.py data/raw -o figures/ --k 6 --by school --lang en
    python scripts/make_figures.py data/raw -o figures/ --groups 东川中心学校 新二小

One keyness figure is drawn for every group of ``--by`` (or for the ``--groups`` given), named
``keyness_NN_<group>`` (NN: the group's rank by size; the group's name made safe for file
names: characters other than letters, digits, ``-``, ``_`` and ``.`` become ``_``, Chinese
stays). ``--lang en`` gives English axis labels, titles and theme names (data such as terms
and school names stay Chinese).

Text is segmented with the project's :class:`unioncorpus.segmentation.Segmenter` (stopwords dropped,
the packaged domain dictionary), once per text. ``provenance.json`` records the input's
sha256, the parameters, the seeds, the segmenter, the font (and how PDFs embed it: the font
types read back from the PDFs written, never Type 3), the groups and their files, and the
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
import re
import sys
import unicodedata
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


def safe_name(value: Any, limit: int = 40) -> str:
    """``value`` as a piece of a file name on any system: letters (Chinese included), digits,
    ``-``, ``_`` and ``.`` are kept, everything else (``/``, spaces, ``:``…) becomes ``_``;
    at most ``limit`` characters (120 bytes of UTF-8, far under the 255 that file systems
    allow)."""
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
    text = re.sub(r"_+", "_", text).strip("._")
    return text[:limit] or "group"


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
    p.add_argument("--lang", default="zh", choices=("zh", "en"),
                   help="words of the figures: zh (default) or en (data labels stay Chinese)")
    p.add_argument("--groups", nargs="+", metavar="GROUP",
                   help="groups of --by to draw keyness figures for (default: every group)")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # fontTools logs every table it prunes when PDFs embed font subsets: not news here.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
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
    from unioncorpus.fonts import find_cjk_font, pdf_fonts

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
    present = set(docs[args.by].dropna())
    wanted = args.groups
    if wanted:
        # Group values read from JSON may be numbers (year): compare as text.
        by_text = {str(v): v for v in present}
        by_text.update({str(int(v)): v for v in present  # 2024.0 from a column with gaps
                        if isinstance(v, float) and v.is_integer()})
        missing = [g for g in wanted if g not in by_text]
        if missing:
            print(f"make_figures: error: --groups {', '.join(missing)}: no document has that "
                  f"{args.by}; the groups are {', '.join(sorted(by_text))}", file=sys.stderr)
            return 2
        wanted = [by_text[g] for g in wanted]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = CachedTokenizer()
    written: list[str] = []
    failures: list[str] = []
    lang = args.lang

    def attempt(name: str, make: Any) -> list[str]:
        # One failing figure is reported and the others are still written.
        try:
            fig = make()
            files = []
            for ext in ("png", "pdf"):
                plot.save_figure(fig, out / f"{name}.{ext}", dpi=args.dpi)
                files.append(f"{name}.{ext}")
            written.extend(files)
            log.info("wrote %s.png/.pdf", name)
            return files
        except Exception as exc:  # reported in provenance and in the exit code
            log.error("%s: %s: %s", name, type(exc).__name__, exc)
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            return []

    def label(doc_id: str, school: Any, title: Any) -> str:
        # "003#2 蔡甸职教中心学校": short page number, document index, then school or title.
        short = f"{doc_id.split('_')[0]}#{doc_id.rsplit('#', 1)[-1]}"
        name = school if isinstance(school, str) else title if isinstance(title, str) else ""
        return f"{short} {name}".strip()

    labels = {d: label(d, s, t) for d, s, t in zip(docs["doc_id"], docs["school"], docs["title"],
                                                    strict=True)}
    has_groups = docs[args.by].notna().sum() > 0
    group_files: list[dict[str, Any]] = []
    cmp = compare_groups(corpus, by=args.by, tokenizer=tok,
                         min_count=KEYNESS["min_count"]) if has_groups else None
    if cmp is not None:
        attempt("theme_shares_chars",
                lambda: plot.plot_theme_shares(cmp, measure="chars", lang=lang))
        attempt("theme_shares_sections",
                lambda: plot.plot_theme_shares(cmp, measure="sections", lang=lang))
        biggest = cmp.sizes.sort_values(["n_han", args.by], ascending=[False, True])
        # Every group (or every one asked for), numbered by size so the files sort that way.
        title = plot.figure_text(lang)["make_figures.keyness_title"]
        for i, (g, n_docs, n_han) in enumerate(zip(
                biggest[args.by], biggest["n_documents"], biggest["n_han"], strict=True),
                start=1):
            if wanted is not None and g not in wanted:
                continue
            name = f"keyness_{i:02d}_{safe_name(g)}"
            files = attempt(name, lambda g=g: plot.plot_keyness(
                keyness(corpus, args.by, g, tokenizer=tok, method=KEYNESS["method"],
                        min_count=KEYNESS["min_count"], correction=KEYNESS["correction"]),
                method=KEYNESS["method"], lang=lang, title=title.format(group=g)))
            group_files.append({"group": g, "figure": "keyness", "files": files,
                                "n_documents": int(n_docs), "n_han": int(n_han)})
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
        attempt("topic_terms", lambda: plot.plot_topic_terms(res, lang=lang))
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
                                              level=args.level, lang=lang)

        attempt("topic_prevalence", prevalence)
    reuse = find_reuse(corpus)
    attempt("reuse_heatmap", lambda: plot.plot_reuse_heatmap(reuse, labels=labels, lang=lang))

    font = find_cjk_font()
    # Read back from the PDFs themselves (journals reject Type 3 text).
    pdf_types = sorted({f["type"] for name in written if name.endswith(".pdf")
                        for f in pdf_fonts(out / name)})
    prov = {
        "input": str(src), "input_sha256": sha256_of(src),
        "n_documents": len(corpus), "n_sections": len(corpus.sections),
        "input_errors": corpus.errors.to_dict("records"),
        "command": [sys.argv[0], *(argv if argv is not None else sys.argv[1:])],
        "parameters": {"by": args.by, "groups": args.groups, "lang": lang, "k": args.k,
                       "method": args.method, "level": args.level,
                       "n_boot": args.n_boot, "ci": args.ci, "dpi": args.dpi,
                       "segmenter": tok.describe(), "keyness": KEYNESS,
                       "topics": res.params if res is not None else None,
                       "reuse": reuse.params},
        "seeds": {"topics": args.seed, "bootstrap": args.seed,
                  "minhash": reuse.params["seed"]},
        "font": {"name": font.name, "origin": font.origin, "file": Path(font.path).name,
                 "pdf_font_types": pdf_types},
        "versions": versions(), "figures": written, "groups": group_files,
        "failures": failures,
    }
    (out / "provenance.json").write_text(json.dumps(prov, ensure_ascii=False, indent=2,
                                                    default=str) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
