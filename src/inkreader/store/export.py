"""``inkreader export DIR``: one Markdown file with YAML front matter per saved piece.

Re-running is idempotent: a file whose content would not change is not rewritten (its mtime stays). A file
is never replaced by a shorter copy, nor when the user edited it since our last export (we remember the hash
of what we wrote in ``DIR/.inkreader-export.json``); such files are skipped and reported. File names are
slugs of the title; a piece keeps its file name across runs (looked up by URL in the manifest or in the
files' own front matter), and a second piece with the same slug gets a short hash of its URL appended.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from inkreader.model import Article, LibraryEntry
from inkreader.text import clean_text

from .errors import ExportError

if TYPE_CHECKING:
    from .library import Library

MANIFEST_NAME = ".inkreader-export.json"
_SLUG_MAX = 80


@dataclass
class ExportReport:
    """How many files were written and left unchanged (names in ``*_files``), and what was skipped and why
    (``"name.md: why"``, one line each)."""

    written: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    written_files: list[str] = field(default_factory=list)
    unchanged_files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = f"{self.written} written, {self.unchanged} unchanged, {len(self.skipped)} skipped"
        return line + (" (" + "; ".join(self.skipped) + ")" if self.skipped else "")


# -- YAML --------------------------------------------------------------------------------------------------

_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def yaml_string(value: str | None) -> str:
    """A YAML double-quoted scalar (or ``null``): safe for colons, quotes, ``#``, leading dashes, anything."""
    if value is None:
        return "null"
    out = []
    for char in value:
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in "\u2028\u2029\ufeff":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _unquote_yaml(raw: str) -> str | None:
    """Read back a scalar we wrote (double-quoted) or a plain one a person typed; None for null."""
    raw = raw.strip()
    if raw in ("", "null", "~"):
        return None
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        try:
            return json.loads(raw)  # our escapes are a subset of JSON's
        except ValueError:
            return raw[1:-1]
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    return raw


def front_matter_url(path: Path) -> str | None:
    """The ``url:`` of a Markdown file's front matter (first 60 lines), if it has one."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            lines = [handle.readline() for _ in range(60)]
    except OSError:
        return None
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if line.startswith("url:"):
            return _unquote_yaml(line[4:])
    return None


def render(article: Article, entry: LibraryEntry, *, tags: list[str] | None = None, appendix: str = "") -> str:
    """The whole file: front matter, title heading, body. Deterministic (no export time in it).

    ``tags`` go in the front matter; ``appendix`` (Markdown: the piece's highlights and notes) after the body.
    """
    authors = [clean_text(a, keep_newlines=False) for a in article.authors]
    lines = [
        "---",
        f"title: {yaml_string(clean_text(article.title, keep_newlines=False))}",
        f"url: {yaml_string(article.url)}",
        f"outlet: {yaml_string(article.outlet)}",
        "authors: []" if not authors else "authors:",
        *[f"  - {yaml_string(name)}" for name in authors],
        f"published: {yaml_string(article.published)}",
        f"saved_at: {yaml_string(entry.saved_at)}",
    ]
    if article.full_article_url:
        lines.append(f"full_article_url: {yaml_string(article.full_article_url)}")
    lines += ["tags: []"] if not tags else ["tags:", *[f"  - {yaml_string(clean_text(t, keep_newlines=False))}"
                                                         for t in tags]]
    lines += ["---", ""]
    title = clean_text(article.title, keep_newlines=False)
    body = clean_text(article.markdown or "").strip()
    extra = f"\n{clean_text(appendix).strip()}\n" if appendix.strip() else ""
    return "\n".join(lines) + f"\n# {title}\n\n{body}\n{extra}"


# -- names -------------------------------------------------------------------------------------------------


def slugify(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > _SLUG_MAX:
        slug = slug[:_SLUG_MAX].rsplit("-", 1)[0] or slug[:_SLUG_MAX]
    return slug or "untitled"


def _url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:7]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- files -------------------------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=".inkreader-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _export_error(directory: Path, error: OSError, done: int) -> ExportError:
    reason = "the disk is full" if error.errno == errno.ENOSPC else (error.strerror or str(error))
    tail = f" ({done} file(s) written before that)" if done else ""
    return ExportError(f"Could not write to {directory}: {reason}{tail}.")


def _load_manifest(directory: Path) -> dict:
    try:
        data = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return files if isinstance(files, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def export_saved(
    library: Library, directory: Path, *, extras: Callable[[str], tuple[list[str], str]] | None = None,
) -> ExportReport:
    """``extras(url)`` gives a piece's tags and the Markdown of its highlights and notes (the Reader's
    ``export_extras``)."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _export_error(directory, error, 0) from None
    if not directory.is_dir():
        raise ExportError(f"Could not export to {directory}: it is not a directory.")

    manifest = _load_manifest(directory)
    name_of_url: dict[str, str] = {}
    for name, info in manifest.items():
        if isinstance(info, dict) and isinstance(info.get("url"), str):
            name_of_url.setdefault(info["url"], name)
    taken: dict[str, str | None] = {}  # file name -> URL it belongs to (None: someone else's file)
    for path in sorted(directory.glob("*.md")):
        url = front_matter_url(path)
        taken[path.name] = url
        if url:
            name_of_url.setdefault(url, path.name)
    for url, name in name_of_url.items():
        taken.setdefault(name, url)

    report = ExportReport()
    new_manifest = dict(manifest)
    # Oldest saves first: the piece saved first keeps the plain slug when two titles collide.
    entries = sorted(library.list_saved(), key=lambda e: (e.saved_at or "", e.url))
    for entry in entries:
        article = library.get_article(entry.url)
        if article is None:  # cannot happen (saved pins the article); report rather than fail
            report.skipped.append(f"{entry.url}: not in the library")
            continue
        name = name_of_url.get(article.url)
        if name is None:
            base = slugify(article.title)
            name = f"{base}.md"
            if name in taken and taken[name] != article.url:
                name = f"{base}-{_url_hash(article.url)}.md"
            taken[name] = article.url
            name_of_url[article.url] = name
        target = directory / name
        tags, appendix = extras(article.url) if extras else ([], "")
        data = render(article, entry, tags=tags, appendix=appendix).encode("utf-8")
        try:
            existing = target.read_bytes() if target.exists() else None
        except OSError as error:
            report.skipped.append(f"{name}: cannot be read ({error.strerror})")
            continue
        if existing == data:
            report.unchanged += 1
            report.unchanged_files.append(name)
            new_manifest[name] = {"url": article.url, "sha256": _sha256(data)}
            continue
        if existing is not None:
            ours = manifest.get(name, {}).get("sha256") if isinstance(manifest.get(name), dict) else None
            if ours != _sha256(existing):
                report.skipped.append(f"{name}: changed since the last export; left as it is")
                continue
            if len(data) < len(existing):
                report.skipped.append(f"{name}: the new copy is shorter than the file; left as it is")
                continue
        try:
            _write_atomically(target, data)
        except OSError as error:
            raise _export_error(directory, error, report.written) from None
        report.written += 1
        report.written_files.append(name)
        new_manifest[name] = {"url": article.url, "sha256": _sha256(data)}

    if new_manifest != manifest:
        payload = json.dumps({"files": new_manifest}, indent=1, sort_keys=True, ensure_ascii=False)
        try:
            _write_atomically(directory / MANIFEST_NAME, (payload + "\n").encode("utf-8"))
        except OSError as error:
            raise _export_error(directory, error, report.written) from None
    return report


__all__ = ["ExportReport", "export_saved", "render", "slugify", "yaml_string"]
