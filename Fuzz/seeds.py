#!/usr/bin/env python3
"""Seed corpora for liplab-fuzz, one folder per target under the directory given (make fuzz
writes them to .build-fuzz/corpus/ before each run; nothing here is committed but this script).

From the repository: the statements of sessions/*.lip a few at a time, the kept fuzz scripts,
the transcripts sessions/*.out, and the test fixtures (.npy, CSV, safetensors, .npz). Beside
them, files made here with the headers a reader must refuse: huge shapes, wrong dtypes,
truncation, NUL bytes, byte-order marks, and zip64 fields. Standard library only.
"""

import io
import json
import pathlib
import struct
import sys
import zipfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "NotebookTests" / "Fixtures"


def npy(header: str, data: bytes = b"", version=(1, 0)) -> bytes:
    """A .npy file with the header dictionary `header`, padded as NumPy pads it."""
    size = 4 if version[0] >= 2 else 2
    text = header.encode("latin-1")
    pad = (-(6 + 2 + size + len(text) + 1)) % 64
    text += b" " * pad + b"\n"
    length = struct.pack("<I" if size == 4 else "<H", len(text))
    return b"\x93NUMPY" + bytes(version) + length + text + data


def safetensors(header, data: bytes = b"") -> bytes:
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def npz(members, compress=False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def zip64_npz(member: bytes) -> bytes:
    """A stored member whose sizes sit in a zip64 extra field (0xFFFFFFFF in the header)."""
    name = b"w.npy"
    crc = zlib.crc32(member)
    extra = struct.pack("<HHQQ", 1, 16, len(member), len(member))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra))
    body = local + name + extra + member
    cextra = struct.pack("<HHQQQ", 1, 24, len(member), len(member), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
        len(name), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF) + name + cextra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def main(directory: str) -> None:
    out = pathlib.Path(directory)
    seeds = {name: {} for name in ("statements", "npy", "csv", "safetensors", "npz", "out")}

    # Statements: each session's lines five at a time (whole sessions run too long per input).
    for path in sorted((ROOT / "sessions").glob("*.lip")):
        lines = [l for l in path.read_text().splitlines() if l.strip() and not l.startswith("#")]
        for i in range(0, len(lines), 5):
            seeds["statements"][f"{path.stem}-{i:03}.lip"] = "\n".join(lines[i : i + 5]).encode() + b"\n"
    for path in sorted((FIXTURES / "fuzz").glob("*.lip")):
        if path.stat().st_size <= 4096:
            seeds["statements"][path.name] = path.read_bytes()
    # Transcripts: the first 30 lines of each, and a few broken ones.
    for path in sorted((ROOT / "sessions").glob("*.out")):
        seeds["out"][path.name] = "\n".join(path.read_text().splitlines()[:30]).encode() + b"\n"
    seeds["out"]["bom.out"] = b"\xef\xbb\xbfliplab> x = 1\nx = 1\n"
    seeds["out"]["not-utf8.out"] = b"liplab> x = 1\nx = \xff\xfe\n"
    seeds["out"]["nul.out"] = b"liplab> x = 1\x00\n   ...> 2\nx = 1e309 NaN -Inf\n"

    # The fixtures, every format.
    for path in sorted(FIXTURES.rglob("*.npy")):
        seeds["npy"][f"{path.parent.name}-{path.name}"] = path.read_bytes()
    for path in sorted(FIXTURES.rglob("*.csv")):
        seeds["csv"][path.name] = path.read_bytes()
    for path in sorted(FIXTURES.rglob("*.safetensors")):
        seeds["safetensors"][path.name] = path.read_bytes()
    for path in sorted(FIXTURES.rglob("*.npz")):
        seeds["npz"][path.name] = path.read_bytes()

    # Mutated .npy headers.
    f8 = struct.pack("<4d", 1, 2, 3, 4)
    good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"
    for name, header in {
        "huge-shape": "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
        "overflow-shape": "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 3), }",
        "negative-shape": "{'descr': '<f8', 'fortran_order': False, 'shape': (-2, -2), }",
        "rank5": "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 2, 2), }",
        "scalar": "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
        "complex": "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 1), }",
        "object": "{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }",
        "half": "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 4), }",
        "structured": "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 2), }",
        "fortran-word": "{'descr': '>f8', 'fortran_order': 1, 'shape': (2, 2), }",
        "nul": "{'descr': '<f8\x00', 'fortran_order': False, 'shape': (2, 2), }",
        "unclosed": "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2",
        "duplicate-key": "{'descr': '<f8', 'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }",
    }.items():
        seeds["npy"][name + ".npy"] = npy(header, f8)
    seeds["npy"]["good.npy"] = npy(good, f8)
    seeds["npy"]["truncated.npy"] = npy(good, f8[:13])
    seeds["npy"]["trailing.npy"] = npy(good, f8 + b"\x00" * 8)
    seeds["npy"]["version2-huge-length.npy"] = b"\x93NUMPY\x02\x00\xff\xff\xff\x7f{'descr'"
    seeds["npy"]["version3-utf8.npy"] = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'é': 1}", f8, (3, 0))
    seeds["npy"]["magic-only.npy"] = b"\x93NUMPY"
    seeds["npy"]["bom.npy"] = b"\xef\xbb\xbf" + npy(good, f8)

    # CSV.
    for name, text in {
        "plain": b"1,2,3\n4,5,6\n",
        "header": b"x,y\n1,2\n3,4\n",
        "bom": b"\xef\xbb\xbf1,2\n3,4\n",
        "crlf": b"1,2\r\n3,4\r\n",
        "nul": b"1,2\x00abc,3\n4,5,6\n",
        "spaces": b"1 2\t3\n 4  5 6\n",
        "ragged": b"1,2,3\n4,5\n",
        "semicolon": b"1;2\n3;4\n",
        "extremes": b"1e308,-1e308,1e-400,1e400\nnan,inf,-inf,0x10\n",
        "quoted": b'"1","2"\n"3","4"\n',
        "comments": b"# a comment\n\n1,2\n# more\n3,4\n",
        "not-utf8": b"1,2\n\xff\xfe,3\n",
        "empty-cells": b",,\n1,,2\n",
        "long-number": b"1" + b"0" * 400 + b",2\n",
    }.items():
        seeds["csv"][name + ".csv"] = text

    # safetensors.
    f32 = struct.pack("<4f", 1, 2, 3, 4)
    tensor = {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}
    for name, (header, data) in {
        "good": ({"w": tensor}, f32),
        "metadata": ({"__metadata__": {"format": "pt"}, "w": tensor}, f32),
        "huge-shape": ({"w": dict(tensor, shape=[4294967296, 4294967296])}, f32),
        "overflow-offsets": ({"w": dict(tensor, data_offsets=[0, 18446744073709551615])}, f32),
        "near-max-offsets": ({"w": {"dtype": "U8", "shape": [2**63 - 9], "data_offsets": [0, 2**63 - 9]}}, f32),
        "negative-offsets": ({"w": dict(tensor, data_offsets=[-16, 0])}, f32),
        "float-shape": ({"w": dict(tensor, shape=[2.5, 2])}, f32),
        "wrong-dtype": ({"w": dict(tensor, dtype="C64")}, f32),
        "dtype-number": ({"w": dict(tensor, dtype=7)}, f32),
        "scalar": ({"w": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]}}, struct.pack("<d", 2)),
        "empty-tensor": ({"w": {"dtype": "F32", "shape": [0, 3], "data_offsets": [0, 0]}}, b""),
        "nested-metadata": ({"__metadata__": {"a": {"b": "c"}}, "w": tensor}, f32),
        "two": ({"a": tensor, "b": dict(tensor, data_offsets=[16, 32])}, f32 + f32),
    }.items():
        seeds["safetensors"][name + ".safetensors"] = safetensors(header, data)
    seeds["safetensors"]["nul-header.safetensors"] = safetensors(b'{"w":{"dtype":"F32\x00","shape":[2,2],"data_offsets":[0,16]}}', f32)
    seeds["safetensors"]["bom-header.safetensors"] = safetensors(b"\xef\xbb\xbf" + json.dumps({"w": tensor}).encode(), f32)
    seeds["safetensors"]["deep-json.safetensors"] = safetensors(b"[" * 10000 + b"]" * 10000)
    seeds["safetensors"]["huge-length.safetensors"] = struct.pack("<Q", 2**63) + b"{}"
    seeds["safetensors"]["truncated.safetensors"] = safetensors({"w": tensor}, f32)[:-5]
    seeds["safetensors"]["escapes.safetensors"] = safetensors(b'{"\\ud800\\u0000w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', f32)

    # .npz.
    member = npy(good, f8)
    seeds["npz"]["one.npz"] = npz([("w.npy", member)])
    seeds["npz"]["deflated-one.npz"] = npz([("w.npy", member), ("b.npy", npy(good, f8))], compress=True)
    seeds["npz"]["zip64.npz"] = zip64_npz(member)
    seeds["npz"]["huge-member.npz"] = npz([("w.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 2), }"))])
    seeds["npz"]["not-npy.npz"] = npz([("w.npy", b"1,2\n3,4\n"), ("x.txt", b"hello")])
    seeds["npz"]["nul-name.npz"] = npz([("w\x00x.npy", member)])
    seeds["npz"]["truncated.npz"] = npz([("w.npy", member)])[:-30]
    seeds["npz"]["empty.npz"] = npz([])

    for target, files in seeds.items():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        print(f"seeds: {target}: {len(files)} files in {folder}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".build-fuzz/corpus")
