"""What the README promises about the project itself: its license, how to cite it, and that
its links to the documentation lead somewhere."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import unioncorpus

ROOT = Path(__file__).resolve().parent.parent


def test_the_license_setup_cfg_claims_is_there():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    assert cfg["metadata"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_citation_file_names_this_version():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^cff-version: 1\.2\.0$", cff, re.M)
    assert re.search(rf"^version: {re.escape(unioncorpus.__version__)}$", cff, re.M)


def test_readme_links_to_files_that_exist():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)\)", text):
            if "://" in target:
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"


def test_the_notebook_extra_provides_what_the_notebook_says_to_run():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    assert "jupyterlab" in cfg["options.extras_require"]["notebook"]
    nb = (ROOT / "notebooks" / "quickstart.ipynb").read_text(encoding="utf-8")
    assert '.[notebook]' in nb and "jupyter lab notebooks/quickstart.ipynb" in nb
