"""Compare the jieba and rjieba backends on the sample pages: identical tokens? how much faster?

    .venv/bin/python scripts/check_segment_backends.py [--repeat 20] [--hmm]

Reads data/raw/*.txt (000 is traditional with pinyin: stripped and converted with OpenCC).
Exit code 1 when rjieba is active but its tokens differ from jieba's.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from unioncorpus.segmentation import Segmenter, check_dictionary

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
PINYIN = re.compile(r"\([A-Za-z\u00C0-\u024F\u0300-\u036F ]+\)")


def pages() -> list[str]:
    import opencc

    cc = opencc.OpenCC("t2s")
    out = []
    for p in sorted(RAW.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        out.append(cc.convert(PINYIN.sub("", text)) if p.name.startswith("000_") else text)
    return out


def timed(seg: Segmenter, texts: list[str], repeat: int) -> float:
    seg.cut_raw("预热")  # build outside the timing
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            seg.cut_raw(t)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--hmm", action="store_true")
    args = ap.parse_args(argv)
    texts = pages()
    fast, slow = Segmenter(hmm=args.hmm), Segmenter(hmm=args.hmm, backend="jieba")
    print(f"auto backend: {fast.backend} ({fast.backend_reason})")
    same = all(fast.cut_raw(t) == slow.cut_raw(t) for t in texts)
    print(f"identical tokens on {len(texts)} pages: {same}")
    t_slow, t_fast = timed(slow, texts, args.repeat), timed(fast, texts, args.repeat)
    chars = sum(map(len, texts)) * args.repeat
    print(f"jieba  {t_slow:.3f}s ({chars / t_slow / 1e6:.2f} M chars/s)")
    print(f"{fast.backend:6} {t_fast:.3f}s ({chars / t_fast / 1e6:.2f} M chars/s), "
          f"ratio {t_slow / t_fast:.1f}x")
    report = check_dictionary(texts, fast)
    print(f"dictionary words split on the sample pages: {len(report)}")
    if not report.empty:
        print(report.to_string(index=False))
    return 1 if fast.backend == "rjieba" and not same else 0


if __name__ == "__main__":
    sys.exit(main())
