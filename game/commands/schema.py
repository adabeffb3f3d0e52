"""`montage schema`: regenerate docs/level.schema.json and the key reference in the docs."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.core.jsonschema import reference_markdown, schema_json, update_reference


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


def run(args: argparse.Namespace) -> int:
    if args.docs:
        doc = Path(args.docs)
        try:
            doc.write_text(update_reference(doc.read_text(encoding="utf-8")), encoding="utf-8")
        except (OSError, ValueError) as e:
            print(f"{doc}: cannot update the reference: {e}")
            return 2
        print(f"updated {doc}")
    text = reference_markdown() if args.reference else schema_json()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    elif not args.docs:
        print(text, end="")
    return 0
