"""Command-line interface: a thin wrapper over the Python API (one option = one keyword).

Exit codes (documented in the README, relied on by schedulers):

* 0 — success
* 1 — a notebook or the report failed (see the message and the run folder)
* 2 — bad input: invalid data, parameters or configuration; nothing was run
* 130 — interrupted (Ctrl-C / SIGINT)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from evaltools import __version__
from evaltools.errors import DataValidationError, EvaltoolsError, ParameterError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _cmd_validate(args: argparse.Namespace) -> int:
    from evaltools.data import load_data

    data = load_data(args.path)
    print(data.summary())
    print("OK: no problems found.")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from evaltools.data.template import write_template

    path = write_template(args.out)
    print(f"Blank input workbook written to {path}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from evaltools.data.demo import write_demo

    out = write_demo(args.out_dir, seed=args.seed)
    print(f"Synthetic demo dataset written to {out}")
    return EXIT_OK


def _parse_params(pairs: Sequence[Sequence[str]] | None) -> dict[str, str]:
    return {name: value for name, value in (pairs or [])}


def _cmd_run(args: argparse.Namespace) -> int:
    from evaltools.runner import run

    result = run(
        config=args.config,
        data=args.data,
        out=args.out,
        parameters=_parse_params(args.parameter),
        jobs=args.jobs,
        if_changed=args.if_changed,
    )
    if result.ok:
        if not result.skipped:
            print(f"Report written to {result.report}")
        return EXIT_OK
    print(f"evaltools run: {result.message}", file=sys.stderr)
    return EXIT_FAILED


def _cmd_batch(args: argparse.Namespace) -> int:
    from evaltools.runner import batch

    result = batch(args.configs, out=args.out, jobs=args.jobs, if_changed=args.if_changed)
    return EXIT_OK if result.ok else EXIT_FAILED


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evaltools",
        description="Policy evaluation workbook: data checks, analyses and the DPRD report.",
    )
    parser.add_argument("--version", action="version", version=f"evaltools {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check an input workbook or CSV folder against the data dictionary")
    p.add_argument("path", help="an .xlsx workbook or a folder of CSV files")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("template", help="write a blank input workbook with a 'Kamus Data' sheet")
    p.add_argument("out", help="path of the .xlsx file to write")
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("demo", help="write the seeded synthetic demo dataset (CSV folder)")
    p.add_argument("out_dir", help="folder to write the CSV files into")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the demo's own)")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("run", help="run the notebooks and build report.pdf (default: the demo case)")
    p.add_argument("config", nargs="?", default=None, help="YAML config file (optional)")
    p.add_argument("--data", default=None, help="input data: .xlsx workbook or CSV folder")
    p.add_argument("--out", default=None, help="output root; a dated run folder is made inside")
    p.add_argument(
        "-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
        help="set a notebook parameter (repeatable), e.g. -p region 'Kota Depok'",
    )
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: 2)")
    p.add_argument("--if-changed", action="store_true", help="skip when nothing changed since the last good run")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("batch", help="run many configs; one failure does not stop the others")
    p.add_argument("configs", nargs="+", help="YAML config files or folders of them")
    p.add_argument("--out", default=None, help="output root for all runs")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel within a run")
    p.add_argument("--if-changed", action="store_true", help="skip runs whose inputs are unchanged")
    p.set_defaults(func=_cmd_batch)

    p = sub.add_parser(
        "verify",
        help="re-hash a run's inputs, re-run its analyses and check its findings are reproduced",
    )
    p.add_argument("run_dir", help="a run folder (holding manifest.json and findings.json)")
    p.add_argument("--data", default=None,
                   help="where the inputs are now, if not at the path the manifest records")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser(
        "compare",
        help="what changed between two runs: inputs, parameters, verdicts, causes, recommendations",
    )
    p.add_argument("old_run", help="the earlier run folder")
    p.add_argument("new_run", help="the later run folder")
    p.set_defaults(func=_cmd_compare)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (DataValidationError, ParameterError) as exc:
        print(f"evaltools {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EvaltoolsError as exc:
        print(f"evaltools {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"evaltools {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
