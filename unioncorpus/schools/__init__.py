"""School metadata that researchers group by: the school's level (学段) and region
(province, city, county), each with its evidence, and a user's own table of schools joined in.

- :func:`school_level` and :func:`region` read one document (its school, title and text);
- :func:`annotate` fills both into a :class:`~unioncorpus.models.Document` (the pipeline's
  documents get them when they are made; a ``documents.jsonl`` written before these fields
  existed gets them when it is loaded);
- :func:`join_table` joins a CSV/Excel table of schools (school → region, type, urban/rural,
  ...) onto a corpus: its columns become document columns, usable by every ``by=``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .level import LEVELS, UNKNOWN, Level, school_level
from .region import Region, region

if TYPE_CHECKING:
    from ..models import Document
    from .table import join_table, read_table

__all__ = ["LEVELS", "UNKNOWN", "Level", "Region", "annotate", "annotate_schools", "join_table",
           "read_table", "region", "school_level"]

META_FIELDS = ("school_level", "school_level_from", "province", "city", "county", "region_from")
"""The document fields this module fills, in the order they are shown."""


def __getattr__(name: str) -> Any:
    # The table functions need pandas: imported on first use, so that writing documents.jsonl
    # (which reads the level and region) does not load pandas in the CLI's workers.
    if name in ("join_table", "read_table"):
        from . import table

        return getattr(table, name)
    raise AttributeError(f"module 'unioncorpus.schools' has no attribute {name!r}")


def annotate(doc: Document, *, levels: str | os.PathLike | None = None,
             regions: str | os.PathLike | None = None) -> Document:
    """Set ``doc``'s school level and region fields from its school, title and text (in
    place; returns ``doc``). ``levels``/``regions``: your own rule or place-name files."""
    lv = school_level(doc.school, doc.title, doc.text, rules=levels)
    rg = region(doc.school, doc.title, doc.text, regions=regions)
    doc.school_level, doc.school_level_from = lv.school_level, lv.school_level_from
    doc.province, doc.city, doc.county, doc.region_from = (rg.province, rg.city, rg.county,
                                                           rg.region_from)
    return doc


def annotate_schools(corpus: Any, *, levels: str | os.PathLike | None = None,
                     regions: str | os.PathLike | None = None) -> Any:
    """A new corpus whose documents' school level and region are read again with your own
    rule file (``levels``, the format of ``lexicons/school_levels.tsv``) or place-name file
    (``regions``, the format of ``lexicons/regions.tsv``). The corpus given is not changed;
    a table joined to it stays joined."""
    from dataclasses import replace

    from ..corpus import Corpus

    docs = [annotate(replace(d), levels=levels, regions=regions) for d in corpus.docs]
    return Corpus(docs, corpus._result, extra=getattr(corpus, "_extra", None))
