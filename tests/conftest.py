"""Shared fixtures: the bundled sample pages and the gold scorer (copied from the project's
annotation kit into tests/gold/, so the tests never need anything outside the repository)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = Path(__file__).resolve().parent / "gold" / "gold.json"


@pytest.fixture(scope="session")
def raw_pages() -> list[Path]:
    pages = sorted(RAW.glob("*.txt"))
    assert len(pages) == 5, "the five bundled sample pages must be in data/raw/"
    return pages


@pytest.fixture(scope="session")
def scorer():
    spec = importlib.util.spec_from_file_location("score_gold", GOLD.parent / "score_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cleaned(tmp_path_factory) -> Path:
    """Run the CLI once on the sample pages; return the output folder."""
    from unioncorpus.cli import main

    out = tmp_path_factory.mktemp("clean")
    assert main([str(RAW), "-o", str(out), "-q"]) == 0
    return out
