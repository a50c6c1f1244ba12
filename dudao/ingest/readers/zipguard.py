"""Refuse zip archives that would expand to far more than a notice could ever be.

python-docx reads every member into memory, so a crafted .docx with a 1 GB member of zeros
would exhaust the server. The sizes checked are the ones the central directory declares;
Python's zipfile never inflates a member past its declared size, so the check is binding.
"""

from __future__ import annotations

import io
import zipfile

from dudao.ingest.errors import CorruptDocument, ZipBomb

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_RATIO = 200
RATIO_CHECK_FROM = 10 * 1024 * 1024  # small members may compress well without harm


def check_zip(data: bytes) -> None:
    """Raise ZipBomb for implausible expansion, CorruptDocument for an unreadable archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptDocument(f"zip: {error}") from error
    if len(members) > MAX_MEMBERS:
        raise ZipBomb(f"{len(members)} 个成员 / members")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO:
            raise ZipBomb(f"{member.filename}: {ratio:.0f}:1")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ZipBomb(f"解压后 {total // (1024 * 1024)} MB / expands to {total} bytes")
