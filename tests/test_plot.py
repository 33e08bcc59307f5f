"""Figures: every function returns a Figure, Chinese renders with no missing glyph, no pyplot."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import warnings
from io import BytesIO
from pathlib import Path

import mplfonts
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from unioncorpus import fonts, plot
from unioncorpus.analysis import compare_groups, find_reuse, keyness, topic_prevalence, topics
from unioncorpus.fonts import cjk_rc, find_cjk_font

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_figures.py"

DOCS = pd.DataFrame({
    "doc_id": [f"d{i}" for i in range(6)], "school": list("甲甲乙乙丙丙"),
    "text": ["工会 温暖 慰问 家 困难", "工会 温暖 困难 家 慰问", "慰问 困难 温暖 家 节日",
             "师德 学习 教师 会 培训", "师德 教师 培训 会 学习", "学习 培训 教师 会 师德"]})


def render(fig: Figure) -> list[str]:
    """Draw ``fig`` to PNG and PDF; return every warning raised while drawing."""
    assert isinstance(fig, Figure)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("png", "pdf"):
            buf = BytesIO()
            fig.savefig(buf, format=fmt)
            assert buf.getvalue()
    return [str(w.message) for w in caught]


def assert_clean(fig: Figure) -> None:
    messages = render(fig)
    assert not [m for m in messages if "Glyph" in m or "missing" in m], messages


def test_font_found_and_covers_chinese():
    font = find_cjk_font()
    assert font.name and font.path
    assert font.name in cjk_rc()["font.family"]


class _Corpus:
    """A minimal Corpus stand-in: documents and sections DataFrames."""

    def __init__(self) -> None:
        self.documents = DOCS
        self.sections = pd.DataFrame({
            "doc_id": DOCS["doc_id"], "section_id": ["s1"] * 6, "parent_id": [None] * 6,
            "text": DOCS["text"], "themes": [["送温暖"]] * 3 + [["师德"]] * 3,
            "theme": ["送温暖"] * 3 + ["师德"] * 3})


def test_theme_shares():
    c = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    for measure in ("chars", "sections"):
        assert_clean(plot.plot_theme_shares(c, measure=measure))


def test_keyness_diverging():
    k = keyness(DOCS, "school", "甲", tokenizer=str.split)
    assert_clean(plot.plot_keyness(k, n=5, group="甲"))
    every = keyness(DOCS, "school", None, tokenizer=str.split)
    with pytest.raises(ValueError, match="group="):
        plot.plot_keyness(every)
    assert_clean(plot.plot_keyness(every, group="乙", method="g2"))


def test_topic_figures():
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    assert_clean(plot.plot_topic_terms(r, n_terms=4))
    p = topic_prevalence(r, by="school", n_boot=50, min_documents=2)
    assert_clean(plot.plot_topic_prevalence(p))
    with pytest.warns(UserWarning, match="min_documents"):
        few = topic_prevalence(r, by="school", n_boot=50)  # 2 documents a school: no interval
    assert few["ci_low"].isna().all()
    assert_clean(plot.plot_topic_prevalence(few))


def test_reuse_heatmap():
    text = "为了让广大教职工感到学校的温暖，进一步激发广大教职工的工作积极性、主动性和创造性。"
    df = pd.DataFrame({"doc_id": ["甲#0", "乙#0", "丙#0"],
                       "text": [text, text + "召开教代会。", "组织教职工开展登山比赛和文艺汇演。"]})
    r = find_reuse(df)
    assert_clean(plot.plot_reuse_heatmap(r, labels={"甲#0": "甲校 2024"}))


def test_never_uses_pyplot_show(monkeypatch):
    import matplotlib.pyplot as plt

    def boom(*args, **kwargs):
        raise AssertionError("plt.show() called")

    monkeypatch.setattr(plt, "show", boom)
    before = plt.get_fignums()
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    render(plot.plot_topic_terms(r))
    assert plt.get_fignums() == before  # no pyplot figure left open


# --- colours, labels and saved files ------------------------------------------------------------

def test_theme_colours_are_fixed_and_labels_readable():
    c = compare_groups(_Corpus(), by="school", tokenizer=str.split, min_count=1)
    fig = plot.plot_theme_shares(c)
    ax = fig.axes[0]
    colours = {p.get_label(): to_hex(p.patches[0].get_facecolor()) for p in ax.containers}
    assert colours == {t: plot.THEME_COLORS[t].lower() for t in colours}
    # the group labels give the number of documents and sections
    assert ax.get_yticklabels()[0].get_text().endswith("（2 篇，2 节）")
    assert plot.ink("#E69F00") == "black" and plot.ink("#0072B2") == "white"


def test_non_theme_figures_use_no_theme_colour():
    theme = {c.lower() for c in plot.THEME_COLORS.values()}
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    fig = plot.plot_topic_terms(r, n_terms=4)
    used = {to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches}
    k = keyness(DOCS, "school", "甲", tokenizer=str.split)
    fig = plot.plot_keyness(k, n=5)
    used |= {to_hex(p.get_facecolor()) for p in fig.axes[0].patches}
    assert used and not used & theme


def test_keyness_shades_non_significant_terms():
    k = keyness(DOCS, "school", "甲", tokenizer=str.split).assign(p_adj=1.0)
    k.loc[0, "p_adj"] = 0.001  # rank 1: the only significant term
    bars = plot.plot_keyness(k, n=3).axes[0].patches
    assert bars[0].get_facecolor()[3] == 1.0
    assert all(b.get_facecolor()[3] == plot.PALE for b in bars[1:])


def test_prevalence_axis_states_the_confidence_level():
    r = topics(DOCS, k=2, level="document", min_df=1, tokenizer=str.split)
    p = topic_prevalence(r, by="school", n_boot=50, ci=0.9, min_documents=2)
    fig = plot.plot_topic_prevalence(p, ci=0.9, n_boot=50, level="document")
    label = fig.get_supxlabel()
    assert "90%" in label and "50 次重抽样" in label and "文档" in label
    assert "90%" in plot.plot_topic_prevalence(p).get_supxlabel()  # read from p.attrs
    bare = p.copy()
    bare.attrs = {}
    assert "95%" in plot.plot_topic_prevalence(bare).get_supxlabel()  # topic_prevalence's default
    with pytest.raises(ValueError, match="ci="):
        plot.plot_topic_prevalence(p, ci=95)


def _pdf_fonts(data: bytes) -> set[bytes]:
    return set(re.findall(rb"/Subtype\s*/(Type3|Type0|CIDFontType[02]|TrueType)", data))


def test_pdf_fonts_are_truetype_whatever_the_outlines(tmp_path, monkeypatch):
    # The default font (Noto Sans CJK, CFF outlines) is converted to TrueType outlines at save
    # time, so the PDF holds a CIDFontType2 (Type 42), never Type 3 (journals reject it).
    fig = plot.plot_topic_terms(topics(DOCS, k=2, level="document", min_df=1,
                                       tokenizer=str.split), n_terms=3)
    path = tmp_path / "a.pdf"
    plot.save_figure(fig, path)
    data = path.read_bytes()
    assert b"CIDFontType2" in _pdf_fonts(data) and b"Type3" not in _pdf_fonts(data)
    # A TrueType CJK font is embedded as it is (mplfonts ships one).
    ttf = Path(mplfonts.__file__).parent / "fonts" / "SimHei.ttf"
    if not ttf.is_file():
        pytest.skip("no TrueType CJK font at hand")
    monkeypatch.setattr(fonts, "_user_font", None)
    fonts.use_font(ttf)
    assert cjk_rc()["pdf.fonttype"] == 42
    plot.save_figure(plot.plot_keyness(keyness(DOCS, "school", "甲", tokenizer=str.split)),
                     tmp_path / "b.pdf")
    data = (tmp_path / "b.pdf").read_bytes()
    assert b"/FontFile2" in data and b"CIDFontType2" in _pdf_fonts(data)
    assert b"Type3" not in _pdf_fonts(data)


def test_saved_files_are_identical_across_runs(tmp_path):
    r = find_reuse(DOCS)
    for ext in ("png", "pdf", "svg"):
        a, b = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
        plot.save_figure(plot.plot_reuse_heatmap(r), a, dpi=60)
        plot.save_figure(plot.plot_reuse_heatmap(r), b, dpi=60)
        assert a.read_bytes() == b.read_bytes(), ext


# --- scripts/make_figures.py --------------------------------------------------------------------

def _make_figures():
    spec = importlib.util.spec_from_file_location("make_figures", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_make_figures_missing_input(tmp_path, capsys):
    rc = _make_figures().main([str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "figs")])
    assert rc == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "figs").exists()


def test_make_figures_on_the_sample(cleaned, tmp_path):
    src = cleaned / "documents.jsonl"
    out = tmp_path / "figs"
    assert _make_figures().main([str(src), "-o", str(out), "--n-boot", "100", "--dpi", "50"]) == 0
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["input_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert prov["failures"] == []
    assert prov["parameters"]["segmenter"]["class"] == "unioncorpus.segmentation.Segmenter"
    assert prov["parameters"]["ci"] == 0.95 and prov["seeds"]["topics"] == 0
    assert prov["versions"]["matplotlib"]
    first = min(p.stem for p in out.glob("keyness_01_*.png"))  # keyness_01_<largest group>
    names = {"theme_shares_chars", "theme_shares_sections", first, "topic_terms",
             "topic_prevalence", "reuse_heatmap"}
    for name in names:
        for ext in ("png", "pdf"):
            assert (out / f"{name}.{ext}").stat().st_size > 0
