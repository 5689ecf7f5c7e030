"""Build small real PDFs for tests: text pages in Helvetica (WinAnsi), blank pages, broken files."""

from __future__ import annotations


def _escape(line: str) -> str:
    raw = line.encode("cp1252")
    out = []
    for b in raw:
        ch = chr(b)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= b < 127:
            out.append(ch)
        else:
            out.append(f"\\{b:03o}")
    return "".join(out)


def _assemble(objects: list[bytes]) -> bytes:
    """The file around numbered objects: header, bodies, cross-reference table, trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines; an empty list makes a page with no text."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, lines in enumerate(pages):
        content_id = 4 + 2 * i
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1") if lines else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    return _assemble(objects)


def encrypt(pdf: bytes, password: str = "hemligt") -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_scanned_pdf(pages: list[list[str]], text_pages: tuple[int, ...] = (), dpi: int = 200) -> bytes:
    """A PDF whose pages are pictures of text (no text layer), like a scan: each page of
    make_pdf(pages) is rendered to a greyscale image and only the image is kept. Pages whose
    0-based index is in `text_pages` keep their real text layer instead."""
    import zlib

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(make_pdf(pages))
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font_id = None
    for i, lines in enumerate(pages):
        page_id = len(objects) + 1
        kids.append(f"{page_id} 0 R")
        if i in text_pages:
            if font_id is None:
                font_id = -1  # filled in below
            ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"] + [f"({_escape(line)}) Tj T*" for line in lines] + ["ET"]
            stream = "\n".join(ops).encode("latin-1")
            objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 FONT 0 R >> >> "
                           f"/Contents {page_id + 1} 0 R >>".encode())
            objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
            continue
        bitmap = source[i].render(scale=dpi / 72, grayscale=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        raw = bytes(bitmap.buffer)
        pixels = b"".join(raw[r * stride : r * stride + width] for r in range(height))
        image = zlib.compress(pixels)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 {page_id + 2} 0 R >> >> "
                       f"/Contents {page_id + 1} 0 R >>".encode())
        content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
                       f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(image)} >>\nstream\n".encode()
                       + image + b"\nendstream")
    if font_id is not None:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        font_id = len(objects)
        objects = [o.replace(b"FONT 0 R", f"{font_id} 0 R".encode()) for o in objects]
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    return _assemble(objects)
