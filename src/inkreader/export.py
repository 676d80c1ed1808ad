"""``inkreader export DIR``: one Markdown file with YAML front matter per kept piece (saved, highlighted or tagged).

Re-running is idempotent: a file whose content would not change is not rewritten (its mtime stays). A file
is never replaced by a shorter copy, nor when the user edited it since our last export (we remember the hash
of what we wrote in ``DIR/.inkreader-export.json``); such files are skipped and reported. File names are
slugs of the title; a piece keeps its file name across runs (looked up by URL in the manifest or in the
files' own front matter), and a second piece with the same slug gets a short hash of its URL appended.

DIR may be a shared, synced or cloned folder, so nothing in it is trusted: the manifest is data, never a list
of places to write. Every name export reads or writes is a plain ``*.md`` file name inside DIR (no separators,
no ``..``, no leading dot), looked up relative to DIR opened once (a parent swapped for a symlink meanwhile
changes nothing), and only regular files are read or replaced: a symlink, a FIFO or a device under a name we
want is left alone and reported. New files get the usual permissions (0666 less the umask); a file we replace
keeps its own.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .annotate.markdown import escape_line
from .errors import InkreaderError
from .files import NotRegularFile, kind_of, read_regular
from .model import Article, LibraryEntry
from .text import clean_line, clean_text

if TYPE_CHECKING:
    from .store import Library


class ExportError(InkreaderError):
    """The export directory could not be created or written."""


MANIFEST_NAME = ".inkreader-export.json"
_SLUG_MAX = 80
_NAME_MAX_BYTES = 255  # NAME_MAX on every common file system
MANIFEST_MAX_BYTES = 16 * 1024 * 1024  # far more than any real manifest; a bigger one is not ours
FRONT_MATTER_BYTES = 64 * 1024  # where a file's ``url:`` must be to be recognised
EXISTING_MAX_BYTES = 64 * 1024 * 1024  # a file of ours grown past this was edited: left alone


@dataclass
class ExportReport:
    """How many files were written and left unchanged (names in ``*_files``), and what was skipped and why
    (``"name.md: why"``, one line each)."""

    written: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    written_files: list[str] = field(default_factory=list)
    unchanged_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Problems with DIR itself (a manifest with entries that are not plain names...), one line each."""

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
            text: str = json.loads(raw)  # our escapes are a subset of JSON's; a quoted scalar reads as a str
            return text
        except ValueError:
            return raw[1:-1]
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    return raw


def front_matter_url(head: bytes) -> str | None:
    """The ``url:`` of a Markdown file's front matter (first 60 lines of ``head``), if it has one."""
    lines = head.decode("utf-8", "replace").splitlines()[:60]
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
    lines += (
        ["tags: []"]
        if not tags
        else ["tags:", *[f"  - {yaml_string(clean_text(t, keep_newlines=False))}" for t in tags]]
    )
    lines += ["---", ""]
    # The title is page text, not Markdown: written so that it shows as it reads (a title holding <script> or
    # ![](https://tracker/) is never live markup in a Markdown preview), as the highlights file writes it.
    title = escape_line(clean_text(article.title, keep_newlines=False))
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


def is_plain_name(name: object) -> bool:
    """A name export may use in DIR: one ``*.md`` path component, no separators, no ``..``, no leading dot
    (the manifest and our temporary files), no control characters, short enough for the file system."""
    if not isinstance(name, str) or not name.endswith(".md") or name.startswith("."):
        return False
    if any(char in name for char in "/\\") or any(ord(char) < 32 or ord(char) == 127 for char in name):
        return False
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: no file system name
        return False
    if size > _NAME_MAX_BYTES or os.path.isabs(name) or os.path.basename(name) != name:
        return False
    return name not in (".", "..") and os.path.normpath(name) == name


# -- files -------------------------------------------------------------------------------------------------


class _Folder:
    """DIR, opened once. Names are looked up relative to its descriptor where the platform allows, so no path
    is ever re-resolved through its parents; each name is checked to be plain before any use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.real = Path(os.path.realpath(path))
        self._fd: int | None = None
        if os.open in os.supports_dir_fd and os.replace in os.supports_dir_fd:
            self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _at(self, name: str) -> str:
        if not (is_plain_name(name) or name == MANIFEST_NAME):
            raise ValueError(f"not a plain file name: {name!r}")
        if self._fd is not None:
            return name
        joined = os.path.join(self.real, name)  # no descriptors: check after joining (the name itself unresolved)
        if os.path.realpath(os.path.dirname(joined)) != str(self.real):
            raise ValueError(f"{name!r} is not inside {self.path}")
        return joined

    def names(self) -> list[str]:
        return sorted(os.listdir(self._fd if self._fd is not None else self.real))

    def mode(self, name: str) -> int | None:
        """``st_mode`` of the name itself (a symlink is a symlink), None when nothing is there."""
        try:
            return os.stat(self._at(name), dir_fd=self._fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None

    def read(self, name: str, limit: int) -> bytes:
        return read_regular(self._at(name), limit, follow_symlinks=False, dir_fd=self._fd)

    def write(self, name: str, data: bytes, mode: int | None) -> None:
        """Write ``data`` to a temporary file in DIR, then rename it over ``name`` (atomic; the rename replaces
        the name itself, never what a link there points to). ``mode``: keep a replaced file's permissions;
        None: 0666 less the umask, as any program creating a file gets."""
        target = self._at(name)
        temp = f".inkreader-{secrets.token_hex(6)}.tmp"  # a leading dot: never taken for a piece
        temp_at = temp if self._fd is not None else os.path.join(self.real, temp)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(temp_at, flags, 0o666, dir_fd=self._fd)
        try:
            with os.fdopen(handle, "wb") as out:
                if mode is not None and hasattr(os, "fchmod"):
                    os.fchmod(out.fileno(), stat.S_IMODE(mode))
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_at, target, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except BaseException:
            try:
                os.unlink(temp_at, dir_fd=self._fd)
            except OSError:
                pass
            raise


def _export_error(directory: Path, error: OSError, done: int) -> ExportError:
    reason = "the disk is full" if error.errno == errno.ENOSPC else (error.strerror or str(error))
    tail = f" ({done} file(s) written before that)" if done else ""
    return ExportError(f"Could not write to {directory}: {reason}{tail}.")


@dataclass
class _Manifest:
    files: dict[str, dict[str, str]]  # plain name -> {"url": ..., "sha256": ...}
    writable: bool = True  # False when MANIFEST_NAME is something we must not replace
    warnings: list[str] = field(default_factory=list)


def _load_manifest(folder: _Folder) -> _Manifest:
    """The manifest's well-formed entries. Entries whose name is not a plain file name in DIR are dropped
    (one warning for all of them): whoever wrote them, they never become places to write."""
    where = f"{folder.path / MANIFEST_NAME}"
    try:
        raw = folder.read(MANIFEST_NAME, MANIFEST_MAX_BYTES)
    except FileNotFoundError:
        return _Manifest({})
    except NotRegularFile as error:
        return _Manifest({}, writable=False, warnings=[f"{where} is {error.kind}; ignored and left as it is"])
    except OSError as error:
        return _Manifest({}, warnings=[f"{where} cannot be read ({error.strerror or error}); ignored"])
    if len(raw) > MANIFEST_MAX_BYTES:
        return _Manifest({}, warnings=[f"{where} is larger than 16 MB; ignored"])
    try:
        data = json.loads(raw.decode("utf-8"))
        files = data.get("files", {}) if isinstance(data, dict) else None
    except (ValueError, RecursionError):
        files = None
    if not isinstance(files, dict):
        return _Manifest({}, warnings=[f"{where} is not an export manifest; ignored"] if raw.strip() else [])
    good: dict[str, dict[str, str]] = {}
    bad: list[str] = []
    for name, info in files.items():
        if not is_plain_name(name):
            bad.append(name)
        elif isinstance(info, dict) and isinstance(info.get("url"), str) and isinstance(info.get("sha256"), str):
            good[name] = {"url": info["url"], "sha256": info["sha256"]}
    manifest = _Manifest(good)
    if bad:
        example = clean_line(repr(bad[0]))[:80]
        manifest.warnings.append(
            f"ignored {len(bad)} entr{'y' if len(bad) == 1 else 'ies'} of {where} that "
            f"{'is' if len(bad) == 1 else 'are'} not a plain file name in {folder.path} (such as {example})"
        )
    return manifest


def export_saved(
    library: Library,
    directory: Path,
    *,
    extras: Callable[[str], tuple[list[str], str]] | None = None,
) -> ExportReport:
    """``extras(url)`` gives a piece's tags and the Markdown of its highlights and notes (the Reader's
    ``export_extras``)."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass  # a file (or a link to one) by that name: said below
    except OSError as error:
        raise _export_error(directory, error, 0) from None
    if not directory.is_dir():
        raise ExportError(f"Could not export to {directory}: it is not a directory.")
    try:
        folder = _Folder(directory)
    except OSError as error:
        raise _export_error(directory, error, 0) from None
    try:
        return _export(library, folder, extras)
    finally:
        folder.close()


def _export(
    library: Library,
    folder: _Folder,
    extras: Callable[[str], tuple[list[str], str]] | None = None,
) -> ExportReport:
    directory = folder.path
    report = ExportReport()
    loaded = _load_manifest(folder)
    report.warnings.extend(loaded.warnings)
    manifest = loaded.files
    name_of_url: dict[str, str] = {}
    for name, info in manifest.items():
        name_of_url.setdefault(info["url"], name)
    taken: dict[str, str | None] = {}  # file name -> URL it belongs to (None: someone else's file)
    try:
        names = folder.names()
    except OSError as error:
        raise _export_error(directory, error, 0) from None
    for name in names:
        if not is_plain_name(name):
            continue
        url = None
        mode = folder.mode(name)
        if mode is not None and stat.S_ISREG(mode):
            try:
                url = front_matter_url(folder.read(name, FRONT_MATTER_BYTES))
            except OSError:
                url = None
        taken[name] = url
        if url:
            name_of_url.setdefault(url, name)
    for url, name in name_of_url.items():
        taken.setdefault(name, url)

    new_manifest = dict(manifest)
    # Saved pieces and pieces with highlights or tags, first kept first: that one keeps the plain slug when two
    # titles collide.
    entries = library.list_kept()
    for entry in entries:
        article = library.get_article(entry.url)
        if article is None:  # cannot happen (saved pins the article); report rather than fail
            report.skipped.append(f"{entry.url}: not in the library")
            continue
        known = name_of_url.get(article.url)
        if known is not None:
            name = known
        else:
            base = slugify(article.title)
            name = f"{base}.md"
            if name in taken and taken[name] != article.url:
                name = f"{base}-{_url_hash(article.url)}.md"
            taken[name] = article.url
            name_of_url[article.url] = name
        tags, appendix = extras(article.url) if extras else ([], "")
        data = render(article, entry, tags=tags, appendix=appendix).encode("utf-8")
        mode = folder.mode(name)
        if mode is not None and not stat.S_ISREG(mode):
            report.skipped.append(f"{name}: {kind_of(mode)} has this name; left as it is")
            continue
        existing = None
        if mode is not None:
            try:
                existing = folder.read(name, EXISTING_MAX_BYTES)
            except OSError as error:
                report.skipped.append(f"{name}: cannot be read ({error.strerror or error})")
                continue
        if existing == data:
            report.unchanged += 1
            report.unchanged_files.append(name)
            new_manifest[name] = {"url": article.url, "sha256": _sha256(data)}
            continue
        if existing is not None:
            ours = manifest.get(name, {}).get("sha256")
            if ours != _sha256(existing):
                report.skipped.append(f"{name}: changed since the last export; left as it is")
                continue
            if len(data) < len(existing):
                report.skipped.append(f"{name}: the new copy is shorter than the file; left as it is")
                continue
        try:
            folder.write(name, data, mode)
        except OSError as error:
            raise _export_error(directory, error, report.written) from None
        report.written += 1
        report.written_files.append(name)
        new_manifest[name] = {"url": article.url, "sha256": _sha256(data)}

    if new_manifest != manifest and loaded.writable:
        payload = json.dumps({"files": new_manifest}, indent=1, sort_keys=True, ensure_ascii=False)
        try:
            folder.write(MANIFEST_NAME, (payload + "\n").encode("utf-8"), folder.mode(MANIFEST_NAME))
        except OSError as error:
            raise _export_error(directory, error, report.written) from None
    return report


# -- the highlights file ------------------------------------------------------------------------------------


def write_highlights_file(path: Path, data: bytes) -> bool:
    """Write ``data`` (the highlights Markdown) to ``path``; False when the file already holds exactly that (it
    is left untouched). Only a regular file is read or replaced, and only when it has the new copy's size: a
    FIFO (which would hang the read), a device (``/dev/zero`` never ends), a socket or a link to one is
    refused in one line and left alone. A new file gets 0666 less the umask; a replaced one keeps its mode."""
    try:
        found = os.stat(path)  # a link is judged by what it points to; stat never blocks, even on a FIFO
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise ExportError(f"Could not write {path}: {error.strerror or error}.") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise ExportError(f"{path} is a directory; --highlights writes one Markdown file.")
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise ExportError(
            f"{path} is {kind_of(found.st_mode)}, not a regular file; --highlights writes one Markdown file "
            "and left it alone."
        )
    try:
        if found is not None and found.st_size == len(data) and read_regular(path, len(data)) == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_file(path, data, found.st_mode if found is not None else None)
    except NotRegularFile as error:  # swapped for something else between the look and the read
        raise ExportError(f"{path} is {error.kind}, not a regular file; left alone.") from None
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else (error.strerror or str(error))
        raise ExportError(f"Could not write {path}: {reason}.") from None
    return True


def _replace_file(path: Path, data: bytes, mode: int | None) -> None:
    """A temporary file beside ``path``, renamed over it (atomic): ``mode`` keeps a replaced file's
    permissions; None gives 0666 less the umask."""
    temp = path.parent / f".inkreader-{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(temp, flags, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), stat.S_IMODE(mode))
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


__all__ = [
    "ExportError",
    "ExportReport",
    "export_saved",
    "is_plain_name",
    "render",
    "slugify",
    "write_highlights_file",
    "yaml_string",
]
