"""The one place inkreader reaches into Textual's private modules (Textual is pinned in pyproject.toml).

What breaks on an upgrade, and where to look:

* ``textual._slug`` (``slug``, ``TrackedSlugs``): the GitHub-style anchors that Textual's own ``Markdown`` widget
  gives headings. Endnote markers are links to ``#note-12`` and must land on the heading ``Note 12`` by the same
  rule, so we use Textual's function rather than a look-alike. If the module moves or is renamed, the copy below
  takes over (same rules as Textual 8.2.8); if Textual changes its rules, our anchors stay as they are.

Nothing else in ``inkreader.tui`` may import a private Textual name (``textual._*``, ``textual.widgets._*``) or
read a private attribute of a Textual object; ``tests/test_tui_units.py`` checks the imports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from string import punctuation
from urllib.parse import quote

try:  # pragma: no cover - which branch runs depends on the installed Textual
    from textual._slug import TrackedSlugs, slug
except ImportError:  # pragma: no cover
    _REMOVABLE = punctuation.replace("-", "").replace("_", "")
    _NONLINGUAL = (
        r"\U000024C2-\U0001F251\U00002702-\U000027B0\U0001F1E0-\U0001F1FF\U0001F300-\U0001F5FF"
        r"\U0001F600-\U0001F64F\U0001F680-\U0001F6FF\U0001F900-\U0001F9FF\u200D\u2640-\u2642"
    )
    _STRIP = re.compile(f"[{re.escape(_REMOVABLE)}{_NONLINGUAL}]+")

    def slug(text: str) -> str:
        return quote(re.sub(r"\s", "-", _STRIP.sub("", text.strip().lower())))

    class TrackedSlugs:  # type: ignore[no-redef]
        def __init__(self) -> None:
            self._used: defaultdict[str, int] = defaultdict(int)

        def slug(self, text: str) -> str:
            base = slug(text)
            used = self._used[base]
            self._used[base] += 1
            return f"{base}-{used}" if used else base


__all__ = ["TrackedSlugs", "slug"]
