"""Subcommands of `montage` (one module each, each with `register(subparsers)`)."""
