"""The line model: boosted small trees that score the lines no rule removed as boilerplate.

Rules are precise and explainable but know only the sites they were written for. The model
judges the lines in question among those the rules kept, from :mod:`.features` (length,
punctuation, position relative to the page's prose, vocabulary groups, similarity to other
lines), so a breadcrumb in a new shape or a sign-off line is still caught. Its weights live in
``lexicons/line_model.json``: a plain JSON file (feature names, word lists, trees one per
line, threshold, and how it was trained and measured), diffable and retrainable with
:func:`train_line_model` or ``scripts/train_line_model.py``. Trees were chosen over a
logistic regression on the same features because, grouped by site, they caught more of the
boilerplate the rules left at the same loss of document lines (0.38 against 0.19 at 0.3% of
the judged document lines, in the first comparison): chrome is a conjunction (short *and*
above the text *and* without prose words), which a linear score cannot express.

Every line it removes is recorded with rule ``model.line``, its score, and the features that
weighed most, so the audit trail still says why.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, ResourceError
from ..resources import file_stamp, package_lexicon
from .features import FEATURES, line_features

MODEL_FILE = "line_model.json"
BOILERPLATE_LABELS = frozenset({"boilerplate", "chrome", "bp", "1", "true"})


@dataclass(frozen=True)
class LineModel:
    """A boosted ensemble of small decision trees over :data:`~.features.FEATURES`.

    ``trees``: each tree a list of nodes, ``[feature, threshold, left, right]`` for a split
    (feature index; go left when the value is ``<= threshold``) or ``[value]`` for a leaf;
    the score is ``sigmoid(base + rate * sum of the leaves reached)``. ``threshold``: a line
    whose score reaches it is removed. ``info`` records how the model was trained and
    measured (written by :func:`train_line_model`).
    """

    features: tuple[str, ...]
    vocab: Mapping[str, tuple[str, ...]]
    trees: tuple[tuple[tuple[float, ...], ...], ...]
    base: float
    rate: float
    threshold: float = 0.5
    info: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The compiled scorer, made once per model (hashing the trees on every call to a
        # cache would cost more than the scoring).
        object.__setattr__(self, "_raw", _compiled(self.trees, self.base, self.rate))
        if tuple(self.features) != FEATURES:
            raise InputError("this line model was made for other features "
                             f"({len(self.features)} named, this version computes "
                             f"{len(FEATURES)}); retrain it with uc.train_line_model")

    # -- scoring ------------------------------------------------------------------------
    def _score(self, row: Sequence[float]) -> float:
        t = self._raw(row)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))

    def _why(self, row: Sequence[float], top: int = 2) -> list[str]:
        """The features whose splits moved this line's score most towards boilerplate."""
        push: dict[int, float] = {}
        for tree in self.trees:
            node = tree[0]
            while len(node) == 4:
                nxt = tree[int(node[2] if row[int(node[0])] <= node[1] else node[3])]
                other = tree[int(node[3] if row[int(node[0])] <= node[1] else node[2])]
                gain = _mean_leaf(tree, nxt) - _mean_leaf(tree, other)
                push[int(node[0])] = push.get(int(node[0]), 0.0) + gain
                node = nxt
        order = sorted(push, key=lambda k: -push[k])
        return [FEATURES[k] for k in order[:top] if push[k] > 0]

    def scores(self, texts: Sequence[str]) -> list[float]:
        """Boilerplate probability of each line of a page (lines in page order); lines the
        model never judges (paragraphs inside the text, numbered headings) score 0."""
        rows = line_features(texts, self.vocab)
        return [self._score(r) if r is not None else 0.0 for r in rows]

    # -- files ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": "unioncorpus.line_model/2", "features": list(self.features),
                "threshold": self.threshold, "base": round(self.base, 6), "rate": self.rate,
                "vocab": {k: list(v) for k, v in self.vocab.items()}, "info": dict(self.info),
                "trees": [[[round(x, 6) if isinstance(x, float) else x for x in node]
                           for node in tree] for tree in self.trees]}

    def save(self, path: str | os.PathLike) -> None:
        """Write the model as JSON, one tree per line (diffable)."""
        d = self.to_dict()
        trees = d.pop("trees")
        head = json.dumps(d, ensure_ascii=False, indent=1)[:-2]
        body = ",\n  ".join(json.dumps(t, separators=(",", ":")) for t in trees)
        Path(path).write_text(f'{head},\n "trees": [\n  {body}\n ]\n}}\n', encoding="utf-8")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LineModel:
        try:
            return cls(tuple(d["features"]), {k: tuple(v) for k, v in d["vocab"].items()},
                       tuple(tuple(tuple(node) for node in tree) for tree in d["trees"]),
                       float(d["base"]), float(d["rate"]), float(d.get("threshold", 0.5)),
                       dict(d.get("info", {})))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise InputError(f"not a line model file ({e!r}); write one with "
                             "uc.train_line_model(...).save(path)") from e


def _compiled(trees: tuple[tuple[tuple[float, ...], ...], ...], base: float,
              rate: float) -> Any:
    """The ensemble as one Python function of nested conditional expressions: walking 100
    trees node by node in a loop was most of the boilerplate stage's time (a tenth of it
    compiled)."""
    def expr(tree: tuple[tuple[float, ...], ...], k: int) -> str:
        node = tree[k]
        if len(node) == 1:
            return repr(float(node[0]))
        return (f"({expr(tree, int(node[2]))} if r[{int(node[0])}] <= {float(node[1])!r} "
                f"else {expr(tree, int(node[3]))})")

    terms = " + ".join(expr(t, 0) for t in trees) or "0.0"
    namespace: dict[str, Any] = {}
    exec(f"def raw(r):\n    return {base!r} + {rate!r} * ({terms})\n", namespace)
    return namespace["raw"]


def _mean_leaf(tree: Sequence[Sequence[float]], node: Sequence[float]) -> float:
    if len(node) == 1:
        return node[0]
    return (_mean_leaf(tree, tree[int(node[2])]) + _mean_leaf(tree, tree[int(node[3])])) / 2


@lru_cache(maxsize=8)
def _load(path: str, stamp: tuple[int, int]) -> LineModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ResourceError(f"line model {path} not found; pass a file written by "
                            "LineModel.save, or line_model=False to use the rules only") from e
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read line model {path}: {e}") from e
    return LineModel.from_dict(data)


def load_line_model(model: LineModel | str | os.PathLike | None = None) -> LineModel:
    """The packaged line model (``None``), a model file, or ``model`` itself; cached per file
    (a file changed on disk is read again)."""
    if isinstance(model, LineModel):
        return model
    if model is None:
        return _packaged()  # asked once per page: no path or stat work on this path
    path = os.fspath(model)
    try:
        stamp = file_stamp(path)
    except OSError:
        stamp = (-1, -1)  # missing: _load says so
    return _load(path, stamp)


@lru_cache(maxsize=1)
def _packaged() -> LineModel:
    return _load(str(package_lexicon(MODEL_FILE)), 0.0)


# -- training -----------------------------------------------------------------------------
LabelledPage = tuple[str, Mapping[int, Any]]


def _is_boilerplate(label: Any) -> bool:
    if isinstance(label, bool):
        return label
    return str(label).strip().lower() in BOILERPLATE_LABELS


def page_examples(text: str, labels: Mapping[int, Any], *,
                  rules: str | os.PathLike | None = None,
                  ) -> tuple[list[list[float]], list[int], list[int], list[str]]:
    """Feature rows, 0/1 targets and line numbers of the labelled lines the rules keep.

    The model learns what the rules leave, the lines it will see when it runs.
    """
    from ..normalise import normalise_text
    from .rules import _rule_lines

    norm, _ = normalise_text(text)
    kept = _rule_lines(norm, rules=rules)
    texts = [ln.text for ln in kept]
    default = _default_vocab()
    rows = line_features(texts, default)
    X, y, nos, out_texts = [], [], [], []
    for ln, row in zip(kept, rows, strict=True):
        no = ln.nos[0]
        if no in labels and row is not None:
            X.append(row)
            y.append(int(_is_boilerplate(labels[no])))
            nos.append(no)
            out_texts.append(ln.text)
    return X, y, nos, out_texts


@lru_cache(maxsize=1)
def _default_vocab() -> dict[str, tuple[str, ...]]:
    return dict(load_line_model().vocab)


def train_line_model(pages: Iterable[LabelledPage], *, n_trees: int = 100, depth: int = 3,
                     threshold: float | None = None, groups: Sequence[Any] | None = None,
                     max_lost: float = 0.05, rules: str | os.PathLike | None = None,
                     random_state: int = 0, info: Mapping[str, Any] | None = None) -> LineModel:
    """Fit the line model on your own labelled pages.

    Parameters:
        pages: ``(page_text, {line_number: label})`` pairs; line numbers are 1-based in the
            page, a label is ``"boilerplate"`` (or True) for chrome and anything else (or
            False) for document text. Unlabelled lines are left out.
        n_trees, depth: size of the boosted tree ensemble (scikit-learn's
            ``GradientBoostingClassifier``).
        threshold: the score at which a line is removed. None: chosen by cross-validation so
            that at most ``max_lost`` of the document lines the model judges are removed.
        groups: one group per page (its site): cross-validation never puts a site's pages
            on both sides, and the measured figures land in ``model.info["cv"]``.
        rules: the boilerplate rules the model works after (the packaged ones by default).
        random_state: seed of the tree ensemble's subsampling and of the folds' order.
        info: extra notes stored in the model file.

    Returns:
        A :class:`LineModel`; pass it as ``line_model=`` to ``clean_text``/``clean_files``/
        ``load`` or save it with ``model.save(path)``.

    Example:
        >>> model = uc.train_line_model([(page, {1: "boilerplate", 2: "body"})])  # doctest: +SKIP
    """
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    pages = list(pages)
    if not pages:
        raise InputError("train_line_model needs labelled pages: (text, {line: label}) pairs")
    if isinstance(pages[0], str):
        raise InputError("pass (page_text, {line_number: label}) pairs, not bare strings")
    if groups is not None and len(groups) != len(pages):
        raise InputError(f"groups has {len(groups)} entries for {len(pages)} pages")
    X, y, g = [], [], []
    for k, (text, labels) in enumerate(pages):
        rows, ys, _, _ = page_examples(text, labels, rules=rules)
        X.extend(rows)
        y.extend(ys)
        g.extend([groups[k] if groups is not None else k] * len(ys))
    if len(set(y)) < 2:
        raise InputError("the lines the model judges hold only one class; label both "
                         "boilerplate and document lines")
    Xa, ya = np.asarray(X, dtype=float), np.asarray(y)

    def fit(Xt: Any, yt: Any) -> Any:
        return GradientBoostingClassifier(n_estimators=n_trees, max_depth=depth,
                                          learning_rate=0.1, subsample=0.8,
                                          random_state=random_state).fit(Xt, yt)

    cv: dict[str, Any] = {}
    if len(set(g)) >= 5:
        oof = np.zeros(len(ya))
        for tr, te in GroupKFold(n_splits=5).split(Xa, ya, g):
            oof[te] = fit(Xa[tr], ya[tr]).predict_proba(Xa[te])[:, 1]
        if threshold is None:
            content = np.sort(oof[ya == 0])
            k = math.floor(max_lost * len(content))
            threshold = round(max(0.5, float(content[-k - 1]) + 1e-4), 4)
        pred = oof >= threshold
        cv = {"folds": 5, "grouped_by": "site" if groups is not None else "page",
              "lines_judged": len(ya), "boilerplate_lines": int(ya.sum()),
              "recall": round(float(pred[ya == 1].mean()), 4),
              "content_lines_removed": int(pred[ya == 0].sum())}
    clf = fit(Xa, ya)
    trees = tuple(_export_tree(est[0].tree_) for est in clf.estimators_)
    # The ensemble's starting log-odds: its raw score minus the trees' part, on any row.
    rate = float(clf.learning_rate)
    raw0 = float(clf.decision_function(Xa[:1])[0])
    base = raw0 - rate * sum(float(est[0].tree_.predict(Xa[:1].astype(np.float32))[0][0])
                             for est in clf.estimators_)
    return LineModel(FEATURES, _default_vocab(), trees, base, rate,
                     float(threshold if threshold is not None else 0.5),
                     {**(info or {}), "n_trees": n_trees, "depth": depth, "max_lost": max_lost,
                      "random_state": random_state, "cv": cv, "lines_judged": len(ya),
                      "pages": len(pages)})


def _export_tree(t: Any) -> tuple[tuple[float, ...], ...]:
    nodes = []
    for i in range(t.node_count):
        if t.children_left[i] == -1:
            nodes.append((float(t.value[i][0][0]),))
        else:
            nodes.append((int(t.feature[i]), float(t.threshold[i]), int(t.children_left[i]),
                          int(t.children_right[i])))
    return tuple(nodes)


def apply_line_model(lines: list[Any], removals: list[Any], source: str,
                     model: LineModel | str | os.PathLike | None = None) -> list[Any]:
    """Remove the lines the model scores as boilerplate; record each with its score and the
    features that weighed most. Returns the lines kept."""
    from ..models import Removal

    if not lines:
        return lines
    m = load_line_model(model)
    rows = line_features([ln.text for ln in lines], m.vocab)
    if rows.count(None) == len(rows):
        return lines  # nothing in question (most pages)
    kept = []
    gap = False
    for ln, row in zip(lines, rows, strict=True):
        score = m._score(row) if row is not None else 0.0
        if score >= m.threshold:
            why = ", ".join(m._why(row)) or "overall"
            removals.append(Removal(source, ln.nos[0], ln.text, "model.line",
                                    f"line model: boilerplate score {score:.2f} ({why})",
                                    score=round(score, 4)))
            gap = True  # never join the lines on either side of a removed one
            continue
        if gap:
            ln.gap_before = True
            gap = False
        kept.append(ln)
    return kept
