"""Write every report figure (PNG and PDF) for a corpus, with a provenance file beside them.

Usage:
    python scripts/make_figures.py out/documents.jsonl -o figures/
    python scripts/make_figures.py data/raw -o figures/ --k 6 --by school

``provenance.json`` records the input's sha256, the parameters, the seeds, the font used and
the versions of the packages that shaped the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger("make_figures")

PACKAGES = ("unioncorpus", "jieba", "rjieba", "scikit-learn", "pandas", "numpy", "scipy",
            "matplotlib", "datasketch", "mplfonts", "opencc")


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


def tokenizer() -> tuple[Any, str]:
    """The project's Segmenter; a plain private jieba tokenizer if it is not available."""
    try:
        from unioncorpus.segment import Segmenter

        return Segmenter(), "unioncorpus.segment.Segmenter"
    except ImportError:
        import re

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        word = re.compile(r"[\u4e00-\u9fff]")

        def cut(text: str) -> list[str]:
            return [w for w in tok.lcut(text) if word.search(w) and w not in ("xx",)]

        return cut, "jieba.Tokenizer (fallback: unioncorpus.segment missing)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("input", help="documents.jsonl (or raw pages / folder) for unioncorpus.load")
    p.add_argument("-o", "--out", required=True, help="output folder (created if missing)")
    p.add_argument("--by", default="school", help="document column to compare (default school)")
    p.add_argument("--k", type=int, default=6, help="number of topics (default 6)")
    p.add_argument("--method", default="nmf", choices=("nmf", "lda"))
    p.add_argument("--level", default="section", choices=("section", "document"))
    p.add_argument("--seed", type=int, default=0, help="topic model / bootstrap seed")
    p.add_argument("--n-boot", type=int, default=1000)
    p.add_argument("--dpi", type=int, default=200)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import unioncorpus as uc
    from unioncorpus import plot
    from unioncorpus.analysis import (
        compare_groups,
        find_reuse,
        keyness,
        topic_prevalence,
        topics,
    )
    from unioncorpus.fonts import find_cjk_font

    src = Path(args.input)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = uc.load(src)
    tok, tok_name = tokenizer()
    written: list[str] = []
    failures: list[str] = []

    def save(fig: Any, name: str) -> None:
        for ext in ("png", "pdf"):
            path = out / f"{name}.{ext}"
            fig.savefig(path, dpi=args.dpi)
            written.append(path.name)
        log.info("wrote %s.png/.pdf", name)

    def attempt(name: str, make: Any) -> None:
        # One failing figure is reported and the others are still written.
        try:
            save(make(), name)
        except Exception as exc:  # reported in provenance and in the exit code
            log.error("%s: %s: %s", name, type(exc).__name__, exc)
            failures.append(f"{name}: {type(exc).__name__}: {exc}")

    docs = corpus.documents
    labels = {d: f"{d.split('_')[0]}#{d.rsplit('#', 1)[-1]} {s if isinstance(s, str) else ''}"
              .strip() for d, s in zip(docs["doc_id"], docs["school"], strict=True)}
    has_groups = docs[args.by].notna().sum() > 0
    cmp = compare_groups(corpus, by=args.by, tokenizer=tok) if has_groups else None
    if cmp is not None:
        attempt("theme_shares_chars", lambda: plot.plot_theme_shares(cmp, measure="chars"))
        attempt("theme_shares_sections", lambda: plot.plot_theme_shares(cmp, measure="sections"))
        biggest = cmp.sizes.sort_values(["n_chars", args.by], ascending=[False, True])
        for i, g in enumerate(biggest[args.by].head(4), start=1):
            attempt(f"keyness_{i:02d}", lambda g=g: plot.plot_keyness(
                keyness(corpus, args.by, g, tokenizer=tok, min_count=2), group=None,
                title=f"「{g}」的特征词（与其余文档相比）"))
    res = topics(corpus, k=args.k, method=args.method, level=args.level,
                 random_state=args.seed, tokenizer=tok)
    attempt("topic_terms", lambda: plot.plot_topic_terms(res))
    prev_by = args.by if has_groups else "doc_type"
    attempt("topic_prevalence", lambda: plot.plot_topic_prevalence(
        topic_prevalence(res, corpus, by=prev_by, n_boot=args.n_boot, random_state=args.seed)))
    reuse = find_reuse(corpus)
    attempt("reuse_heatmap", lambda: plot.plot_reuse_heatmap(reuse, labels=labels))

    font = find_cjk_font()
    prov = {
        "input": str(src), "input_sha256": sha256_of(src),
        "command": [sys.argv[0], *(argv if argv is not None else sys.argv[1:])],
        "parameters": {"by": args.by, "k": args.k, "method": args.method, "level": args.level,
                       "n_boot": args.n_boot, "dpi": args.dpi, "tokenizer": tok_name,
                       "keyness": {"method": "logodds", "prior": "corpus counts",
                                   "min_count": 2},
                       "topics": res.params, "reuse": reuse.params},
        "seeds": {"topics": args.seed, "bootstrap": args.seed,
                  "minhash": reuse.params["seed"]},
        "font": {"name": font.name, "origin": font.origin, "file": Path(font.path).name},
        "versions": versions(), "figures": written, "failures": failures,
    }
    (out / "provenance.json").write_text(json.dumps(prov, ensure_ascii=False, indent=2,
                                                    default=str), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
