"""Files written into a mail as old Mac mail programs and news readers wrote them, by the real tools at test time:
BinHex 4.0 by macutils' `binhex` (a PDF's data fork, with its Finder type and creator), yEnc by the yEnc library
Debian ships for Python (python3-yenc, run by the system's Python: the venv does not hold it) with the "=ybegin" and
"=yend" lines its specification asks for around the encoded lines."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path


def _tool(program: str, package: str) -> str:
    if shutil.which(program) is None:
        from tests.servers._util import apt_install

        apt_install(package)
    found = shutil.which(program)
    assert found, f"{package} gives {program}"
    return found


def binhexed(name: str, data: bytes) -> str:
    """The file in BinHex 4.0 as macutils writes it (its own first line, the file between colons)."""
    exe = _tool("binhex", "macutils")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / name).write_bytes(data)
        out = subprocess.run([exe, "-d", "-t", "PDF ", "-c", "CARO", name], cwd=tmp, capture_output=True,
                             check=True, timeout=60)
    return out.stdout.decode("ascii")


_YENC = """import io, sys, yenc
data = sys.stdin.buffer.read()
out = io.BytesIO()
yenc.encode(io.BytesIO(data), out)
sys.stdout.buffer.write(out.getvalue())
"""


def yencoded(name: str, data: bytes, line: int = 128) -> bytes:
    """The file in yEnc, as a news reader writes it into a text: "=ybegin", the lines python3-yenc encodes
    (CRLF every `line` characters), "=yend" with the size and the CRC-32."""
    python = "/usr/bin/python3"
    if subprocess.run([python, "-c", "import yenc"], capture_output=True).returncode != 0:
        from tests.servers._util import apt_install

        apt_install("python3-yenc")
    body = subprocess.run([python, "-c", _YENC], input=data, capture_output=True, check=True, timeout=60).stdout
    return (f"=ybegin line={line} size={len(data)} name={name}\r\n".encode() + body.rstrip(b"\r\n") + b"\r\n"
            + f"=yend size={len(data)} crc32={zlib.crc32(data):08x}\r\n".encode())
