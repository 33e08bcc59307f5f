"""Figures for an English-language paper (issue 15): ``lang="en"``, ``labels=`` that never
merge two items, PDFs with no Type 3 fonts, and make_figures drawing every group."""

from __future__ import annotations

import importlib.util
import json
import re
import warnings
import zlib
from io import BytesIO
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from unioncorpus import fonts, plot
from unioncorpus.analysis import compare_groups, find_reuse, keyness, topic_prevalence, topics
from unioncorpus.errors import InputError
from unioncorpus.fonts import find_cjk_font, pdf_fonts

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_figures.py"
HAN = re.compile(r"[\u3400-\u9fff]")

# Invented texts: three schools, two themes.
DOCS = pd.DataFrame({
    "doc_id": [f"d{i}" for i in range(6)], "school": list("甲甲乙乙丙丙"),
    "text": ["工会 温暖 慰问 家 困难", "工会 温暖 困难 家 慰问", "慰问 困难 温暖 家 节日",
             "师德 学习 教师 会 培训", "师德 教师 培训 会 学习", "学习 培训 教师 会 师德"]})
TERMS = sorted({w for t in DOCS["text"] for w in t.split()})


class _Corpus:
    """A minimal Corpus stand-in: documents and sections DataFrames."""

    def __init__(self, docs: pd.DataFrame = DOCS) -> None:
        self.documents = docs
        n = len(docs) // 2
        self.sections = pd.DataFrame({
            "doc_id": docs["doc_id"], "section_id": ["s1"] * len(docs),
            "parent_id": [None] * len(docs), "text": docs["text"],
            "themes": [["送温暖"]] * n + [["师德"]] * (len(docs) - n),
            "theme": ["送温暖"] * n + ["师德"] * (len(docs) - n)})


def texts(fig: Figure) -> list[str]:
    """Every piece of text the figure shows (titles, axis labels, ticks, legends)."""
    fig.draw_without_rendering()  # tick labels are made while drawing
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def no_missing_glyphs(fig: Figure) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(BytesIO(), format="png")
    assert not [w for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)]


def _figures(lang: str) -> dict[str, Figure]:
    kw = {"lang": lang} if lang != "zh" else {}  # the default: Chinese
    cmp = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    prev = topic_prevalence(r, by="school", n_boot=50)
    text = "为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性。"
    reuse = find_reuse(pd.DataFrame({"doc_id": ["甲#0", "乙#0"], "text": [text, text + "召开教代会。"]}))
    return {
        "theme_shares": plot.plot_theme_shares(cmp, **kw),
        "keyness": plot.plot_keyness(keyness(DOCS, "school", "甲", tokenizer=str.split), n=4,
                                     group="甲", **kw),
        "topic_terms": plot.plot_topic_terms(r, n_terms=4, **kw),
        "topic_prevalence": plot.plot_topic_prevalence(prev, **kw),
        "reuse_heatmap": plot.plot_reuse_heatmap(reuse, **kw),
    }


# --- lang="en" ----------------------------------------------------------------------------------

ENGLISH = {
    "theme_shares": ["Themes of union work by school (by characters)", "Care and welfare",
                     "Teacher ethics", "甲 (2 docs, 2 sections)"],
    "keyness": ["Keyness score: weighted log-odds z-score (Monroe et al. 2008)",
                "Distinctive terms of 甲 (against the rest of the texts)",
                "used more by the target"],
    "topic_terms": ["Topic 0", "Topic 1", "Top terms of each topic (NMF, k=2, documents as units)"],
    "topic_prevalence": ["Topic prevalence by school (each panel has its own x scale)",
                         "甲 (2 documents)"],
    "reuse_heatmap": ["Document (row)", "Compared with (column)"],
}


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_english_words_and_chinese_data(name):
    fig = _figures("en")[name]
    shown = texts(fig)
    for want in ENGLISH[name]:
        assert want in shown, (want, shown)
    # Every Chinese character left is data: a school, a term, a document id or a passage.
    data = sorted({*TERMS, "甲", "乙", "丙", "甲#0", "乙#0"}, key=len, reverse=True)
    for t in shown:
        rest = t
        for d in data:
            rest = rest.replace(d, "")
        assert not HAN.search(rest), f"untranslated text in {name}: {t!r}"
    no_missing_glyphs(fig)


def test_english_theme_names_in_the_legend_and_chinese_by_default():
    cmp = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    en = plot.plot_theme_shares(cmp, lang="en")
    legend = [t.get_text() for t in en.legends[0].get_texts()]
    assert legend == ["Teacher ethics", "Democratic management", "Care and welfare",
                      "Culture and sports", "Union building", "Other"]
    zh = plot.plot_theme_shares(cmp)
    assert [t.get_text() for t in zh.legends[0].get_texts()] == list(plot.THEMES)
    assert zh.axes[0].get_title() == "各学校工作主题构成（按字数）"


def test_figure_text_table_and_overrides():
    en = plot.figure_text("en")
    assert [en[f"theme.{t}"] for t in plot.THEMES] == [
        "Teacher ethics", "Democratic management", "Care and welfare", "Culture and sports",
        "Union building", "Other"]
    with pytest.raises(ValueError, match="lang="):
        plot.figure_text("fr")
    cmp = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    try:
        plot.set_figure_text({"theme.师德": "Professional ethics"}, lang="en")
        legend = [t.get_text() for t in plot.plot_theme_shares(cmp, lang="en").legends[0].texts]
        assert legend[0] == "Professional ethics"
        with pytest.raises(ValueError, match="unknown figure text"):
            plot.set_figure_text({"no.such.key": "x"})
    finally:
        plot.set_figure_text(None)
    assert plot.figure_text("en")["theme.师德"] == "Teacher ethics"


def test_figure_text_file_with_a_new_language(tmp_path):
    path = tmp_path / "de.tsv"
    path.write_text("key\tde\ntheme.师德\tBerufsethik\n", encoding="utf-8")
    try:
        plot.set_figure_text(path)
        words = plot.figure_text("de")
        assert words["theme.师德"] == "Berufsethik"
        assert words["theme.其他"] == "Other"  # keys the file leaves out: English
    finally:
        plot.set_figure_text(None)
    bad = tmp_path / "bad.tsv"
    bad.write_text("key\tde\ntheme.师德\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        plot.set_figure_text(bad)
    typo = tmp_path / "typo.tsv"
    typo.write_text("key\ten\ntheme.师徳\tEthics\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"theme\.师徳"):
        plot.set_figure_text(typo)
    assert plot.figure_text("en")["theme.师德"] == "Teacher ethics"


# --- labels= ------------------------------------------------------------------------------------

def test_labels_on_every_figure():
    cmp = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    fig = plot.plot_theme_shares(cmp, labels={"甲": "School A", "送温暖": "Welfare"})
    assert "School A（2 篇，2 节）" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Welfare" in [t.get_text() for t in fig.legends[0].get_texts()]

    k = keyness(DOCS, "school", "甲", tokenizer=str.split)
    term = plot.plot_keyness(k, n=4).axes[0].get_yticklabels()[0].get_text()
    fig = plot.plot_keyness(k, n=4, group="甲", labels={term: f"{term} (gloss)", "甲": "School A"},
                            lang="en")
    assert f"{term} (gloss)" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert fig.axes[0].get_title() == "Distinctive terms of School A (against the rest of the texts)"

    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    fig = plot.plot_topic_terms(r, n_terms=4, labels={0: "Welfare"}, lang="en")
    assert fig.axes[0].get_title() == "Topic 0: Welfare"

    prev = topic_prevalence(r, by="school", n_boot=50)
    fig = plot.plot_topic_prevalence(prev, labels={"乙": "School B", 1: "Ethics"}, lang="en")
    assert "School B (2 documents)" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert fig.axes[1].get_title() == "Topic 1: Ethics"

    fig = plot.plot_reuse_heatmap(find_reuse(DOCS), labels={"d0": "甲校 2024"})
    assert fig.axes[0].get_yticklabels()[0].get_text() == "甲校 2024"


LONG_IDS = [f"003_5cd9b556b2fe184d_2024_summary#{i}" for i in range(7)]


def test_long_ids_sharing_a_prefix_stay_distinct():
    short = plot.shorten_labels(LONG_IDS, 14)
    assert len(set(short)) == 7
    assert all(len(s) <= 14 for s in short)
    assert short[0] == "003_5cd9b…ry#0"  # first and last characters around the cut
    # names that differ early keep the plain cut at the end
    assert plot.shorten_labels(["武汉市蔡甸区第一中心小学东校区", "新二小"]) == [
        "武汉市蔡甸区第一中心小学东…", "新二小"]


def test_heatmap_and_group_labels_never_merge():
    text = "为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性。"
    df = pd.DataFrame({"doc_id": LONG_IDS[:4], "text": [text + "。" * i for i in range(4)]})
    fig = plot.plot_reuse_heatmap(find_reuse(df))
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(set(ticks)) == 4 and all(len(t) <= 22 for t in ticks)

    schools = ["武汉市蔡甸区第一中心小学东校区", "武汉市蔡甸区第一中心小学西校区", "新二小"]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)],
                         "school": [s for s in schools for _ in range(2)],
                         "text": DOCS["text"]})
    cmp = compare_groups(_Corpus(docs), by="school", tokenizer=str.split, min_count=1)
    ticks = [t.get_text() for t in plot.plot_theme_shares(cmp).axes[0].get_yticklabels()]
    names = sorted(t.split("（")[0] for t in ticks)
    assert len(set(names)) == 3, names
    wuhan = [n for n in names if n.startswith("武汉")]
    assert len(wuhan) == 2 and all(len(n) <= 14 for n in wuhan)
    assert "东" in wuhan[0] + wuhan[1] and "西" in wuhan[0] + wuhan[1]
    r = topics(docs, k=2, level="document", min_df=1, tokenizer=str.split)
    prev = topic_prevalence(r, by="school", n_boot=20)
    ticks = [t.get_text() for t in plot.plot_topic_prevalence(prev).axes[0].get_yticklabels()]
    assert len(set(t.split("（")[0] for t in ticks)) == 3


def test_two_groups_given_one_label_are_numbered():
    cmp = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    fig = plot.plot_theme_shares(cmp, labels={"甲": "Town school", "乙": "Town school"})
    ticks = [t.get_text().split("（")[0] for t in fig.axes[0].get_yticklabels()]
    assert sorted(ticks)[:2] == ["Town school (1)", "Town school (2)"]
    # a number that another label already has is skipped, and no two labels read the same
    assert plot.shorten_labels(["X (1)", "X", "X"]) == ["X (1)", "X (2)", "X (3)"]


# --- PDF fonts ----------------------------------------------------------------------------------

def test_pdf_checker_finds_type3_and_compressed_dictionaries(tmp_path):
    fig = _figures("zh")["keyness"]
    path = tmp_path / "type3.pdf"
    with matplotlib.rc_context({"pdf.fonttype": 3}):  # what journals reject
        fig.savefig(path)
    assert "Type3" in {f["type"] for f in pdf_fonts(path)}
    # A writer that packs dictionaries into a compressed object stream (PDF 1.5).
    body = b"<< /Type /Font /Subtype /Type3 /Name /F1 >>"
    head = b"7 0 "
    packed = zlib.compress(head + body)
    pdf = (b"%PDF-1.5\n3 0 obj\n<< /Type /ObjStm /N 1 /First " + str(len(head)).encode()
           + b" /Filter /FlateDecode /Length " + str(len(packed)).encode() + b" >>\nstream\n"
           + packed + b"\nendstream\nendobj\n%%EOF\n")
    assert [(f["object"], f["type"]) for f in pdf_fonts(pdf)] == [(7, "Type3")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_saved_pdfs_embed_truetype_never_type3(tmp_path, lang):
    for name, fig in _figures(lang).items():
        path = tmp_path / f"{name}.pdf"
        plot.save_figure(fig, path)
        found = pdf_fonts(path)
        kinds = {f["type"] for f in found}
        assert kinds and kinds <= {"Type0", "CIDFontType2", "TrueType"}, (name, found)
        assert all(f["embedded"] for f in found if f["embedded"] is not None), (name, found)
        # the CJK font is there under its own PostScript name (a subset of it: ABCDEF+name)
        assert any(f["name"].endswith("+" + _ps_name()) for f in found), found


def test_a_font_that_cannot_be_converted_is_a_clear_error(tmp_path, monkeypatch):
    if fonts.has_truetype_outlines(find_cjk_font().path):
        pytest.skip("the CJK font in use needs no conversion")

    def broken(font, chars):
        raise ValueError("bad CFF table")

    monkeypatch.setattr(fonts, "truetype_subset", broken)
    fig = _figures("zh")["keyness"]
    with pytest.raises(fonts.ResourceError, match="use_font"):
        plot.save_figure(fig, tmp_path / "a.pdf")
    plot.save_figure(fig, tmp_path / "a.png")  # PNG needs no conversion


def test_save_figure_leaves_rcparams_and_text_fonts_alone(tmp_path):
    fig = _figures("zh")["theme_shares"]
    before_rc = (matplotlib.rcParams["pdf.fonttype"], list(matplotlib.rcParams["font.family"]))
    before = [tuple(t.get_fontproperties().get_family()) for t in fig.findobj(Text)]
    plot.save_figure(fig, tmp_path / "a.pdf")
    assert "Type3" not in {f["type"] for f in pdf_fonts(tmp_path / "a.pdf")}
    assert (matplotlib.rcParams["pdf.fonttype"],
            list(matplotlib.rcParams["font.family"])) == before_rc
    after = [tuple(t.get_fontproperties().get_family()) for t in fig.findobj(Text)]
    assert after[:len(before)] == before
    assert all(find_cjk_font().name in fam for fam in after)


def _ps_name() -> str:
    from fontTools.ttLib import TTFont

    font = find_cjk_font()
    index = fonts._face_index(font.path, font.name)
    return str(TTFont(font.path, lazy=True, fontNumber=index)["name"].getDebugName(6))


def test_truetype_subset_keeps_the_glyph_outlines():
    from fontTools.ttLib import TTFont

    made = fonts.truetype_subset(find_cjk_font(), "学校工会")
    font = TTFont(made.path)
    assert "glyf" in font and "CFF " not in font
    cmap = font.getBestCmap()
    for ch in "学校工会A":
        glyph = font["glyf"][cmap[ord(ch)]]
        assert glyph.numberOfContours > 0, ch
    # the PostScript name PDF readers show is the original font's
    assert font["name"].getDebugName(6) == _ps_name()


# --- scripts/make_figures.py --------------------------------------------------------------------

def _make_figures():
    spec = importlib.util.spec_from_file_location("make_figures", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_safe_file_names():
    mf = _make_figures()
    assert mf.safe_name("东川中心学校") == "东川中心学校"
    assert mf.safe_name("a/b 学校:1?") == "a_b_学校_1"
    assert mf.safe_name("..") == "group"
    assert len(mf.safe_name("校" * 100)) == 40


def test_make_figures_draws_every_group_in_english(cleaned, tmp_path):
    src = cleaned / "documents.jsonl"
    schools = sorted({json.loads(line)["school"] for line in
                      src.read_text(encoding="utf-8").splitlines()} - {None})
    assert len(schools) >= 5  # more than the four the script used to draw
    out = tmp_path / "figs"
    assert _make_figures().main([str(src), "-o", str(out), "--n-boot", "50", "--dpi", "40",
                                 "--lang", "en"]) == 0
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["parameters"]["lang"] == "en"
    assert sorted(g["group"] for g in prov["groups"]) == schools
    for g in prov["groups"]:
        assert len(g["files"]) == 2
        for f in g["files"]:
            assert g["group"] in f and (out / f).stat().st_size > 0
    keyness_pngs = sorted(p.name for p in out.glob("keyness_*.png"))
    assert len(keyness_pngs) == len(schools)
    assert "Type3" not in prov["font"]["pdf_font_types"]
    for pdf in out.glob("*.pdf"):
        assert "Type3" not in {f["type"] for f in pdf_fonts(pdf)}, pdf.name


def test_make_figures_only_the_groups_asked_for(cleaned, tmp_path, capsys):
    src = cleaned / "documents.jsonl"
    out = tmp_path / "figs"
    assert _make_figures().main([str(src), "-o", str(out), "--n-boot", "20", "--dpi", "30",
                                 "--groups", "新二小", "东川中心学校"]) == 0
    names = sorted(p.name for p in out.glob("keyness_*.png"))
    assert len(names) == 2 and any("新二小" in n for n in names) and any(
        "东川中心学校" in n for n in names)
    assert _make_figures().main([str(src), "-o", str(tmp_path / "x"), "--groups", "无此校"]) == 2
    assert "无此校" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_reuse_heatmap_without_a_matrix_says_what_to_do():
    text = "为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性。"
    reuse = find_reuse(pd.DataFrame({"doc_id": ["甲#0", "乙#0", "丙#0"],
                                     "text": [text, text + "召开教代会。", text + "慰问教师。"]}),
                       matrix_max_docs=2)
    assert reuse.matrix is None
    with pytest.raises(InputError, match="matrix_max_docs"):
        plot.plot_reuse_heatmap(reuse)
