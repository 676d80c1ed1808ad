"""A tiny, dependency-free PDF writer: lines of text on Letter pages, enough for the demo's "Download PDF"."""

from __future__ import annotations

_ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "é": "e"})
LINES_PER_PAGE = 52


def _pdf_string(text: str) -> str:
    text = text.translate(_ASCII).encode("ascii", "replace").decode("ascii")
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _page_stream(lines: list[str], first_page: bool) -> bytes:
    ops = ["BT", "/F1 10.5 Tf", "14 TL", "72 720 Td"]
    for index, line in enumerate(lines):
        if first_page and index == 0:
            ops += ["/F2 14 Tf", f"{_pdf_string(line)} Tj", "T*", "/F1 10.5 Tf"]
        else:
            ops += [f"{_pdf_string(line)} Tj", "T*"]
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def simple_pdf(lines: list[str], *, title: str, author: str) -> bytes:
    """A valid PDF 1.4 (xref offsets computed) with Helvetica text; deterministic (no timestamps)."""
    chunks = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []  # object n is objects[n - 1]
    page_ids = [5 + 2 * i for i in range(len(chunks))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>")
    for index, chunk in enumerate(chunks):
        stream = _page_stream(chunk, index == 0)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[index] + 1} 0 R "
            "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_id = len(objects) + 1
    objects.append(
        f"<< /Title {_pdf_string(title)} /Author {_pdf_string(author)} /Producer (inkreader demo) >>".encode()
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_id,
        xref,
    )
    return bytes(out)
