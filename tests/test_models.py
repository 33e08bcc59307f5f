"""The records' ``to_dict`` is ``dataclasses.asdict``, without its deep copy of every value."""

from __future__ import annotations

import dataclasses

from unioncorpus.pipeline import clean_files


def test_to_dict_equals_asdict_and_returns_copies(raw_pages) -> None:
    res = clean_files(raw_pages[0].parent, progress=False)
    assert res.documents and res.removed
    for rec in [*res.documents, *res.removed]:
        assert rec.to_dict() == dataclasses.asdict(rec)
        assert list(rec.to_dict()) == [f.name for f in dataclasses.fields(rec)]
    doc = next(d for d in res.documents if d.sections)
    d = doc.to_dict()
    d["lines"].append(-1)
    d["normalised"].append("x")
    d["sections"][0]["themes"].append("x")
    d["sections"][0]["scores"]["x"] = 1.0
    d["sections"][0]["path"].append("x")
    sec = doc.sections[0]
    assert -1 not in doc.lines and "x" not in doc.normalised
    assert "x" not in sec.themes and "x" not in sec.scores and "x" not in sec.path


def test_to_dict_of_a_record_with_extra_attributes_lists_only_fields(raw_pages) -> None:
    res = clean_files([raw_pages[0]], progress=False)
    doc = res.documents[0]
    doc.note = "set by a user"  # not a field: asdict leaves it out, so must to_dict
    sec = doc.sections[0]
    sec.note = "x"
    assert doc.to_dict() == dataclasses.asdict(doc)
    assert "note" not in doc.to_dict() and "note" not in sec.to_dict()
