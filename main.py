"""Entry point: `python main.py` is the same as the `montage` console script."""

from game.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
