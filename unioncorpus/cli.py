"""Command line: ``python -m unioncorpus.clean INPUT... -o OUT``.

Argument parsing lives here; the batch work is :func:`unioncorpus.pipeline.iter_clean_files`.
``main(argv)`` returns the exit code so it can be tested without a subprocess.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .errors import DuplicateWarning, UnionCorpusError
from .output import (
    REMOVAL_FIELDS,
    atomic_writer,
    document_record,
    document_text,
    dumps,
    text_filename,
    write_atomic,
)
from .pipeline import CleanResult, ErrorRecord, iter_clean_files

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
# Control characters, and the lone surrogates of a file name that is not UTF-8: escaped, so an
# error is one printable line on any terminal or log.
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m unioncorpus.clean",
        description="Clean scraped pages of school labor-union work summaries and plans into "
                    "documents with metadata, sections and an audit trail of every removal.",
        epilog="Writes OUT/documents.jsonl, OUT/removed.jsonl and OUT/errors.jsonl. Exit code: "
               "0 all pages fine, 1 some pages failed, 2 usage error.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders (searched recursively) or glob patterns; .txt, .html, "
                        ".htm, web archives (.warc, .warc.gz, .wacz), a crawler's JSON Lines feed "
                        "(.jsonl, .jl), or a documents.jsonl from an earlier run")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    p.add_argument("--texts", action="store_true",
                   help="also write one .txt per document under OUT/texts/")
    p.add_argument("--rules", metavar="TSV",
                   help="boilerplate rules file replacing the packaged one")
    p.add_argument("--no-sections", action="store_true",
                   help="skip the heading tree and themes (faster)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="worker processes (default 1); output is identical to a serial run")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="run workers in a local process pool (default) or on Dask")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (tcp://host:8786); default: a local cluster")
    p.add_argument("--cache", nargs="?", const=True, default=None, metavar="DIR",
                   help="reuse cleaned pages from a content-hash cache (default folder "
                        "~/.cache/unioncorpus, or DIR); a rerun over unchanged pages skips "
                        "the work")
    p.add_argument("--line-model", metavar="JSON",
                   help="line model file replacing the packaged one (uc.train_line_model(...)"
                        ".save(path)); runs with it skip the cache")
    p.add_argument("--rules-only", action="store_true",
                   help="no line model: only the rules decide what is boilerplate")
    p.add_argument("--keep-off-topic", action="store_true",
                   help="keep pages with no school and no document genre and chatty blog "
                        "posts about union work (rejected by default: page.off_topic, "
                        "page.blog)")
    p.add_argument("--no-site-templates", action="store_true",
                   help="do not learn and remove lines recurring across a site's pages")
    p.add_argument("--explain", action="store_true",
                   help="also write OUT/lines.jsonl: every input line, kept or removed, with "
                        "its rule or line-model score and the features behind it")
    p.add_argument("--jsonl-fields", metavar="ROLE=FIELD,...", type=_jsonl_fields,
                   help="field names of a crawler feed's records (default: url, html, text, "
                        "body, content, ...), e.g. url=link,html=body; roles url, html, "
                        "text, fetched")
    p.add_argument("--version", action="version", version=f"unioncorpus {__version__}")
    return p


def _jsonl_fields(spec: str) -> dict[str, str]:
    from .archives import parse_jsonl_fields

    try:
        return parse_jsonl_fields(spec)
    except UnionCorpusError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def main(argv: Sequence[str] | None = None) -> int:
    """Run the cleaner; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code not in (0, None) else EXIT_OK
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        print(f"error: output {out} exists and is not a folder; choose another -o",
              file=sys.stderr)
        return EXIT_USAGE
    resolved_out = out.resolve()
    inputs = [i for i in args.inputs if not _inside(Path(i), resolved_out)]

    def report(rec: ErrorRecord) -> None:
        # One line per error, whatever the file name holds (newlines, control characters,
        # bytes that are not UTF-8).
        source = _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], rec.source)
        print(f"error: {source}: {rec.message}", file=sys.stderr)

    # Written as the pages come (in input order), so memory holds the pages in flight, not
    # the corpus, and with workers the writing overlaps their cleaning. The files appear
    # when the run ends; an interrupted or failed run leaves the previous ones in place.
    sources: set[str] = set()
    n_docs = n_removed = n_rejected = n_errors = 0
    skipped: dict[str, int] = {}  # archive records that are no pages, by reason
    try:
        results = iter_clean_files(inputs, rules=args.rules, sections=not args.no_sections,
                                   progress=False if args.quiet else None, on_error=report,
                                   jobs=args.jobs, engine=args.engine,
                                   scheduler=args.scheduler, cache=args.cache, exclude=[out],
                                   line_model=False if args.rules_only else args.line_model,
                                   site_templates=not args.no_site_templates,
                                   relevance=False if args.keep_off_topic else None,
                                   jsonl_fields=args.jsonl_fields)
        results = _printing_warnings(results)
        with atomic_writer(out / "documents.jsonl") as docs, \
                atomic_writer(out / "removed.jsonl") as removed, \
                atomic_writer(out / "errors.jsonl") as errors:
            for res in results:
                for d in res.documents:
                    docs.write(dumps(document_record(d)) + "\n")
                    sources.add(d.source)
                    if args.texts:
                        write_atomic(out / "texts" / text_filename(d), [document_text(d)])
                for r in res.removed:
                    removed.write(dumps({k: getattr(r, k) for k in REMOVAL_FIELDS}) + "\n")
                for e in res.errors:
                    errors.write(dumps(e.to_dict()) + "\n")
                n_docs += len(res.documents)
                n_removed += len(res.removed)
                n_rejected += len(res.rejected)
                n_errors += len(res.errors)
                for sk in res.skipped:
                    skipped[sk.reason] = skipped.get(sk.reason, 0) + sk.count
    except UnionCorpusError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.explain:
        _write_explanations(inputs, out, args)
    if not args.quiet:
        print(f"{len(sources) + n_rejected} pages → {n_docs} documents; "
              f"{n_removed} removals, {n_rejected} pages rejected, "
              f"{n_errors} errors; written to {out}/")
        if skipped:
            counts = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
            print(f"archive records that are no pages, skipped: {sum(skipped.values())} "
                  f"({counts})")
    return EXIT_SOME_FAILED if n_errors else EXIT_OK


def _printing_warnings(results: Iterator[CleanResult]) -> Iterator[CleanResult]:
    """The results; a warning raised while they are made (pages loaded twice, dropped) is
    printed as one ``warning:`` line on stderr when they end."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DuplicateWarning)
        yield from results
    for w in caught:
        print(f"warning: {_CONTROL.sub(lambda m: repr(m.group(0))[1:-1], str(w.message))}",
              file=sys.stderr)


def _inside(path: Path, folder: Path) -> bool:
    """True for an input inside the output folder (so a rerun never reads its own output)."""
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _write_explanations(inputs: list[str], out: Path, args: argparse.Namespace) -> None:
    """OUT/lines.jsonl: the boilerplate stage's decision on every line of every page."""
    from .archives import check_jsonl_fields, expand_members, read_source, split_member
    from .boilerplate.explain import explain_lines
    from .boilerplate.templates import learn_from_files, templates_for
    from .read import JSONL_SUFFIXES, expand_inputs

    files, _, roots = expand_inputs(inputs, exclude=[out])
    fields = check_jsonl_fields(args.jsonl_fields)
    names = [f for f in expand_members(files, roots, jsonl_fields=fields).sources
             if split_member(f) or Path(f).suffix.lower() not in JSONL_SUFFIXES]
    learned = ({} if args.no_site_templates
               else learn_from_files(names, jsonl_fields=fields))
    model = False if args.rules_only else args.line_model
    with atomic_writer(out / "lines.jsonl") as f:
        for name in names:
            try:
                page = read_source(name, jsonl_fields=fields)
            except (UnionCorpusError, OSError, UnicodeError):
                continue  # reported in errors.jsonl by the run itself
            for rec in explain_lines(page.text, name, rules=args.rules, line_model=model,
                                     templates=templates_for(name, learned),
                                     relevance=False if args.keep_off_topic else None):
                f.write(dumps(rec) + "\n")
