"""Write the hostile PDFs the tests serve (tests/fixtures/pdf/), all of our own making: ``python -m
scripts.make_test_pdfs``. Needs reportlab (the ``bench`` extra); the files are committed, so tests never do."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"


def _text_pdf(lines: list[str], encrypt: StandardEncryption | None = None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LETTER, invariant=1, encrypt=encrypt)
    y = 720
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 14
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def encrypted() -> bytes:
    """Needs a password to open (a user password is set)."""
    return _text_pdf(["A memo nobody may read without its password."], StandardEncryption("secret", "owner"))


def owner_only() -> bytes:
    """Encrypted with an empty user password (owner-only restrictions): opens without asking."""
    return _text_pdf(
        ["An owner-restricted brief opens for every reader.", "Printing and copying are restricted by its owner."],
        StandardEncryption("", "owner", canPrint=0, canCopy=0),
    )


def no_text_layer() -> bytes:
    """Shapes only, as a scan is pictures only: no text to read."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LETTER, invariant=1)
    for row in range(20):
        pdf.rect(72, 700 - row * 30, 400 - row * 10, 18, fill=1)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def bomb(inflated: int = 450 * 1024 * 1024) -> bytes:
    """One page whose content stream inflates to 450 MB of spaces (about 450 KB on disk)."""
    compressor = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    stream = b"".join(compressor.compress(block) for _ in range(inflated // len(block))) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def garbled_pdf() -> bytes:
    """A Type 3 font whose glyphs have made-up names and no ToUnicode map: the text layer is garbage."""
    glyph = b"0 0 d0 0 0 500 700 re f"
    names = " ".join(f"/g{i}" for i in range(1, 21))
    procs = " ".join(f"/g{i} 6 0 R" for i in range(1, 21))
    text = "".join(f"\\{i:03o}" for i in range(1, 21))
    line = f"BT /T3 12 Tf 72 720 Td ({text}) Tj ET\n".encode() * 30
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /T3 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(line) + line + b"\nendstream",
        (
            f"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] "
            f"/CharProcs << {procs} >> /Encoding << /Type /Encoding /Differences [1 {names}] >> "
            f"/FirstChar 1 /LastChar 20 /Widths [{' '.join(['500'] * 20)}] >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(glyph) + glyph + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in {
        "encrypted.pdf": encrypted(),
        "owner-only.pdf": owner_only(),
        "no-text-layer.pdf": no_text_layer(),
        "bomb.pdf": bomb(),
        "garbled.pdf": garbled_pdf(),
    }.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
