"""Region (province, city, county) of a document's school, from the place names it gives.

The names come from ``lexicons/regions.tsv`` (the official division list: 3,400 provinces,
prefectures and counties, with its source in the file's header). Full names (湖北省, 武汉市,
蔡甸区) are found anywhere; short names (湖北, 武汉, 蔡甸) are ordinary words too often
(安顺 in 平安顺利, 长治 in 长治久安, 南岳 in 南岳路小学) to be taken alone, so a short name
counts only where the words after it make it a place: a province's name standing alone, a
prefecture's or county's before a county-level institution (蔡甸职教中心, 武汉教育局). What
a document names as somewhere else does not count: a destination (去武汉, 赴北京), a street
(北京路), a university (北京大学).

Each mention points to one or more divisions (朝阳区 is in Beijing and in Changchun). The
region is the division the mentions agree on: the province most mentions point to, then the
city and county under it. A mention that fits several divisions counts only once another
mention has decided between them. ``region_from`` lists the mentions used.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LexiconError
from ..resources import lexicon_lines

LEVELS = ("province", "city", "county")
MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: province and city at once

# Suffixes taken off a full name to get the short name people write (湖北省 → 湖北).
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
             "自治旗", "林区", "特区", "地区", "省", "市", "盟", "县", "区", "旗")
# Ethnic names inside an autonomous division's name: its short name is what comes before
# them (恩施土家族苗族自治州 → 恩施, 延边朝鲜族自治州 → 延边).
_ETHNIC = re.compile("土家族|苗族|侗族|布依族|彝族|藏族|羌族|傣族|白族|哈尼族|景颇族|傈僳族|回族|"
                     "蒙古族|蒙古|哈萨克|柯尔克孜|朝鲜族|壮族|瑶族|黎族|畲族|满族|仡佬族|水族|"
                     "拉祜族|佤族|纳西族|普米族|独龙族|怒族|阿昌族|德昂族|基诺族|布朗族|各族|"
                     "达斡尔族|鄂温克族|鄂伦春族|锡伯族|土族|撒拉族|东乡族|保安族|裕固族|塔吉克|"
                     "毛南族|仫佬族|京族|哈萨克族")
# Full names that are also ordinary words (城区 = downtown, 老城区 = old town, 和县 in
# 乡镇和县级): counted only right after their own city's name (洛阳市老城区).
_GENERIC_FULL = frozenset({"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "新区", "老城区",
                           "新城区", "古城区", "城中区", "市中区", "新市区", "山城区", "和县", "中西区",
                           "城关区", "东城区", "西城区", "城北区", "城东区", "城西区", "城南区"})
# What may follow a short prefecture or county name for it to be a place: a county-level
# institution. Not 小学/中学/学校/幼儿园: village and town schools are named after their
# place, and a town often shares its name with a county elsewhere (东川中心学校 is no school
# of 东川区, Kunming).
_SHORT_FOLLOW = re.compile(r"教育局|教育厅|教育工会|教育系统|教育体育局|教体局|教委|总工会|人民政府|"
                           r"政府|职教|职业|实验|师范|进修|特殊教育|"
                           r"第[一二三四五六七八九十]+(?:中学|小学|中心|实验|高级|初级|职业)|"
                           r"[一二三四五六七八九十]+[中小](?![学心])|地区")
# Before a name: it is where someone went or came from, not where the school is.
# (up to four characters between: 到扶贫点开平市, 去了美丽的杭州)
_ELSEWHERE_BEFORE = re.compile(
    r"(?:(?<![过失回出离进上下])去(?![年世])|赴|(?<![得受达做感遇看听想找收来提])到|(?<![以往来交])往(?![年往事])|(?<![甚乃])至(?!今)|"
    r"前往|游览|参观|考察|来自|(?<![服])从(?![而事严中])|奔赴|远赴|远足|支援|援建|对口|扶贫|帮扶)"
    r"[^，。；、,;\s]{0,4}$")  # 去年 得到 以往 甚至 从而: not a journey
# A disaster or an event elsewhere that the staff gave to or learnt from (四川汶川发生地震,
# 学习四川汶川大地震中的优秀教师): news, not the school's place.
_EVENT_AFTER = re.compile(r"[^，。；,;]{0,14}?(?:地震|灾区|灾害|洪灾|洪水|雪灾|旱灾|疫情|抗震|救灾)")
# After a full county-level name: 区域 (新城区域) is no district.
_NOT_AFTER_FULL = re.compile(r"[域划]")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class Region:
    """What :func:`region` found: names of the province, city and county (None where not
    named), and the evidence (``region_from``: ``text:宁波市;text:北仑区``)."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    region_from: str | None = None


class Gazetteer:
    """The divisions of a regions file and the names (full and short) that point to them."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        full: dict[str, set[str]] = {}
        short: dict[str, set[str]] = {}
        for d in divisions:
            full.setdefault(d.name, set()).add(d.code)
            s = short_name(d.name)
            if s and s != d.name and len(s) >= 2:
                short.setdefault(s, set()).add(d.code)
        # A short name that is some division's full name is that full name (吉林 is not a
        # full name; 沙市 would be): keep full names apart.
        self.full = {k: tuple(sorted(v)) for k, v in full.items()}
        self.short = {k: tuple(sorted(v)) for k, v in short.items() if k not in full}
        import ahocorasick_rs as ac

        # Leftmost-longest: 永和县 wins over 和县 inside it, 黔东南 over 黔东.
        self.names = sorted(set(self.full) | set(self.short))
        self._ac = ac.AhoCorasick(self.names, matchkind=ac.MatchKind.LeftmostLongest)

    def chain(self, code: str) -> tuple[Division | None, Division | None, Division | None]:
        """(province, city, county) of a division: itself and its parents."""
        d = self.by_code[code]
        prov = self.by_code.get(code[:2] + "0000")
        if d.level == "province":
            city = d if code[:2] in MUNICIPALITIES else None
            return prov, city, None
        city = self.by_code.get(code[:4] + "00")
        if city is None and code[:2] in MUNICIPALITIES:
            city = prov
        if d.level == "city":
            return prov, d, None
        return prov, city, d

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each place name in ``text``, non-overlapping."""
        return [(s, e, self.names[i]) for i, s, e in self._ac.find_matches_as_indexes(text)]


def short_name(name: str) -> str:
    """The name without its level word (湖北省 → 湖北, 恩施土家族苗族自治州 → 恩施)."""
    m = _ETHNIC.search(name)
    if m and m.start() >= 2:
        return name[:m.start()]
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


@lru_cache(maxsize=8)
def _gazetteer(path: str) -> Gazetteer:
    divisions = []
    for no, line in lexicon_lines(path):
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"\d{6}", parts[0]) or parts[2] not in LEVELS:
            raise LexiconError(path, no, "expected 'code<TAB>name<TAB>level' with a six-digit "
                               f"code and level one of {', '.join(LEVELS)}, got {line!r}")
        divisions.append(Division(parts[0], parts[1].strip(), parts[2]))
    return Gazetteer(divisions)


def gazetteer(regions: str | os.PathLike | None = None) -> Gazetteer:
    """The gazetteer of a regions file (default: the packaged ``regions.tsv``)."""
    return _gazetteer(os.fspath(regions) if regions is not None else "regions.tsv")


def _mentions(text: str, gaz: Gazetteer, where: str) -> list[tuple[str, tuple[str, ...]]]:
    """(evidence, candidate codes) of each place mention that counts."""
    out = []
    prev_end, prev_codes = -1, ()
    for s, e, name in gaz.find(text):
        before, after = text[max(0, s - 8):s], text[e:e + 6]
        if _ELSEWHERE_BEFORE.search(before) or _EVENT_AFTER.match(text, e):
            continue
        if name in gaz.full:
            codes = gaz.full[name]
            level = gaz.by_code[codes[0]].level
            if level == "county" and _NOT_AFTER_FULL.match(after):
                continue
            if name in _GENERIC_FULL:
                # Only right after its own city: keep the candidates under that city.
                parents = {c[:4] for c in prev_codes} if prev_end == s else set()
                codes = tuple(c for c in codes if c[:4] in parents)
                if not codes:
                    continue
        else:
            # A short name alone is too often something else (全国推广山东邮政经验, 友谊第一):
            # only before a county-level institution (湖北教育厅, 舒城一中, 蔡甸职教中心).
            codes = gaz.short[name]
            if not _SHORT_FOLLOW.match(after):
                continue
        out.append((f"{where}:{name}", codes))
        prev_end, prev_codes = e, codes
    return out


def region(school: str | None, title: str | None, text: str, *,
           regions: str | os.PathLike | None = None) -> Region:
    """The province, city and county a document's school is in, from the names it gives.

    The school's name, the title and the text are searched (see the module docstring for
    which mentions count). Evidence is ``name:…``, ``title:…`` or ``text:…``, in the order
    found, each name once.

    Example:
        >>> region("蔡甸职教中心学校", None, "通过了武汉市企事业单位民主管理检查")
        Region(province='湖北省', city='武汉市', county='蔡甸区', region_from='name:蔡甸;text:武汉市')
    """
    gaz = gazetteer(regions)
    mentions = []
    for where, part in (("name", school), ("title", title), ("text", text)):
        if part:
            mentions.extend(_mentions(part, gaz, where))
    if not mentions:
        return Region()
    chains = [[gaz.chain(c) for c in codes] for _, codes in mentions]

    def decide(level: int, within: tuple[str | None, ...]) -> tuple[str | None, list[int]]:
        # Votes for each division at this level from the mentions that point to one
        # division only there (after keeping the candidates under the decision so far).
        votes: Counter[str] = Counter()
        backers: dict[str, list[int]] = {}
        for i, cands in enumerate(chains):
            here = {ch[level].code for ch in cands
                    if ch[level] is not None and all(
                        (ch[k].code if ch[k] is not None else None) == within[k]
                        for k in range(level))}
            if len(here) == 1:
                code = next(iter(here))
                votes[code] += 1
                backers.setdefault(code, []).append(i)
        if not votes:
            return None, []
        ranked = votes.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None, []  # two places with equal support: say nothing rather than guess
        return ranked[0][0], backers[ranked[0][0]]

    names: list[str | None] = [None, None, None]
    used: set[int] = set()
    within: tuple[str | None, ...] = ()
    for level in range(3):
        code, idx = decide(level, within)
        if code is None:
            if level == 1 and within:
                # Counties directly under the province (仙桃市, 济源市) have no city.
                within = (*within, None)
                continue
            break
        names[level] = gaz.by_code[code].name
        used.update(idx)
        within = (*within, code)
    if not used:
        return Region()
    evidence = list(dict.fromkeys(mentions[i][0] for i in sorted(used)))
    return Region(names[0], names[1], names[2], ";".join(evidence))
