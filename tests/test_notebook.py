"""The quickstart notebook runs top to bottom, its saved outputs are current, and it shows every
public function of the analysis API.

The notebook is executed with nbclient on the ``python3`` kernel. On a fresh machine where only
``pip install -e ".[dev]"`` ran inside a virtual environment, ipykernel has installed that
kernelspec into ``<venv>/share/jupyter/kernels/python3`` with ``argv[0] == "python"``;
jupyter_client, running under the venv's interpreter, finds it there (the environment's
data path comes first inside a venv) and replaces a bare ``python`` by ``sys.executable``. If
``python3`` would start another interpreter (e.g. a user-level kernelspec with an absolute
path), a temporary kernelspec pinned to ``sys.executable`` is declared through
``JUPYTER_PATH`` instead. A probe cell checks which interpreter the kernel really runs.

Refresh the saved outputs after changing the library or the notebook:

    .venv/bin/python tests/test_notebook.py --update
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"
KERNEL = "python3"
PINNED = "unioncorpus-venv"
PROBE = "import sys; print(sys.executable)"
MAX_SECONDS = 90
MAX_BYTES = 1_500_000  # saved with outputs, but not a dump of images and tables


def _runs_this_interpreter(argv0: str) -> bool:
    # jupyter_client.KernelManager.format_kernel_cmd swaps these names for sys.executable.
    major, minor = sys.version_info[:2]
    if argv0 in {"python", f"python{major}", f"python{major}.{minor}"}:
        return True
    try:
        return Path(argv0).resolve() == Path(sys.executable).resolve()
    except OSError:
        return False


@contextmanager
def kernel_for_this_interpreter():
    """Yield a kernel name whose kernel runs ``sys.executable``."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
        ok = _runs_this_interpreter(spec.argv[0])
    except NoSuchKernel:
        ok = False
    if ok:
        yield KERNEL
        return
    with tempfile.TemporaryDirectory() as tmp:
        kdir = Path(tmp) / "kernels" / PINNED
        kdir.mkdir(parents=True)
        (kdir / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "unioncorpus (this venv)", "language": "python"}), encoding="utf-8")
        old = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join([tmp, *([old] if old else [])])
        try:
            yield PINNED
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old


def execute(nb, *, probe: bool = True):
    """Run ``nb`` in place (cwd = notebooks/, as Jupyter does); return the probe's output."""
    if probe:
        nb.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    with kernel_for_this_interpreter() as name:
        client = nbclient.NotebookClient(
            nb, kernel_name=name, timeout=600, startup_timeout=120, allow_errors=False,
            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()
    if not probe:
        return None
    cell = nb.cells.pop(0)
    for c in nb.cells:  # number the cells as if the probe had not run
        if c.cell_type == "code" and c.execution_count:
            c.execution_count -= 1
            for o in c.outputs:
                if o.get("execution_count"):
                    o.execution_count -= 1
    return "".join(o.get("text", "") for o in cell.outputs).strip()


def text_outputs(nb) -> list[list[str]]:
    """Per code cell: its stream text and text/plain results (images and HTML left out)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                texts.append(o.text)
            elif o.output_type in ("execute_result", "display_data"):
                texts.append(o.get("data", {}).get("text/plain", ""))
        out.append(texts)
    return out


def strip_for_saving(nb) -> None:
    """Drop what changes from run to run (timings) so the saved file is reproducible."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


@pytest.fixture(scope="module")
def saved():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def executed(saved):
    nb = copy.deepcopy(saved)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    start = time.perf_counter()
    exe = execute(nb)  # raises CellExecutionError, naming the cell, if any cell fails
    return nb, exe, time.perf_counter() - start


def test_kernel_runs_this_interpreter(executed):
    _, exe, _ = executed
    assert Path(exe).resolve() == Path(sys.executable).resolve(), (
        f"the notebook kernel ran {exe}, not {sys.executable}")


def test_notebook_runs_without_errors_in_time(executed):
    nb, _, seconds = executed
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    assert seconds < MAX_SECONDS, f"the notebook took {seconds:.0f} s"
    # the figures came out as inline PNGs
    pngs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "image/png" in o.get("data", {})]
    assert len(pngs) >= 5


def test_reuse_passages_are_shown(executed):
    nb, _, _ = executed
    shown = "\n".join(t for cell in text_outputs(nb) for t in cell)
    for fragment in ("为了让广大教职工感到学校的温暖", "学校的首要工作是教育教学"):
        assert fragment in shown


def test_saved_notebook_has_current_outputs(saved, executed):
    nb, _, _ = executed
    code = [c for c in saved.cells if c.cell_type == "code"]
    assert all(c.get("outputs") for c in code), "the notebook must be saved with its outputs"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert NOTEBOOK.stat().st_size < MAX_BYTES
    fresh, old = text_outputs(nb), text_outputs(saved)
    stale = [i for i, (a, b) in enumerate(zip(fresh, old, strict=True)) if a != b]
    assert not stale, (f"saved outputs of code cells {stale} differ from a fresh run; refresh "
                       f"them: .venv/bin/python tests/test_notebook.py --update")


def test_every_public_analysis_function_has_an_example(saved):
    import unioncorpus as uc
    from unioncorpus import analysis, plot

    source = "\n".join(c.source for c in saved.cells if c.cell_type == "code")
    names = set(analysis.__all__) - {"Comparison", "ReuseResult", "TopicResult", "CorpusView"}
    names |= {n for n in dir(plot) if n.startswith("plot_")} | {"save_figure"}
    names |= {"load", "explain_themes", "Segmenter", "segment", "check_dictionary",
              "count_terms", "clean_text", "parse_sections", "assign_themes",
              "load_theme_lexicon", "train_theme_classifier"}
    missing = sorted(n for n in names if not re.search(rf"\b{n}\(", source))
    assert not missing, f"no example in the notebook for: {', '.join(missing)}"
    assert all(hasattr(uc, n) or hasattr(analysis, n) or hasattr(plot, n) for n in names)


def update() -> None:
    """Execute the notebook and save it with its outputs."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    start = time.perf_counter()
    exe = execute(nb)
    strip_for_saving(nb)
    nbformat.validate(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"{NOTEBOOK.relative_to(ROOT)}: executed with {exe} in "
          f"{time.perf_counter() - start:.0f} s, {NOTEBOOK.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_notebook.py --update")
    update()
