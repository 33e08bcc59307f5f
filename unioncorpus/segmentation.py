"""Word segmentation for the genre: a private jieba tokenizer with the domain dictionary.

:class:`Segmenter` wraps its *own* ``jieba.Tokenizer()`` (never the global one, never
``jieba.add_word``), loads the domain user dictionary shipped in ``lexicons/userdict.txt`` and
drops, by default, stopwords, punctuation, numbers, redactions (``***``) and template
placeholders (``xx``, ``20xx``). It is a ``str -> list[str]`` callable, so it plugs into
``CountVectorizer(analyzer=Segmenter())``; it pickles (only its options travel; each process
rebuilds its tokenizer) and may be shared between threads.

    >>> Segmenter()("工会坚持五必访制度，为困难职工送温暖。")
    ['工会', '坚持', '五必访', '制度', '困难职工', '送温暖']

When the optional ``rjieba`` (Rust jieba-rs binding, ``pip install 'unioncorpus[fast]'``) is
installed, and gives exactly jieba's tokens on a probe text with the same dictionary, it is used
instead: about 10x faster end to end on the sample pages (16x for the bare cut).
:attr:`Segmenter.backend` says which one is active and
:attr:`Segmenter.backend_reason` why.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, LexiconError
from .resources import PathLike, lexicon_lines, package_lexicon

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PROBE_TEXT", "Segmenter", "check_dictionary", "load_user_dict", "segment"]

log = logging.getLogger(__name__)

USER_DICT = "userdict.txt"
STOPWORDS = "stopwords.txt"
FORMULA_WORDS = "formula_words.txt"

Entry = tuple[str, int | None, str | None]
"""One user-dictionary entry: ``(word, freq or None, tag or None)``."""

WordSource = bool | PathLike | Iterable[str] | None
"""``True`` (the packaged list), ``False``/``None`` (nothing), a file path or a list of words."""

# --- what is dropped, and how it is recognised --------------------------------------------
# The cleaning pipeline keeps redactions and placeholders recognisable: runs of ``*`` (党的***)
# and of x/X (xx大, 20xx年, XX学年). jieba splits ``***`` into three ``*`` tokens and may glue an
# x-run to a neighbour, so the text is split at these runs *before* segmentation: each run
# becomes one token and never changes how its neighbours are cut. This is a superset of
# ``normalise.REDACTION``/``PLACEHOLDER`` (a single ``*`` is also a redaction here).
# Decimals, percentages and full-width digit runs are protected the same way: jieba cuts
# ``3.5`` into 3/./5, ``100%`` into 100/% and ``２０２４`` digit by digit. Plain ASCII digit runs
# are left to jieba, which already keeps them whole and knows words such as 90后.
# Written plainly, the pattern is (tests/test_segmentation.py holds this form and checks that
# both split every text alike):
#     ([*＊]+
#     |(?<![A-Za-z])(?:1[89]|20)?[xX]{2,}(?![A-Za-z])
#     |(?<![A-Za-z0-9０-９.．])(?:[0-9０-９]+(?:[.．][0-9０-９]+)+[%％‰]?|[0-9０-９]+[%％‰]|[０-９]+)
#      (?![A-Za-z0-9０-９]))
# Below, the first character is taken first, by one character class, and each alternative
# then checks it looking back. A pattern that starts with a character class lets the regex
# engine skip to candidate positions with its fast character-set scan; one that starts with
# an alternation or a look-around is tried at every position (twice as slow here).
_SPECIAL = re.compile(
    r"([*＊xX0-9０-９](?:"
    r"(?<=[*＊])[*＊]*"
    r"|(?<![A-Za-z].)(?:(?<=1)[89][xX]{2,}|(?<=2)0[xX]{2,}|(?<=[xX])[xX]+)(?![A-Za-z])"
    r"|(?<![A-Za-z0-9０-９.．].)(?<=[0-9０-９])"
    r"(?:[0-9０-９]*(?:[.．][0-9０-９]+)+[%％‰]?|[0-9０-９]*[%％‰]|(?<=[０-９])[０-９]*)"
    r"(?![A-Za-z0-9０-９])))"
)
_X = "xX"  # a token made only of these is a placeholder, whatever its length

# Tokens that are not alphabetic (CJK counts as alphabetic) are rare; one regex sorts them.
_NONALPHA = re.compile(
    r"(?P<redaction>[*＊]+)"
    r"|(?P<placeholder>(?:1[89]|20)?[xX]+)"
    r"|(?P<number>\d+(?:[.．,，]\d+)*[%％‰]?)"
    r"|(?P<punct>[\W_]+)"
)
# Chinese numerals used as numbers (三, 二十, 一百五十). A token made only of these characters
# is a number, except the festival/date names below, which are content in this genre
# (“三八”妇女节, “六一”儿童节, 五四, 十一 国庆) and two ordinary words.
_CN_NUMERALS = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟廿卅"
_NUMERAL_WORDS = frozenset({"三八", "五一", "五四", "六一", "七一", "八一", "十一", "万一", "一一"})
# Units: once a number (or placeholder) is dropped, a date unit or measure word right after it
# goes too, so ``2024年``, ``12月26日``, ``147名``, ``5万元`` and ``20xx年`` leave nothing, while
# ``2024年度`` keeps ``年度`` (jieba cuts 年度 as one word) and ``XX学年`` keeps ``学年``. A
# bare 人/名/次 left behind by a number would only add noise to counts.
_UNITS = frozenset({
    "年", "月", "日", "号", "时", "天", "周", "岁",  # dates and durations
    "人", "名", "位", "个", "次", "件", "项", "篇", "条", "所", "届", "期",  # measure words
    "元", "万元", "余", "多", "余元", "余人", "多人", "多名",  # money, approximations (5000余元)
})

PROBE_TEXT = (
    "本学期，我校工会在上级教育工会和学校党总支的领导下，坚持以法治会、依法治校，"
    "认真学习贯彻党的xx大精神和“XXXX”重要思想，进一步规范教代会制度。"
    "5月召开了一届二次教职工代表大会，教职工代表围绕师德师风建设、绩效工资方案提出提案28件，"
    "经审委员会报告了工会经费收支情况，全面推进校务公开、厂务公开和政务公开。\n"
    "坚持五必访制度，为困难职工、离退休教师送温暖，发放慰问金3.5万元，"
    "办理住院医疗互助保险；开展金秋助学活动。“三八”妇女节组织女教职工妇检，"
    "女职委开展巾帼文明岗创建。\r\n"
    "实施青蓝工程，开展师徒结对和岗位练兵，举办青年教师教学基本功比赛、教学比武和"
    "师能大练兵活动，深化校本教研。建好教工之家、职工之家，工会小组组织拔河比赛、"
    "趣味运动会和文艺汇演，参加县总工会劳动竞赛。\n"
    "20xx年XX学年，学习******的讲话和党的***精神；按(1)、①、二十、100%、50‰执行。"
    "　全角空格与tab\t及 Latin words、C++、a-b、x_y、e-mail、www.example.com、"
    "2009-08-09 12:27 等也要一致。"
)
"""Genre text for the backend self-check and the default of :func:`check_dictionary`.

It holds dictionary words in context, placeholders, redactions, numbers and the non-Chinese
runs (dates, URLs, hyphenated words) on which jieba-rs's HMM mode differs from jieba's.
"""


# --- lexicons ----------------------------------------------------------------------------------
# jieba only ever matches a dictionary word inside one run of these characters
# (``jieba.re_han_default``); a word with anything else in it would be silently ignored.
_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_TAG = re.compile(r"[A-Za-z]+")


def _parse_entry(text: str, where: str, line: int) -> Entry:
    parts = text.split()
    word, rest = parts[0], parts[1:]
    if not _JIEBA_WORD.fullmatch(word):
        raise LexiconError(where, line, f"{word!r} has characters jieba never puts in a word "
                           "(only CJK, Latin letters, digits and + # & . _ % -); remove them")
    freq: int | None = None
    tag: str | None = None
    if rest and rest[0].isdigit():  # "0" is allowed: the word is removed (see _Backends)
        freq = int(rest.pop(0))
    if rest and _TAG.fullmatch(rest[0]):
        tag = rest.pop(0)
    if rest:
        raise LexiconError(where, line, f"expected 'word [freq] [tag]', got {text!r}")
    return word, freq, tag


def _check_path(source: PathLike, param: str) -> Path:
    p = Path(source)
    if not p.is_file():
        raise InputError(f"{param}={str(source)!r}: no such file; pass an existing path or a "
                         "list of words")
    return p


def load_user_dict(source: PathLike | Iterable[str] | None = None) -> tuple[Entry, ...]:
    """Parse a jieba user dictionary (``word [freq] [tag]`` per line) into entries.

    Parameters:
        source: a path, a list of such lines (``["五必访 2000 nz", "教工之家"]``), or ``None``
            for the packaged domain dictionary.

    Returns:
        A tuple of ``(word, freq, tag)``; ``freq``/``tag`` are ``None`` when omitted (jieba then
        picks the smallest frequency that keeps the word whole). Frequency 0 removes a word
        of jieba's own dictionary, in this tokenizer only.

    Raises:
        LexiconError: a malformed line, naming the file (or ``user_dict``) and line.

    >>> load_user_dict(["五必访 2000 nz", "教工之家"])
    (('五必访', 2000, 'nz'), ('教工之家', None, None))
    """
    if source is None:
        path = package_lexicon(USER_DICT)
        return tuple(_parse_entry(t, str(path), no) for no, t in lexicon_lines(path))
    if isinstance(source, (str, os.PathLike)):
        path = _check_path(source, "user_dict")
        return tuple(_parse_entry(t, str(path), no) for no, t in lexicon_lines(path))
    if isinstance(source, bytes):
        raise InputError("user_dict must be a path or a list of 'word [freq] [tag]' strings")
    out = []
    for no, item in enumerate(source, 1):
        if not isinstance(item, str):
            raise InputError(f"user_dict item {no} is {type(item).__name__}, expected a string "
                             "like '五必访 2000 nz'")
        if item.strip():
            out.append(_parse_entry(item.strip(), "user_dict", no))
    return tuple(out)


def _words(source: WordSource, packaged: str, param: str) -> list[str]:
    """Words of a stopword-like option: True = packaged file, False/None = none, path or list."""
    if source is True:
        return [t.split()[0] for _, t in lexicon_lines(package_lexicon(packaged))]
    if source is False or source is None:
        return []
    if isinstance(source, (str, os.PathLike)):
        path = _check_path(source, param)
        return [t.split()[0] for _, t in lexicon_lines(path)]
    try:
        items = list(source)
    except TypeError:
        raise InputError(f"{param} must be True, False, a path or a list of words, "
                         f"got {type(source).__name__}") from None
    bad = [w for w in items if not isinstance(w, str)]
    if bad:
        raise InputError(f"{param} must hold strings, got {type(bad[0]).__name__} {bad[0]!r}")
    return [w.strip() for w in items if w.strip()]


# --- building the tokenizers (once per dictionary, shared) -------------------------------------
_BUILD_LOCK = threading.Lock()
_BUILT: dict[tuple[Entry, ...], _Backends] = {}
_MAX_BUILT = 8  # each jieba prefix dict holds ~60 MB; a process rarely needs more dictionaries
_quieted = False


def _quiet_jieba() -> None:
    """Silence jieba's "Building prefix dict ..." DEBUG chatter on stderr, once.

    jieba sets its logger to DEBUG at import; a level the user chose since then is respected.
    """
    global _quieted
    if not _quieted:
        lg = logging.getLogger("jieba")
        if lg.level <= logging.DEBUG:
            lg.setLevel(logging.WARNING)
        _quieted = True


def _cache_dir(version: str) -> Path | None:
    """A writable per-user directory for jieba's prefix-dict cache, or None (no cache).

    Under :func:`unioncorpus.cache.default_cache_dir` (``$UNIONCORPUS_CACHE`` wins). Never the
    package directory (often read-only, and shared between users).
    """
    from .cache import default_cache_dir

    root = default_cache_dir()
    d = root / f"jieba-{version}"  # a new jieba may ship a new dictionary
    try:
        d.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=d):
            pass
    except OSError:
        return None
    return d


class _Backends:
    """A private jieba tokenizer and, when available, an rjieba one with the same words.

    jieba's tokenizer is built only when needed (≈1 s): for a word without a frequency, for
    the self-check, or as the backend. The self-check's verdict is kept on disk, keyed by the
    words, both versions and the probe, so worker processes that find "rjieba" there never
    build jieba at all.
    """

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self._jieba: Any = None
        self._lock = threading.Lock()
        if any(freq is None for _, freq, _ in entries):
            tok = self.jieba  # an omitted frequency is resolved once, by jieba, for both
            entries = tuple((w, f if f is not None else tok.suggest_freq(w, False), t)
                            for w, f, t in entries)
        self.entries = entries
        self.words = tuple(w for w, _, _ in entries)
        self.rjieba: Any = None
        self.rjieba_missing = ""
        try:
            jieba_class = _rjieba_class()
        except ImportError:
            self.rjieba_missing = "rjieba is not installed (pip install 'unioncorpus[fast]')"
        else:
            rj = jieba_class()  # a private instance too: rjieba.add_word would be global
            for word, f, tag in entries:
                rj.add_word(word, f, tag)
            self.rjieba = rj
        self._verdicts: dict[bool, tuple[str, str]] = {}

    @property
    def jieba(self) -> Any:
        """The private jieba tokenizer with the entries (built on first use)."""
        with self._lock:
            if self._jieba is None:
                self._jieba = self._build_jieba()
            return self._jieba

    def _build_jieba(self) -> Any:
        import jieba

        _quiet_jieba()
        tok = jieba.Tokenizer()  # private: jieba.dt and the module functions stay untouched
        cache = _cache_dir(getattr(jieba, "__version__", "unknown"))
        if cache is not None:
            tok.tmp_dir = str(cache)  # jieba writes the cache atomically (temp file + rename)
            tok.initialize()
        else:
            # No writable cache dir: build in memory. (tok.initialize() would try to write the
            # cache to the system temp dir and log an error when that fails too.)
            with tok.get_dict_file() as f:
                tok.FREQ, tok.total = tok.gen_pfdict(f)
            tok.initialized = True
        for word, freq, tag in getattr(self, "entries", ()):
            if freq == 0:
                # Remove a jieba word from this tokenizer only. jieba's del_word/add_word(w, 0)
                # would also put it in finalseg's process-wide force-split set.
                if word in tok.FREQ:
                    tok.FREQ[word] = 0
                continue
            if freq is not None:
                tok.add_word(word, freq, tag)
        return tok

    def choose(self, hmm: bool) -> tuple[str, str]:
        """``(backend, reason)``: rjieba only if it gives jieba's exact tokens on the probe."""
        if hmm not in self._verdicts:
            self._verdicts[hmm] = self._cached_check(hmm)
        return self._verdicts[hmm]

    def _cached_check(self, hmm: bool) -> tuple[str, str]:
        if self.rjieba is None:
            return "jieba", self.rjieba_missing
        import hashlib
        from importlib.metadata import version

        # Versions from the installed metadata: importing jieba (≈0.1 s) is what the cached
        # verdict saves a worker process.
        jieba_version = version("jieba")
        key = hashlib.sha256(repr((self.entries, hmm, PROBE_TEXT, jieba_version,
                                   version("rjieba"))).encode()).hexdigest()[:24]
        folder = _cache_dir(jieba_version)
        path = folder / f"verdict-{key}.txt" if folder is not None else None
        if path is not None:
            try:
                name, reason = path.read_text(encoding="utf-8").split("\t", 1)
                if name in ("rjieba", "jieba"):
                    return name, reason + " (checked earlier, cached)"
            except (OSError, ValueError):
                pass
        name, reason = self._self_check(hmm)
        if path is not None:
            from .output import write_atomic

            try:
                write_atomic(path, [f"{name}\t{reason}"])
            except OSError:
                pass
        return name, reason

    def _self_check(self, hmm: bool) -> tuple[str, str]:
        # The probe also lists every dictionary word, so a user word rjieba mishandles shows.
        probe = PROBE_TEXT + "\n" + "\n".join(self.words)
        want = list(self.jieba.cut(probe, HMM=hmm))
        got = list(self.rjieba.cut(probe, hmm))
        if got == want:
            return "rjieba", f"rjieba gives jieba's tokens on the probe text (hmm={hmm})"
        i = next((k for k, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
                 min(len(want), len(got)))
        return "jieba", (f"rjieba differs from jieba on the probe text (hmm={hmm}): "
                         f"{'/'.join(got[i:i + 4])!r} instead of {'/'.join(want[i:i + 4])!r}")


def _rjieba_class() -> Any:
    """rjieba's ``Jieba`` class, without running the ``rjieba`` package's ``__init__``.

    ``import rjieba`` builds a module-level default tokenizer (≈0.13 s of CPU and ≈25 MB in
    every process, workers included) that is never used here: each dictionary gets a private
    instance. So, unless ``rjieba`` is imported already, only its compiled submodule is
    loaded, and registered under its usual name: a later ``import rjieba`` elsewhere finds it
    there and reuses it (a compiled module may be initialised only once per process).

    Raises:
        ImportError: rjieba is not installed (or is blocked in ``sys.modules``).
    """
    import sys

    if "rjieba" in sys.modules:  # imported already (or blocked/replaced, as tests do)
        import rjieba

        return rjieba.Jieba
    ext = sys.modules.get("rjieba.rjieba")
    if ext is None:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("rjieba")  # finds the package, does not run it
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("No module named 'rjieba'")
        ext_spec = importlib.machinery.PathFinder.find_spec(
            "rjieba.rjieba", list(spec.submodule_search_locations))
        if ext_spec is None or not isinstance(ext_spec.loader,
                                              importlib.machinery.ExtensionFileLoader):
            import rjieba  # an unexpected layout: the ordinary import

            return rjieba.Jieba
        ext = importlib.util.module_from_spec(ext_spec)
        sys.modules["rjieba.rjieba"] = ext  # registered as soon as it is initialised
        ext_spec.loader.exec_module(ext)
    return ext.Jieba


def _backends(entries: tuple[Entry, ...]) -> _Backends:
    with _BUILD_LOCK:
        b = _BUILT.get(entries)
        if b is None:
            b = _Backends(entries)
            if len(_BUILT) >= _MAX_BUILT:
                _BUILT.pop(next(iter(_BUILT)))
            _BUILT[entries] = b
        return b


# --- the segmenter -----------------------------------------------------------------------------
class Segmenter:
    """Segment genre text into words with a private jieba tokenizer and the domain dictionary.

    Nothing is loaded at construction beyond the word lists; the tokenizer is built on first
    use (once per dictionary and process, under a lock), then shared. Picklable: only the
    options travel, and each process rebuilds its tokenizer (cached on disk, so it is cheap).

    Parameters (keyword-only):
        stopwords: ``True`` drops the packaged function words (``lexicons/stopwords.txt``);
            ``False`` keeps them; a path or a list replaces the packaged list.
        formula_words: ``True`` also drops the genre's formula words (积极, 认真, 进一步, 切实
            … ``lexicons/formula_words.txt``), which drown out content in counts.
        extra_stopwords: a path or a list of words dropped in addition.
        user_dict: a path or a list of ``word [freq] [tag]`` lines added to the private
            tokenizer after the domain dictionary (the package and global jieba are untouched).
        domain_dict: ``False`` leaves the packaged domain dictionary out.
        hmm: jieba's HMM new-word discovery. Off by default: on this genre it invents words
            across word boundaries (e.g. glues a verb to the following noun), which then
            pollute counts; switch it on only to look for vocabulary missing from the
            dictionary.
        keep_punct: keep punctuation tokens.
        keep_numbers: keep numbers (Arabic digits, ``3.5``, ``50%``, and Chinese numerals used
            as numbers, e.g. 二十) and the date unit or measure word right after one
            (``2024年``, ``5月``, ``147名``, ``5万元``), which are otherwise dropped with it.
            年度, 学年, 第三届, 二十多名 and festival names (“三八”, 六一) are words, always kept.
        keep_placeholders: keep redactions (``***`` as one token) and template placeholders
            (``xx``, ``XX``, ``20xx``; a date unit after one goes with it: ``20xx年``).
        backend: ``"auto"`` uses rjieba when installed and identical on the probe text,
            ``"jieba"`` never uses it.

    Whitespace is never a token. Example:

        >>> seg = Segmenter(formula_words=True)
        >>> seg("20xx年，工会积极开展“送温暖”活动，慰问困难职工12人。")
        ['工会', '送温暖', '活动', '慰问', '困难职工']
    """

    def __init__(
        self,
        *,
        stopwords: WordSource = True,
        formula_words: bool = False,
        extra_stopwords: PathLike | Iterable[str] | None = None,
        user_dict: PathLike | Iterable[str] | None = None,
        domain_dict: bool = True,
        hmm: bool = False,
        keep_punct: bool = False,
        keep_numbers: bool = False,
        keep_placeholders: bool = False,
        backend: str = "auto",
    ) -> None:
        if backend not in ("auto", "jieba"):
            raise InputError(f"backend must be 'auto' or 'jieba', got {backend!r}")
        for name, value in (("formula_words", formula_words), ("domain_dict", domain_dict),
                            ("hmm", hmm), ("keep_punct", keep_punct),
                            ("keep_numbers", keep_numbers),
                            ("keep_placeholders", keep_placeholders)):
            if not isinstance(value, bool):
                raise InputError(f"{name} must be True or False, got {value!r}")
        if isinstance(extra_stopwords, bool):
            raise InputError("extra_stopwords must be a path or a list of words; use "
                             "stopwords=/formula_words= to switch the packaged lists")
        # Iterators would be consumed here and lost for pickling: keep a tuple.
        if user_dict is not None and not isinstance(user_dict, (str, os.PathLike)):
            user_dict = tuple(user_dict)
        if (stopwords is not None and not isinstance(stopwords, (bool, str, os.PathLike))):
            stopwords = tuple(stopwords)
        if extra_stopwords is not None and not isinstance(extra_stopwords, (str, os.PathLike)):
            extra_stopwords = tuple(extra_stopwords)
        self._options: dict[str, Any] = dict(
            stopwords=stopwords, formula_words=formula_words, extra_stopwords=extra_stopwords,
            user_dict=user_dict, domain_dict=domain_dict, hmm=hmm, keep_punct=keep_punct,
            keep_numbers=keep_numbers, keep_placeholders=keep_placeholders, backend=backend)
        # Word lists are read now (cheap, cached) so a bad path or line fails at construction.
        drop = _words(stopwords, STOPWORDS, "stopwords")
        drop += _words(formula_words, FORMULA_WORDS, "formula_words")
        drop += _words(extra_stopwords or None, STOPWORDS, "extra_stopwords")
        self.drop_words: frozenset[str] = frozenset(drop)
        """Every word dropped from the output (stopwords, formula words, extra stopwords)."""
        self._entries = (load_user_dict() if domain_dict else ()) + (
            load_user_dict(user_dict) if user_dict is not None else ())
        self._lock = threading.Lock()
        self._state: tuple[Callable[[str], list[str]], str, str] | None = None
        self._decisions: dict[str, int] = {}
        # The two common decisions also on their own. Kept tokens map to the first string seen
        # for each: the output shares one string object per distinct token instead of one per
        # occurrence (a tenth of the memory for a corpus's token lists), and counting them is
        # faster (a dict finds the very same object at once).
        self._keep: dict[str, str] = {}
        self._drop: set[str] = set()
        self._units: dict[str, str] = {}  # unit words as kept, one string each, as above
        self._fingerprint: str | None = None

    # pickling: options only; the tokenizer is rebuilt (lazily) in the receiving process
    def __getstate__(self) -> dict[str, Any]:
        return dict(self._options)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._options.items() if v != _DEFAULTS[k]}
        return "Segmenter(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def _ensure(self) -> tuple[Callable[[str], list[str]], str, str]:
        state = self._state
        if state is None:
            with self._lock:  # double-checked: one thread builds, the others wait and reuse
                if self._state is None:
                    self._state = self._build()
                state = self._state
        return state

    def _build(self) -> tuple[Callable[[str], list[str]], str, str]:
        hmm = self._options["hmm"]
        b = _backends(self._entries)
        if self._options["backend"] == "jieba":
            name, reason = "jieba", "backend='jieba' was requested"
        else:
            name, reason = b.choose(hmm)
        if name == "rjieba":
            rj = b.rjieba

            def cut(s: str) -> list[str]:
                return rj.cut(s, hmm)  # rjieba's default is hmm=True: always pass it
        else:
            tok = b.jieba

            def cut(s: str) -> list[str]:
                return list(tok.cut(s, HMM=hmm))
        log.debug("segmenter backend %s: %s", name, reason)
        return cut, name, reason

    def fingerprint(self) -> str:
        """A short hash of everything that decides the tokens (dictionaries, word lists,
        options, jieba's version), used to key caches of segmented output. The backend is not
        part of it: the fast path is only used where its tokens are identical."""
        if self._fingerprint is not None:
            return self._fingerprint
        import hashlib
        from importlib.metadata import version

        h = hashlib.sha256(version("jieba").encode())  # the same string as jieba.__version__
        opts = {k: v for k, v in self._options.items() if k != "backend"}
        h.update(repr(sorted(opts.items(), key=lambda kv: kv[0])).encode())
        h.update("\n".join(sorted(self.drop_words)).encode())
        h.update(repr(self._entries).encode())
        self._fingerprint = h.hexdigest()[:16]
        return self._fingerprint

    @property
    def backend(self) -> str:
        """``"rjieba"`` or ``"jieba"``: the backend in use (building it if needed)."""
        return self._ensure()[1]

    @property
    def backend_reason(self) -> str:
        """Why :attr:`backend` was chosen (e.g. "rjieba is not installed")."""
        return self._ensure()[2]

    @property
    def dictionary_words(self) -> tuple[str, ...]:
        """The words of the domain dictionary and ``user_dict``, in load order.

        Entries with frequency 0 (words removed from jieba's dictionary) are not listed.
        """
        return tuple(w for w, f, _ in self._entries if f != 0)

    def cut_raw(self, text: str) -> list[str]:
        """Every token, nothing dropped: ``"".join(seg.cut_raw(text)) == text``.

        Redactions and placeholders come out as one token each.

        >>> Segmenter().cut_raw("党的***和xx大")
        ['党', '的', '***', '和', 'xx', '大']
        """
        if not isinstance(text, str):
            raise InputError(f"expected a str, got {type(text).__name__}; for many texts use "
                             "cut_many()")
        cut = self._ensure()[0]
        parts = _SPECIAL.split(text)
        if len(parts) == 1:
            return cut(text)
        out: list[str] = []
        for i, part in enumerate(parts):
            if i % 2:  # the split pattern's group: a redaction or placeholder, kept whole
                out.append(part)
            elif part:
                out.extend(cut(part))
        return out

    def __call__(self, text: str) -> list[str]:
        """Segment ``text`` and drop what the options say; usable as ``analyzer=``."""
        return self._filter(self.cut_raw(text))

    def cut(self, text: str) -> list[str]:
        """Same as calling the segmenter: ``seg.cut(text) == seg(text)``."""
        return self(text)

    def cut_many(self, texts: Iterable[str]) -> Iterator[list[str]]:
        """Yield the tokens of each text, lazily (for long corpora).

        >>> list(Segmenter().cut_many(["教代会", "校务公开"]))
        [['教代会'], ['校务公开']]
        """
        if isinstance(texts, str):
            raise InputError("cut_many() expects an iterable of texts, got one str; "
                             "call the segmenter on it directly")
        for text in texts:
            yield self(text)

    def _filter(self, tokens: list[str]) -> list[str]:
        # One pass. What to do with a token depends only on the token (and, for a unit word,
        # on whether a dropped number came just before), so the decision is memoised per
        # distinct token: the vocabulary is small, the token stream long.
        decisions, drop = self._decisions, self._drop
        keep = self._keep
        kept = keep.get
        out: list[str] = []
        append = out.append
        after_dropped_number = False
        for t in tokens:
            same = kept(t)
            if same is not None:  # most tokens: words, then punctuation
                append(same)
                after_dropped_number = False
                continue
            if t in drop:
                after_dropped_number = False
                continue
            d = decisions.get(t)
            if d is None:
                d = decisions[t] = self._classify(t)
                if d == _KEEP:
                    keep[t] = t
                elif d == _DROP:
                    drop.add(t)
            if d == _KEEP:
                append(t)
                after_dropped_number = False
            elif d == _UNIT:
                if not after_dropped_number:
                    append(self._units.setdefault(t, t))
                after_dropped_number = False
            elif d == _DROP:
                after_dropped_number = False
            elif d == _DROP_NUMBER:
                after_dropped_number = True
            # _SKIP (whitespace): changes nothing
        return out

    def _classify(self, t: str) -> int:
        opts = self._options
        if t in self.drop_words:
            return _DROP
        if t.isalpha():
            if not t.strip(_X):
                keep = opts["keep_placeholders"]
            elif not t.strip(_CN_NUMERALS) and t not in _NUMERAL_WORDS:
                keep = opts["keep_numbers"]
            else:
                return _UNIT if t in _UNITS else _KEEP
            return _KEEP if keep else _DROP_NUMBER
        if t.isspace():
            return _SKIP
        m = _NONALPHA.fullmatch(t)
        kind = m.lastgroup if m else ("number" if t.isnumeric() else "")
        if kind == "number":
            keep = opts["keep_numbers"]
        elif kind in ("placeholder", "redaction"):
            keep = opts["keep_placeholders"]
        elif kind == "punct":
            keep = opts["keep_punct"]
        else:  # mixed tokens such as "xing528": words
            keep = True
        if keep:
            return _KEEP
        return _DROP_NUMBER if kind in ("number", "placeholder") else _DROP


# Token decisions of Segmenter._filter.
_KEEP, _UNIT, _DROP, _DROP_NUMBER, _SKIP = range(5)

_DEFAULTS: dict[str, Any] = dict(
    stopwords=True, formula_words=False, extra_stopwords=None, user_dict=None, domain_dict=True,
    hmm=False, keep_punct=False, keep_numbers=False, keep_placeholders=False, backend="auto")

_SHARED: dict[Any, Segmenter] = {}
_SHARED_LOCK = threading.Lock()


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


def segment(text: str, **opts: Any) -> list[str]:
    """Segment one text with a shared :class:`Segmenter` built from ``opts`` (cached).

    >>> segment("工会组织开展教学比武和岗位练兵。")
    ['工会', '组织', '开展', '教学比武', '岗位练兵']
    >>> segment("教代会于2024年5月召开", keep_numbers=True)
    ['教代会', '2024', '年', '5', '月', '召开']
    """
    unknown = set(opts) - set(_DEFAULTS)
    if unknown:
        raise InputError(f"unknown option(s) {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(_DEFAULTS)}")
    try:
        key = tuple(sorted((k, _freeze(v)) for k, v in opts.items()))
        hash(key)
    except TypeError:  # e.g. a generator: no caching, build a fresh (cheap) segmenter
        return Segmenter(**opts)(text)
    seg = _SHARED.get(key)
    if seg is None:
        with _SHARED_LOCK:
            seg = _SHARED.setdefault(key, Segmenter(**opts))
    return seg(text)


# --- dictionary check --------------------------------------------------------------------------
CHECK_COLUMNS = ["word", "occurrences", "whole", "split", "split_as", "context"]


def check_dictionary(texts: Iterable[str] | None = None, segmenter: Segmenter | None = None,
                     *, include_ok: bool = False) -> pd.DataFrame:
    """Find dictionary words that occur in ``texts`` but are cut apart in context.

    An occurrence is *whole* when no token boundary falls inside it (it is a token, or part of
    a longer dictionary token); otherwise it is *split*. Use it after editing frequencies in a
    user dictionary: a word that is split needs a higher frequency, or a longer entry. Run it on
    a sample: it searches every word in every text.

    Parameters:
        texts: texts to search; ``None`` uses :data:`PROBE_TEXT`.
        segmenter: whose dictionary and tokenizer to check; default ``Segmenter()``.
        include_ok: also list words that occur and are never split.

    Returns:
        A DataFrame with columns ``word, occurrences, whole, split, split_as, context``
        (``split_as``/``context`` show the first split occurrence, tokens joined by ``/``),
        the most often split words first. Empty when every occurring word comes out whole.

    >>> check_dictionary(["坚持以法治会，落实五必访"]).empty
    True
    """
    import pandas as pd

    seg = segmenter if segmenter is not None else Segmenter()
    if texts is None:
        texts = [PROBE_TEXT]
    elif isinstance(texts, str):
        raise InputError("texts must be a list of texts, got one str; wrap it: [text]")
    stats: dict[str, list[Any]] = {}
    words = sorted(set(seg.dictionary_words))
    for text in texts:
        if not isinstance(text, str):
            raise InputError(f"texts must hold str, got {type(text).__name__}")
        tokens = seg.cut_raw(text)
        starts = []
        pos = 0
        for t in tokens:
            starts.append(pos)
            pos += len(t)
        for w in words:
            i = text.find(w)
            while i >= 0:
                j = i + len(w)
                row = stats.setdefault(w, [w, 0, 0, 0, "", ""])
                row[1] += 1
                # whole iff no token starts strictly inside [i, j)
                nxt = bisect_right(starts, i)
                if nxt == len(starts) or starts[nxt] >= j:
                    row[2] += 1
                else:
                    row[3] += 1
                    if not row[4]:
                        k, end = nxt - 1, bisect_left(starts, j)
                        row[4] = "/".join(tokens[k:end])
                        row[5] = "/".join(tokens[max(0, k - 3):end + 3])
                i = text.find(w, i + 1)
    rows = [r for r in stats.values() if include_ok or r[3]]
    rows.sort(key=lambda r: (-r[3], r[0]))
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
