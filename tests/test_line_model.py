"""The line model: lines of shapes no rule knows are judged, document text stays, every
decision is recorded with its score, and a user can retrain it on their own labelled lines.

All pages here are invented, in the shapes of real sites (no dev-corpus text)."""

from __future__ import annotations

import json

import pytest

import unioncorpus as uc
from unioncorpus.boilerplate.features import FEATURES, line_features
from unioncorpus.boilerplate.model import LineModel, load_line_model
from unioncorpus.cli import main

BODY = [
    "本学年，我校工会在学校党支部的领导下，紧紧围绕学校中心工作，团结带领全体教职工扎实开展各项工作。",
    "一、加强师德建设，提高教职工队伍素质",
    "工会配合学校组织教职工学习师德规范，开展师德标兵评选活动，全校共有十二名教师受到表彰。",
    "二、坚持民主管理，推进校务公开",
    "学校按期召开第五届教代会第三次会议，审议通过了绩效工资分配方案和教职工考勤制度。",
    "三、关心教职工生活，做好送温暖工作",
    "工会走访慰问生病住院和家庭困难的教职工十五人次，为退休教师举办了重阳节座谈会。",
]


def _page(header: list[str], footer: list[str]) -> str:
    return "\n".join([*header, "青松小学2024年工会工作总结", *BODY, *footer])


def _texts(docs) -> str:
    return "\n".join((d.title or "") + "\n" + d.text for d in docs)


def test_packaged_model_loads_and_matches_the_features():
    m = load_line_model()
    assert m.features == FEATURES
    assert m.trees and 0.5 <= m.threshold < 1
    assert m.info["cv"]["grouped_by"] == "site"


@pytest.mark.parametrize("header, footer, chrome", [
    # A site name and a section label above the title, in words no rule lists.
    (["松涛书屋", "学习园地"], [], ["松涛书屋", "学习园地"]),
    # A sign-off block under a news report and a stray widget line at the bottom.
    ([], ["青松小学工会", "2024年1月12日"], ["青松小学工会", "2024年1月12日"]),
])
def test_chrome_of_new_shapes_goes_and_the_document_stays(header, footer, chrome):
    docs, removed = uc.clean_text(_page(header, footer), return_removed=True)
    text = _texts(docs)
    for line in chrome:
        assert line not in text, f"{line!r} was kept"
    for line in BODY:
        assert line in text
    assert docs[0].title == "青松小学2024年工会工作总结"
    assert {r.rule for r in removed} - {"site_template"}


def test_model_removals_carry_a_score_and_reason(tmp_path):
    page = _page(["松涛书屋", "学习园地"], [])
    rows = uc.explain_lines(page)
    assert [r["line"] for r in rows] == list(range(1, len(page.split("\n")) + 1))
    by_text = {r["text"]: r for r in rows}
    judged = [r for r in rows if r["rule"] == "model.line"]
    assert judged, "the model should decide at least one of the unknown header lines"
    for r in judged:
        assert r["decision"] == "removed" and r["score"] >= load_line_model().threshold
        assert r["features"], "a model removal names the features behind it"
    assert by_text[BODY[0]]["decision"] == "kept"
    # Through the CLI: removed.jsonl holds the score, lines.jsonl every line.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text(page, encoding="utf-8")
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--explain"]) == 0
    removed = [json.loads(x) for x in (tmp_path / "out" / "removed.jsonl").open(encoding="utf-8")]
    assert any(r["rule"] == "model.line" and r["score"] is not None for r in removed)
    assert all(r["score"] is None for r in removed if r["rule"] != "model.line")
    lines = (tmp_path / "out" / "lines.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len([x for x in page.split("\n") if x.strip()])


def test_rules_only_keeps_what_only_the_model_removes(tmp_path):
    page = _page(["松涛书屋", "学习园地"], [])
    with_model = _texts(uc.clean_text(page))
    rules_only = _texts(uc.clean_text(page, line_model=False))
    assert "松涛书屋" in rules_only and "松涛书屋" not in with_model


def _labelled(n: int) -> list[tuple[str, dict[int, str]]]:
    """Invented pages: a few chrome lines of a made-up family, then a document."""
    pages = []
    for k in range(n):
        header = [f"第{k + 1}号资料站", "首页 > 资料 > 工会", f"热度 {100 + k}"]
        footer = ["本站资料仅供学习", f"站长信箱 a{k}@example.org"]
        lines = [*header, f"第{k + 1}中学工会工作计划", *BODY, "活动安排", *footer]
        labels = {i + 1: ("boilerplate" if i < 3 or i >= len(lines) - 2 else "body")
                  for i in range(len(lines))}
        pages.append(("\n".join(lines), labels))
    return pages


def test_retrain_on_own_labelled_lines_round_trips(tmp_path):
    pages = _labelled(10)
    model = uc.train_line_model(pages, groups=[f"site{k % 5}" for k in range(10)], n_trees=20)
    assert isinstance(model, LineModel) and model.info["cv"]["folds"] == 5
    path = tmp_path / "m.json"
    model.save(path)
    again = load_line_model(path)
    texts = pages[0][0].split("\n")
    assert again.scores(texts) == pytest.approx(model.scores(texts))
    # Same seed, same data: the same file, byte for byte.
    uc.train_line_model(pages, groups=[f"site{k % 5}" for k in range(10)],
                        n_trees=20).save(tmp_path / "m2.json")
    assert path.read_bytes() == (tmp_path / "m2.json").read_bytes()
    docs = uc.clean_text(pages[0][0], line_model=path)
    assert BODY[0] in _texts(docs)


@pytest.mark.parametrize("bad, message", [
    ([], "needs labelled pages"),
    (["just a string"], "not bare strings"),
    ([("一行\n二行", {1: "body", 2: "body"})], "only one class"),
])
def test_training_rejects_bad_input(bad, message):
    with pytest.raises(uc.InputError, match=message):
        uc.train_line_model(bad)


def test_bad_model_files_say_what_to_do(tmp_path):
    with pytest.raises(uc.ResourceError, match="line_model=False"):
        load_line_model(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"weights": 1}', encoding="utf-8")
    with pytest.raises(uc.InputError, match="train_line_model"):
        load_line_model(tmp_path / "bad.json")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text(_page([], []), encoding="utf-8")
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "o"), "-q",
                 "--line-model", str(tmp_path / "bad.json")]) == 2


def test_paragraphs_and_headings_are_not_judged():
    vocab = load_line_model().vocab
    rows = line_features(BODY, vocab)
    # Every numbered heading is left to the rules, and so is a paragraph below no title.
    assert rows[1] is None and rows[3] is None and rows[5] is None
    assert rows[0] is None
    paragraphs = [BODY[0], BODY[2], BODY[4], BODY[6]]
    # No title: no paragraph is judged (cleaning a cleaned page must change nothing).
    assert [r is None for r in line_features(paragraphs, vocab)] == [True, True, True, True]
    # With a title: paragraphs above it are judged, the document's below it are not.
    page = [BODY[2], "青松小学2024年工会工作总结", BODY[0], BODY[4], BODY[6]]
    assert [r is None for r in line_features(page, vocab)] == [False, True, True, True, True]


def test_a_compilation_pieces_title_under_its_marker_is_not_judged():
    vocab = load_line_model().vocab
    page = ["第1篇：青松小学工会工作总结", BODY[0], BODY[2],
            "第2篇", "青松小学2024年工会工作计划", BODY[4], "返回列表"]
    rows = line_features(page, vocab)
    # The second piece's title stands in a title's slot; the chrome after the text is judged.
    assert rows[4] is None and rows[6] is not None
