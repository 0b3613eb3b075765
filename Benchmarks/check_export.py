#!/usr/bin/env python3
"""Validate liplab's notebook export with the reference implementation, PyPI's `nbformat`.

    python3 Benchmarks/check_export.py [LIPLAB] [SCRIPT_OR_DIR ...]   (`make check-export`)

Exports every script (default: sessions/) with `LIPLAB --export ipynb` into a temporary
directory, then for each notebook: reads it with nbformat, validates it against nbformat's JSON
schema for 4.5 (cell ids included), and checks that writing it back with nbformat gives the same
text liplab wrote. Prints one line per notebook; exits 1 on the first problem, 0 when all pass,
and 0 with a note when nbformat is not installed (`pip install nbformat`).
"""

import pathlib
import subprocess
import sys
import tempfile

try:
    import nbformat
except ImportError:
    print("check_export: nbformat is not installed (pip install nbformat); nothing checked")
    sys.exit(0)


def main() -> int:
    liplab = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/liplab"
    paths = sys.argv[2:] or ["sessions"]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([liplab, "--export", "ipynb", *paths, "-o", out], check=True, stdout=subprocess.DEVNULL)
        notebooks = sorted(pathlib.Path(out).glob("*.ipynb"))
        if not notebooks:
            print("check_export: no notebook was written")
            return 1
        for path in notebooks:
            text = path.read_text(encoding="utf-8")
            notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
            if (notebook.nbformat, notebook.nbformat_minor) != (4, 5):
                print(f"FAIL {path.name}: nbformat {notebook.nbformat}.{notebook.nbformat_minor}, not 4.5")
                return 1
            try:
                nbformat.validate(notebook, version=4, version_minor=5)
            except nbformat.ValidationError as error:
                print(f"FAIL {path.name}: {error.message}")
                return 1
            # nbformat.write (to a file) ends the text with a newline, as liplab does.
            if nbformat.writes(notebook, version=nbformat.NO_CONVERT) + "\n" != text:
                print(f"FAIL {path.name}: nbformat writes it back differently")
                return 1
            cells = len(notebook.cells)
            code = sum(cell.cell_type == "code" for cell in notebook.cells)
            print(f"valid {path.name}: nbformat 4.5, {cells} cells ({code} code)")
    print(f"check_export: {len(notebooks)} notebooks valid (nbformat {nbformat.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
