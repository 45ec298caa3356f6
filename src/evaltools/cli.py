"""Command-line interface: a thin wrapper over the Python API (one option = one keyword).

Exit codes (documented in the README, relied on by schedulers):

* 0 — success
* 1 — a notebook or the report failed (see the message and the run folder)
* 2 — bad input: invalid data, parameters or configuration, or an input file that cannot be
  read (permissions, not a regular file, symlink loop, not UTF-8, nested too deeply); nothing
  was run
* 1 also for the environment: an output that cannot be written (permissions, disk full,
  read-only file system), out of memory
* 130 — interrupted (Ctrl-C / SIGINT); 143 — terminated (SIGTERM, as sent by ``timeout``,
  systemd or ``kill``). Both leave a ``-gagal`` run folder with its manifest.

Every message is one line (a data-validation report: one line per problem) naming the path
and the cause; control characters from data or file names are never printed raw.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from evaltools import __version__
from evaltools.errors import DataValidationError, EvaltoolsError, ParameterError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + signal.SIGTERM

# C0 controls except tab/newline, DEL, C1 controls, and the bidi overrides that can disguise
# text in a terminal: never echoed from data or file names.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: object) -> str:
    """``text`` as safe terminal output: control characters shown as ``\\xNN`` escapes.

    Also turns lone surrogates (undecodable bytes of a file name) into ``\\udcNN`` escapes,
    so printing never raises ``UnicodeEncodeError``.
    """
    out = _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        str(text),
    )
    return out.encode("utf-8", "backslashreplace").decode("utf-8")


def _say(text: object, *, err: bool = False) -> None:
    print(clean_text(text), file=sys.stderr if err else sys.stdout)


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so a run is wound up like after Ctrl-C."""


def _on_sigterm(signum, frame) -> None:
    # Only the first one raises: the run's clean-up (rename to -gagal, manifest) must not be
    # interrupted by a second TERM; `kill -9` still stops everything.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated("terminated (SIGTERM)")


def _cmd_validate(args: argparse.Namespace) -> int:
    from evaltools.data import load_data

    data = load_data(args.path)
    _say(data.summary())
    _say("OK: no problems found.")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from evaltools.data.template import write_template

    path = write_template(args.out, overwrite=args.force)
    _say(f"Blank input workbook written to {path}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from evaltools.data.demo import write_demo

    out = write_demo(args.out_dir, seed=args.seed, overwrite=args.force)
    _say(f"Synthetic demo dataset written to {out}")
    return EXIT_OK


def _parse_params(pairs: Sequence[Sequence[str]] | None) -> dict[str, str]:
    params = {}
    for name, value in pairs or []:
        for what, text in (("name", name), ("value", value)):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ParameterError(
                    f"parameter {clean_text(name)!r}: its {what} holds bytes that are not UTF-8 "
                    "text; type it again in a UTF-8 terminal (or set it in a UTF-8 config file)"
                ) from None
        params[name] = value
    return params


def _cmd_run(args: argparse.Namespace) -> int:
    from evaltools.runner import run

    result = run(
        config=args.config,
        data=args.data,
        out=args.out,
        parameters=_parse_params(args.parameter),
        jobs=args.jobs,
        if_changed=args.if_changed,
        formats=args.format,
        kernel_start="fork" if getattr(args, "fast_kernels", False) else None,
    )
    if result.ok:
        if not result.skipped:
            _say(f"Report written to {result.report}")
            if result.message:
                _say(f"evaltools run: warning: {result.message}", err=True)
        return EXIT_OK
    _say(f"evaltools run: {result.message}", err=True)
    return EXIT_FAILED


def _cmd_batch(args: argparse.Namespace) -> int:
    from evaltools.runner import batch

    result = batch(
        args.configs,
        out=args.out,
        jobs=args.jobs,
        if_changed=args.if_changed,
        workers=args.workers,
        cluster=args.cluster,
        rollup=not args.no_rollup,
        kernel_start="fork" if args.fast_kernels else None,
        language=args.language,
    )
    return EXIT_OK if result.ok else EXIT_FAILED


def _cmd_rollup(args: argparse.Namespace) -> int:
    from evaltools.runner.rollup import build_rollup

    result = build_rollup(args.batch_dir, language=args.language)
    _say(f"National roll-up written to {result.index_html}, {result.pdf} and {result.csv}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from evaltools.runner.verify import verify

    result = verify(args.run_dir, data=args.data)
    for check in result.checks:
        mark = {True: "ok       ", False: "DIFFERS  ", None: "unchecked"}[check["ok"]]
        print(f"{mark} {check['check']}: {check['detail']}")
    for line in result.differences:
        print(f"  - {line}")
    print("Reproduced." if result.ok else "NOT reproduced: see the differences above.")
    return EXIT_OK if result.ok else EXIT_FAILED


def _cmd_compare(args: argparse.Namespace) -> int:
    from evaltools.runner.compare import compare, format_table

    print(format_table(compare(args.old_run, args.new_run)))
    return EXIT_OK


def _run_epilog() -> str:
    """The ``run --help`` epilog: parameters (from the notebooks), exit codes, output folder.

    Built only when help is asked for: reading the notebooks imports papermill (about a second).
    """
    lines = []
    try:
        from evaltools.runner.core import _default_root, _select_notebooks
        from evaltools.runner.params import inspect_parameters

        notebooks_dir = _default_root("notebooks")
        specs = inspect_parameters(_select_notebooks(notebooks_dir, None))
        lines.append(f"parameters (-p NAME VALUE; declared by the notebooks in {notebooks_dir}):")
        for spec in specs.values():
            default = "" if spec.default in (None, "", 0, []) else f" = {spec.default!r}"
            lines.append(f"  {spec.name} ({spec.type}{default}): {spec.help}".rstrip(": "))
        lines.append("  empty, 0 or [] means: take the value from the data's context table")
    except Exception as exc:  # noqa: BLE001 — help must print even when the notebooks cannot be read
        lines.append(f"parameters: could not read the notebooks ({exc})")
    lines += [
        "",
        "output: <out>/<YYYY-MM-DD>[-N]/ with report.pdf, report.html (accessible HTML edition),",
        "  findings.json, manifest.json, run.log and notebooks/; failed runs end in -gagal;",
        "  report.docx with --format docx (editable edition);",
        "  <out> defaults to reports/<config name, or 'demo'>/;",
        "  `latest` points to the newest good run.",
        "",
        "exit codes: 0 success, 1 a notebook or the report failed (or the environment),",
        "  2 bad input (nothing was run), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).",
    ]
    return "\n".join(lines)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evaltools",
        description="Policy evaluation workbook: data checks, analyses and the DPRD report.",
    )
    parser.add_argument("--version", action="version", version=f"evaltools {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "validate", help="check an input workbook or CSV folder against the data dictionary"
    )
    p.add_argument("path", help="an .xlsx workbook or a folder of CSV files")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("template", help="write a blank input workbook with a 'Kamus Data' sheet")
    p.add_argument("out", help="path of the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("demo", help="write the seeded synthetic demo dataset (CSV folder)")
    p.add_argument("out_dir", help="folder to write the CSV files into")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the demo's own)")
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty (the demo's files are replaced)",
    )
    p.set_defaults(func=_cmd_demo)

    wants_run_help = bool(argv) and argv[0] == "run" and any(a in ("-h", "--help") for a in argv)
    p = sub.add_parser(
        "run",
        help="run the notebooks and build report.pdf (default: the demo case)",
        epilog=_run_epilog() if wants_run_help else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("config", nargs="?", default=None, help="YAML config file (optional)")
    p.add_argument("--data", default=None, help="input data: .xlsx workbook or CSV folder")
    p.add_argument("--out", default=None, help="output root; a dated run folder is made inside")
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter (repeatable), e.g. -p region 'Kota Depok'",
    )
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: 2)")
    p.add_argument(
        "--if-changed",
        action="store_true",
        help="skip when nothing changed since the last good run",
    )
    p.add_argument(
        "--format",
        action="append",
        choices=("pdf", "docx"),
        default=None,
        help="also write this edition (repeatable): docx = editable report.docx; "
        "report.pdf and report.html are always written",
    )
    p.add_argument(
        "--fast-kernels",
        action="store_true",
        help="fork each notebook's kernel from one process that imported the scientific "
        "stack once (falls back to normal kernels; config key kernel_start: fork)",
    )
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("batch", help="run many configs; one failure does not stop the others")
    p.add_argument("configs", nargs="+", help="YAML config files or folders of them")
    p.add_argument("--out", default=None, help="output root for all runs")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel within a run")
    p.add_argument("--if-changed", action="store_true", help="skip runs whose inputs are unchanged")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="reports in parallel on this machine, one per worker process (an embedded Dask "
        "cluster; default 1: one after another)",
    )
    p.add_argument(
        "--cluster",
        default=None,
        metavar="tcp://HOST:PORT",
        help="run the reports on an existing Dask cluster (shared file system, same evaltools)",
    )
    p.add_argument(
        "--no-rollup",
        action="store_true",
        help="do not build the national roll-up (index.html, ringkasan-nasional.pdf/.csv)",
    )
    p.add_argument(
        "--fast-kernels",
        action="store_true",
        help="every run forks its notebooks' kernels from one process that imported the "
        "scientific stack once (≈ 0.6× the CPU per report, measured; falls back to normal kernels)",
    )
    p.add_argument(
        "--language",
        default=None,
        choices=["id", "en"],
        help="language of the index and national roll-up (default: id); each report keeps "
        "its config's language",
    )
    p.set_defaults(func=_cmd_batch)

    p = sub.add_parser(
        "rollup",
        help="rebuild a batch's national roll-up (index.html, ringkasan-nasional.pdf/.csv)",
    )
    p.add_argument("batch_dir", help="the batch output root (holding index.json)")
    p.add_argument("--language", default=None, choices=["id", "en"], help="language (default: id)")
    p.set_defaults(func=_cmd_rollup)

    p = sub.add_parser(
        "verify",
        help="re-hash a run's inputs, re-run its analyses and check its findings are reproduced",
    )
    p.add_argument("run_dir", help="a run folder (holding manifest.json and findings.json)")
    p.add_argument(
        "--data",
        default=None,
        help="where the inputs are now, if not at the path the manifest records",
    )
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser(
        "compare",
        help="what changed between two runs: inputs, parameters, verdicts, causes, recommendations",
    )
    p.add_argument("old_run", help="the earlier run folder")
    p.add_argument("new_run", help="the later run folder")
    p.set_defaults(func=_cmd_compare)
    return parser


def _input_paths(args: argparse.Namespace) -> list[Path]:
    """Paths the user gave as inputs: an OS error on them is bad input (exit 2)."""
    items = [
        getattr(args, "path", None),
        getattr(args, "data", None),
        getattr(args, "config", None),
        *(getattr(args, "configs", None) or []),
    ]
    return [Path(os.path.abspath(str(p))) for p in items if p]


def _is_input(filename: object, inputs: list[Path]) -> bool:
    if not filename:
        return False
    try:
        path = Path(os.path.abspath(os.fsdecode(filename)))
    except (TypeError, ValueError):
        return False
    return any(path == p or p in path.parents for p in inputs)


def describe_os_error(exc: OSError) -> str:
    """'PATH: cause' in one line, e.g. "'/x/out': Read-only file system (errno EROFS)"."""
    import errno

    cause = exc.strerror or str(exc) or type(exc).__name__
    code = errno.errorcode.get(exc.errno or 0)
    if code:
        cause += f" (errno {code})"
    paths = [p for p in (exc.filename, exc.filename2) if p]
    where = " -> ".join(repr(os.fsdecode(p)) for p in paths)
    return f"{where}: {cause}" if where else cause


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (e.g. called from a worker thread): keep as is
        previous = None
    try:
        return _dispatch(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command; the one place that turns every failure into a one-line message."""
    command = args.command

    def fail(message: str, code: int) -> int:
        _say(f"evaltools {command}: {message}", err=True)
        return code

    try:
        return int(args.func(args))
    except (DataValidationError, ParameterError) as exc:
        return fail(str(exc), EXIT_BAD_INPUT)
    except EvaltoolsError as exc:
        return fail(str(exc), EXIT_FAILED)
    except Terminated:
        return fail("terminated (SIGTERM)", EXIT_TERMINATED)
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except RecursionError:
        return fail(
            "an input is nested too deeply to read (RecursionError); simplify the "
            "config or data file",
            EXIT_BAD_INPUT,
        )
    except RuntimeError as exc:
        # Python < 3.13: Path.resolve() turns ELOOP into RuntimeError("Symlink loop from …").
        if not (str(exc).startswith("Symlink loop") and isinstance(exc.__context__, OSError)):
            return _internal(command, exc)
        loop = exc.__context__
        where = (
            f"input {describe_os_error(loop)}"
            if _is_input(loop.filename, _input_paths(args))
            else describe_os_error(loop)
        )
        return fail(
            f"cannot use {where} (a symbolic link that points, directly or not, to "
            "itself). Nothing was run",
            EXIT_BAD_INPUT,
        )
    except OSError as exc:
        if _is_input(exc.filename, _input_paths(args)):
            return fail(
                f"cannot read input {describe_os_error(exc)}. Nothing was run", EXIT_BAD_INPUT
            )
        return fail(f"cannot read or write {describe_os_error(exc)}", EXIT_FAILED)
    except UnicodeError as exc:
        return fail(
            f"text that is not valid UTF-8 ({type(exc).__name__}: {exc}); save files "
            "as UTF-8 and type arguments in a UTF-8 terminal",
            EXIT_BAD_INPUT,
        )
    except MemoryError:
        return fail(
            "out of memory while working on the input; it is larger than this "
            "machine can hold — split the data or use a machine with more memory",
            EXIT_FAILED,
        )
    except Exception as exc:  # noqa: BLE001 — the last resort: a bug, said in one line
        return _internal(command, exc)


def _internal(command: str, exc: BaseException) -> int:
    """An unexpected error (a bug): one line, the traceback only with EVALTOOLS_DEBUG=1."""
    if os.environ.get("EVALTOOLS_DEBUG"):
        raise exc
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
    _say(
        f"evaltools {command}: internal error {type(exc).__name__}: {exc}{where}. Please "
        "report it (set EVALTOOLS_DEBUG=1 to see the traceback)",
        err=True,
    )
    return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
