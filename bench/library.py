"""Library benchmark: search, list_saved, get_article and `inkreader list --saved` on synthetic libraries.

Articles are generated deterministically (seeded): ~1,200 words each from a Zipf-weighted vocabulary of
made-up words plus policy terms, in Markdown paragraphs with a few links, so the index and the compression
see realistic text. Libraries are built in ``bench/_work/`` (git-ignored) with one ``put_articles``
transaction and rebuilt on every run. Runnable alone: ``python bench/library.py [--quick]``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from inkreader.model import Article, Link, RelatedItem  # noqa: E402
from inkreader.store import Library  # noqa: E402

WORK = HERE / "_work" / "library"
WORDS_PER_ARTICLE = 1200
SEED = 20240305

POLICY_TERMS = (
    "sanctions deterrence alliance taiwan strait semiconductor export controls maritime port diplomacy "
    "indo-pacific nato ukraine artificial intelligence drones logistics shipbuilding energy security "
    "critical minerals supply chain cyber espionage nuclear posture arms control budget readiness "
    "hypersonic missile defense coast guard fisheries arctic climate resilience biotechnology quantum"
).split()
OUTLETS = ["Foreign Affairs", "War on the Rocks", "Foreign Policy", "The Hill", "Defense One", "Lawfare", None]
FIRST = ["Ada", "Ben", "Chloé", "Dmitri", "Esther", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lena"]
LAST = ["Marlow", "Okafor", "Tran", "Müller", "Santos", "Kowalski", "Haddad", "Lindqvist", "Park", "Reyes"]
QUERIES = [
    "sanctions", "port diplomacy", '"export controls"', "semiconductor supply chain", "taiwan deterrence",
    "arctic", "Müller", "hypersonic missile defense", "shipbuild*", "quantum biotechnology",
    "budget readiness nato", "critical minerals", "a\"b -x", "drones ukraine logistics", "cyber espionage",
]


class Corpus:
    """A deterministic source of article text."""

    def __init__(self, seed: int = SEED, vocabulary: int = 20_000) -> None:
        self.random = random.Random(seed)
        syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "sel", "dar", "pu", "qui", "ben", "tor", "al", "es",
                     "ri", "na", "gor", "fle", "sti", "mun", "dal", "pre", "con", "ver", "ith", "ul"]
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < vocabulary:
            word = "".join(self.random.choice(syllables) for _ in range(self.random.randint(1, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        # Policy terms sit among the frequent words; the rest follow Zipf's law.
        self.words = words[:40] + POLICY_TERMS + words[40:]
        self.cum_weights = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(self.words))))

    def sentence(self, length: int) -> str:
        words = self.random.choices(self.words, cum_weights=self.cum_weights, k=length)
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def article(self, n: int) -> Article:
        rnd = self.random
        paragraphs, count = [], 0
        while count < WORDS_PER_ARTICLE:
            sentences = [self.sentence(rnd.randint(8, 28)) for _ in range(rnd.randint(3, 6))]
            text = " ".join(sentences)
            if rnd.random() < 0.3:
                text += f" See [the {rnd.choice(POLICY_TERMS)} brief](https://example.org/brief/{n}-{count})."
            paragraphs.append(text)
            count += len(text.split())
        url = f"https://www.cnas.org/publications/commentary/synthetic-{n}"
        title = " ".join(self.random.choices(self.words, cum_weights=self.cum_weights, k=rnd.randint(4, 10)))
        authors = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" for _ in range(rnd.randint(1, 3))]
        return Article(
            url=url, final_url=url, site="cnas", kind="commentary", title=title.capitalize(),
            markdown="\n\n".join(paragraphs), published=f"20{rnd.randint(15, 25)}-{rnd.randint(1, 12):02d}-"
            f"{rnd.randint(1, 28):02d}", authors=authors, outlet=rnd.choice(OUTLETS),
            summary=self.sentence(20),
            related=[RelatedItem(url=f"https://www.cnas.org/publications/reports/r-{n}-{i}",
                                 title=self.sentence(6), kind="report") for i in range(3)],
            links=[Link(text="brief", url=f"https://example.org/brief/{n}")],
            fetched_at="2025-01-01T00:00:00+00:00",
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def build(path: Path, count: int, saved_every: int = 10) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    corpus = Corpus()
    started = time.perf_counter()
    with Library(path) as library:
        batch: list[Article] = []
        for n in range(count):
            batch.append(corpus.article(n))
            if len(batch) == 2000:
                library.put_articles(batch)
                batch = []
        if batch:
            library.put_articles(batch)
        urls = [corpus.article(0).url.replace("-0", f"-{n}") for n in range(0, count, saved_every)]
        with library._write() as conn:  # bulk save in one transaction, like put_articles
            conn.executemany(
                "INSERT INTO saved (article_id, saved_at) SELECT id, ? FROM articles WHERE url = ?",
                [(f"2025-01-01T00:00:{i % 60:02d}.{i:06d}+00:00", url) for i, url in enumerate(urls)],
            )
    return {"build_seconds": time.perf_counter() - started, "saved": len(urls)}


def sizes(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
        ).fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    groups = {"articles (compressed record)": 0, "full-text index + text": 0, "other": 0}
    for name, size in rows:
        if name.startswith("article_fts"):
            groups["full-text index + text"] += size
        elif name.startswith("articles") or name == "sqlite_autoindex_articles_1":
            groups["articles (compressed record)"] += size
        else:
            groups["other"] += size
    return groups


def measure(path: Path, count: int, *, quick: bool) -> dict:
    result: dict = {}
    rnd = random.Random(7)
    with Library(path) as library:
        rounds = 3 if quick else 7
        timings: list[float] = []
        for _ in range(rounds):
            for query in QUERIES:
                start = time.perf_counter()
                library.search(query, limit=50)
                timings.append(time.perf_counter() - start)
        result["search_median"] = statistics.median(timings)
        result["search_p95"] = _percentile(timings, 0.95)
        result["search_hits"] = len(library.search("sanctions", limit=50))

        list_timings = []
        for _ in range(5):
            start = time.perf_counter()
            saved = library.list_saved()
            list_timings.append(time.perf_counter() - start)
        result["list_saved"] = statistics.median(list_timings)
        result["saved_count"] = len(saved)

        get_timings = []
        for _ in range(30 if quick else 100):
            url = f"https://www.cnas.org/publications/commentary/synthetic-{rnd.randrange(count)}"
            start = time.perf_counter()
            article = library.get_article(url)
            get_timings.append(time.perf_counter() - start)
            assert article is not None
        result["get_article_median"] = statistics.median(get_timings)
        result["get_article_p95"] = _percentile(get_timings, 0.95)
    result["file_bytes"] = path.stat().st_size
    result["bytes_per_article"] = path.stat().st_size / count
    result["sizes"] = sizes(path)
    result["cli"] = cli_list(path)
    return result


def _inkreader_command() -> list[str] | None:
    exe = shutil.which("inkreader", path=str(Path(sys.executable).parent)) or shutil.which("inkreader")
    return [exe] if exe else None


def cli_list(path: Path) -> str:
    """Wall time of the whole ``inkreader list --saved`` command (best of 5), next to ``inkreader --version``."""
    command = _inkreader_command()
    if command is None:
        return "skipped: no `inkreader` command installed"
    env = dict(os.environ, INKREADER_HOME=str(path.parent))

    def best(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
        times, last = [], None
        for _ in range(5):
            start = time.perf_counter()
            last = subprocess.run(command + args, capture_output=True, text=True, env=env, timeout=120)
            times.append(time.perf_counter() - start)
        return min(times), last

    version_time, _ = best(["--version"])
    list_time, done = best(["list", "--saved"])
    if done.returncode != 0:
        return f"skipped: `inkreader list --saved` exited {done.returncode}: {done.stderr.strip()[:120]}"
    lines = len(done.stdout.splitlines())
    return (f"{_ms(list_time)} for {lines} lines (best of 5; `inkreader --version` alone: "
            f"{_ms(version_time)})")


def run(quick: bool = False) -> str:
    sizes_to_run = [1_000, 10_000] + ([] if quick else [100_000])
    WORK.mkdir(parents=True, exist_ok=True)
    rows, notes = [], []
    for count in sizes_to_run:
        folder = WORK / f"n{count}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "library.db"
        built = build(path, count)
        figures = measure(path, count, quick=quick)
        print(f"[library] {count:>7} articles: built in {built['build_seconds']:.1f} s, "
              f"search median {_ms(figures['search_median'])}, p95 {_ms(figures['search_p95'])}, "
              f"get_article {_ms(figures['get_article_median'])}, list_saved {_ms(figures['list_saved'])} "
              f"({figures['saved_count']} saved), {figures['bytes_per_article'] / 1024:.1f} KiB/article; "
              f"CLI: {figures['cli']}", flush=True)
        rows.append(
            f"| {count:,} | {built['build_seconds']:.1f} s | {_ms(figures['search_median'])} | "
            f"{_ms(figures['search_p95'])} | {_ms(figures['get_article_median'])} | "
            f"{_ms(figures['list_saved'])} ({figures['saved_count']:,}) | "
            f"{figures['bytes_per_article'] / 1024:.1f} KiB | {figures['cli']} |"
        )
        if figures["sizes"]:
            parts = ", ".join(f"{name} {size / count / 1024:.1f} KiB" for name, size in figures["sizes"].items())
            notes.append(f"- {count:,} articles, per article: {parts}.")
        if count >= 100_000:
            shutil.rmtree(folder, ignore_errors=True)  # about a gigabyte: do not leave it lying around
    sample = Corpus().article(0)
    words = len(sample.markdown.split())
    return "\n".join([
        "## Library (SQLite: FTS5 search, saved list, cached articles)",
        "",
        f"Synthetic articles of ~{words:,} words (seeded Zipf vocabulary plus policy terms); one saved in ten. "
        f"Search: {len(QUERIES)} queries (words, phrases, prefix, punctuation) × rounds, limit 50, with "
        "snippets. get_article: random cached articles (decompress + JSON + related rows + access-time "
        "write). Targets: search median < 50 ms at 10k, get_article median < 20 ms.",
        "",
        "| articles | build | search median | search p95 | get_article median | list_saved() (saved) | "
        "file / article | `inkreader list --saved` |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        "Space (dbstat):",
        *notes,
    ])


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv[1:]))
