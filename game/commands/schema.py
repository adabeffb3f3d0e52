"""`montage schema`: regenerate docs/level.schema.json and the key reference in the docs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.core.jsonschema import (
    REFERENCE_BEGIN,
    REFERENCE_END,
    reference_markdown,
    schema_json,
    update_reference,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print or write the level JSON Schema",
                       description="Print the level format's JSON Schema (generated from the "
                                   "loader's own key specs), or write it to a file.")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the schema here (e.g. docs/level.schema.json)")
    p.add_argument("--reference", action="store_true",
                   help="print the Markdown key reference instead of the schema")
    p.add_argument("--docs", metavar="FILE",
                   help="rewrite the generated reference block inside this Markdown file")
    p.set_defaults(func=run)


def _markers_problem(doc: str) -> str | None:
    """Why the generated block cannot be found in `doc`, or None when it can."""
    missing = [m for m in (REFERENCE_BEGIN, REFERENCE_END) if m not in doc]
    if missing:
        return ("it has no generated reference block; put these two lines where it goes: "
                f"{REFERENCE_BEGIN} and {REFERENCE_END}" if len(missing) == 2
                else f"the marker line {missing[0]} is missing")
    if doc.index(REFERENCE_END) < doc.index(REFERENCE_BEGIN):
        return "the END marker comes before the BEGIN marker"
    return None


def _os_reason(e: OSError) -> str:
    if isinstance(e, IsADirectoryError):
        return "it is a folder, not a file"
    return e.strerror or str(e)


def run(args: argparse.Namespace) -> int:
    if args.docs:
        doc = Path(args.docs)
        try:
            text = doc.read_text(encoding="utf-8")
            why = _markers_problem(text)
            if why is None:
                doc.write_text(update_reference(text), encoding="utf-8")
        except UnicodeDecodeError:
            why = "it is not UTF-8 text"
        except OSError as e:
            why = _os_reason(e)
        if why is not None:
            print(f"{doc}: cannot update the reference: {why}", file=sys.stderr)
            return 2
        print(f"updated {doc}")
    text = reference_markdown() if args.reference else schema_json()
    if args.output:
        out = Path(args.output)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        except OSError as e:
            print(f"{out}: cannot write the schema: {_os_reason(e)}", file=sys.stderr)
            return 2
        print(f"wrote {args.output}")
    elif not args.docs:
        print(text, end="")
    return 0
