"""Library benchmark: search, list_saved, list_history, get_article and `inkreader list --saved` on synthetic
libraries; search over libraries holding 2 MB reports with queries of common words; CJK search.

Articles are generated deterministically (seeded): ~1,200 words each from a Zipf-weighted vocabulary of
made-up words plus policy terms, in Markdown paragraphs with a few links, so the index and the compression
see realistic text. Libraries are built in ``bench/_work/`` (git-ignored) with one ``put_articles``
transaction and rebuilt on every run. Runnable alone: ``python bench/library.py [--quick] [--only SECTION]``.

``INKREADER_BENCH_SRC=/path/to/other/src`` measures another source tree (an older commit exported with
``git archive``) with the same libraries and queries: that is how the before/after figures are made.
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
SRC = os.environ.get("INKREADER_BENCH_SRC") or str(REPO / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)

from inkreader.model import Article, Link, RelatedItem  # noqa: E402
from inkreader.store import Library  # noqa: E402

WORK = HERE / "_work" / "library"
# Before/after on the same libraries: KEEP leaves the 100k library in place, REUSE measures the libraries
# already there (opening migrates them to this tree's schema) instead of building new ones.
KEEP = bool(os.environ.get("INKREADER_BENCH_KEEP"))
TAG = os.environ.get("INKREADER_BENCH_TAG", "")  # a suffix for library folders (one per measured tree)
REUSE = bool(os.environ.get("INKREADER_BENCH_REUSE"))
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
    "sanctions",
    "port diplomacy",
    '"export controls"',
    "semiconductor supply chain",
    "taiwan deterrence",
    "arctic",
    "Müller",
    "hypersonic missile defense",
    "shipbuild*",
    "quantum biotechnology",
    "budget readiness nato",
    "critical minerals",
    'a"b -x',
    "drones ukraine logistics",
    "cyber espionage",
]


class Corpus:
    """A deterministic source of article text."""

    def __init__(self, seed: int = SEED, vocabulary: int = 20_000) -> None:
        self.random = random.Random(seed)
        syllables = [
            "ka",
            "lo",
            "mi",
            "ra",
            "ten",
            "vo",
            "sel",
            "dar",
            "pu",
            "qui",
            "ben",
            "tor",
            "al",
            "es",
            "ri",
            "na",
            "gor",
            "fle",
            "sti",
            "mun",
            "dal",
            "pre",
            "con",
            "ver",
            "ith",
            "ul",
        ]
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
            url=url,
            final_url=url,
            site="cnas",
            kind="commentary",
            title=title.capitalize(),
            markdown="\n\n".join(paragraphs),
            published=f"20{rnd.randint(15, 25)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            authors=authors,
            outlet=rnd.choice(OUTLETS),
            summary=self.sentence(20),
            related=[
                RelatedItem(
                    url=f"https://www.cnas.org/publications/reports/r-{n}-{i}", title=self.sentence(6), kind="report"
                )
                for i in range(3)
            ],
            links=[Link(text="brief", url=f"https://example.org/brief/{n}")],
            fetched_at="2025-01-01T00:00:00+00:00",
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _url(n: int) -> str:
    return f"https://www.cnas.org/publications/commentary/synthetic-{n}"


def build(path: Path, count: int, saved_every: int = 10, extra: list[Article] | None = None) -> dict:
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
        for article in extra or []:
            library.put_article(article)
        urls = [_url(n) for n in range(0, count, saved_every)]
        with library._write() as conn:  # bulk save and history in one transaction, like put_articles
            conn.executemany(
                "INSERT INTO saved (article_id, saved_at) SELECT id, ? FROM articles WHERE url = ?",
                [(f"2025-01-01T00:00:{i % 60:02d}.{i:06d}+00:00", url) for i, url in enumerate(urls)],
            )
            # History keeps its newest 10,000 visits (HISTORY_LIMIT): a full one at every size from 10k up.
            conn.executemany(
                "INSERT INTO history (url, visited_at) VALUES (?, ?)",
                [(_url(n), f"2025-02-01T00:00:00.{n:06d}+00:00") for n in range(max(0, count - 10_000), count)],
            )
    return {"build_seconds": time.perf_counter() - started, "saved": len(urls)}


def sizes(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    groups = {"articles (compressed record)": 0, "full-text index + text": 0, "other": 0}
    for name, size in rows:
        if name.startswith(("article_fts", "search_index")):
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

        history_timings = []
        for _ in range(5):
            start = time.perf_counter()
            history = library.list_history()
            history_timings.append(time.perf_counter() - start)
        result["list_history"] = statistics.median(history_timings)
        result["history_count"] = len(history)

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
    if str(REPO / "src") != SRC:
        return [sys.executable, "-m", "inkreader"]  # the measured tree's code (PYTHONPATH below), not ours
    exe = shutil.which("inkreader", path=str(Path(sys.executable).parent)) or shutil.which("inkreader")
    return [exe] if exe else None


def cli_list(path: Path) -> str:
    """Wall time of the whole ``inkreader list --saved`` command (best of 5), next to ``inkreader --version``."""
    command = _inkreader_command()
    if command is None:
        return "skipped: no `inkreader` command installed"
    env = dict(os.environ, INKREADER_HOME=str(path.parent), PYTHONPATH=SRC)

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
    return f"{_ms(list_time)} for {lines} lines (best of 5; `inkreader --version` alone: {_ms(version_time)})"


def scale_section(quick: bool) -> str:
    sizes_to_run = [1_000, 10_000] + ([] if quick else [100_000])
    if os.environ.get("INKREADER_BENCH_SIZES"):  # e.g. "1000,10000": a shorter run on a loaded machine
        sizes_to_run = [int(size) for size in os.environ["INKREADER_BENCH_SIZES"].split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    rows, notes = [], []
    for count in sizes_to_run:
        folder = WORK / f"n{count}{TAG}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "library.db"
        if REUSE and path.exists():
            # A library built by another source tree (the "before" run): opening it here migrates it.
            started = time.perf_counter()
            Library(path).close()
            built = {"build_seconds": 0.0, "saved": 0}
            print(
                f"[library] {count:>7} articles: reused; opening (schema migration) took "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
        else:
            built = build(path, count)
        figures = measure(path, count, quick=quick)
        print(
            f"[library] {count:>7} articles: built in {built['build_seconds']:.1f} s, "
            f"search median {_ms(figures['search_median'])}, p95 {_ms(figures['search_p95'])}, "
            f"get_article {_ms(figures['get_article_median'])}, list_saved {_ms(figures['list_saved'])} "
            f"({figures['saved_count']} saved), list_history {_ms(figures['list_history'])}, "
            f"{figures['bytes_per_article'] / 1024:.1f} KiB/article; "
            f"CLI: {figures['cli']}",
            flush=True,
        )
        rows.append(
            f"| {count:,} | {built['build_seconds']:.1f} s | {_ms(figures['search_median'])} | "
            f"{_ms(figures['search_p95'])} | {_ms(figures['get_article_median'])} | "
            f"{_ms(figures['list_saved'])} ({figures['saved_count']:,}) | "
            f"{_ms(figures['list_history'])} ({figures['history_count']:,}) | "
            f"{figures['bytes_per_article'] / 1024:.1f} KiB | {figures['cli']} |"
        )
        if figures["sizes"]:
            parts = ", ".join(f"{name} {size / count / 1024:.1f} KiB" for name, size in figures["sizes"].items())
            notes.append(f"- {count:,} articles, per article: {parts}.")
        if count >= 100_000 and not KEEP:
            shutil.rmtree(folder, ignore_errors=True)  # about a gigabyte: do not leave it lying around
    sample = Corpus().article(0)
    words = len(sample.markdown.split())
    return "\n".join(
        [
            "## Library (SQLite: FTS5 search, saved list, cached articles)",
            "",
            f"Synthetic articles of ~{words:,} words (seeded Zipf vocabulary plus policy terms); one saved in ten. "
            f"Search: {len(QUERIES)} queries (words, phrases, prefix, punctuation) × rounds, limit 50, with "
            "snippets. get_article: random cached articles (decompress + JSON + related rows + access-time "
            "write). Targets: search median < 50 ms at 10k, get_article median < 20 ms.",
            "",
            "| articles | build | search median | search p95 | get_article median | list_saved() (saved) | "
            "list_history() (shown) | file / article | `inkreader list --saved` |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            *rows,
            "",
            "Space (dbstat):",
            *notes,
        ]
    )


REPORT_BYTES = 2_000_000
LONG_QUERY_CAP_SECONDS = 90  # a child whose 6 runs of a query take longer is killed and reported as "> 90 s"


def long_report(corpus: Corpus, n: int) -> Article:
    """A 2 MB report: Zipf text, so its most common words have tens of thousands of matches."""
    paragraphs, size = [], 0
    while size < REPORT_BYTES:
        text = " ".join(corpus.sentence(corpus.random.randint(8, 28)) for _ in range(6))
        paragraphs.append(text)
        size += len(text) + 2
    url = f"https://www.cnas.org/publications/reports/long-{n}"
    return Article(
        url=url,
        final_url=url,
        site="cnas",
        kind="report",
        title=f"Long report {n} on readiness",
        markdown="\n\n".join(paragraphs),
        published="2025-06-01",
        authors=["Ada Marlow"],
        fetched_at="2025-01-01T00:00:00+00:00",
    )


def long_queries(corpus: Corpus) -> list[str]:
    w = corpus.words
    return [
        w[0],
        f"{w[0]} {w[0]}",
        f"{w[0]} {w[0]} {w[0]} {w[0]}",
        f"{w[0]} {w[1]} {w[2]} {w[3]}",
        f'"{w[0]} {w[1]}"',
        f"{w[1]}*",
        *QUERIES[:6],
    ]


_CHILD = """
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from inkreader.store import Library
with Library(Path(sys.argv[2])) as library:
    library.search(sys.argv[3], limit=50)  # warm
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        hits = library.search(sys.argv[3], limit=50)
        timings.append(time.perf_counter() - start)
print(statistics.median(timings), max(timings), len(hits))
"""


def time_query_in_child(path: Path, query: str) -> tuple[float | None, float | None, int]:
    """Median and worst of 5 runs in a child process: a query that does not end is killed at the cap."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, SRC, str(path), query],
            capture_output=True,
            text=True,
            timeout=LONG_QUERY_CAP_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return None, None, 0
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-300:])
    median, worst, hits = done.stdout.split()
    return float(median), float(worst), int(hits)


def long_reports_section(quick: bool) -> str:
    count, reports = (2_000, 2) if quick else (10_000, 3)
    folder = WORK / f"long{TAG}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "library.db"
    corpus = Corpus(seed=SEED + 1)
    if REUSE and path.exists():
        built = {"build_seconds": 0.0}
    else:
        built = build(path, count, extra=[long_report(corpus, n) for n in range(reports)])
    rows, worst_all = [], 0.0
    for query in long_queries(Corpus()):
        median, worst, hits = time_query_in_child(path, query)
        if median is None or worst is None:
            rows.append(f"| `{query}` | > {LONG_QUERY_CAP_SECONDS / 6:.0f} s | | |")
            worst_all = float("inf")
            print(f"[library] long reports: {query!r} did not finish", flush=True)
            continue
        worst_all = max(worst_all, worst)
        rows.append(f"| `{query}` | {_ms(median)} | {_ms(worst)} | {hits} |")
        print(f"[library] long reports: {query!r} median {_ms(median)}, worst {_ms(worst)}", flush=True)
    return "\n".join(
        [
            f"### Libraries holding 2 MB reports ({count:,} articles + {reports} reports of "
            f"{REPORT_BYTES / 1e6:.0f} MB; built in {built['build_seconds']:.1f} s)",
            "",
            "Queries of the corpus's most common words (each has tens of thousands of matches in every report), "
            "repeated words, a phrase, a prefix and the usual queries; limit 50 with snippets; 5 runs each in a "
            f"child process, killed after {LONG_QUERY_CAP_SECONDS} s. Target: ≤ 50 ms for any query.",
            "",
            "| query | median | worst | hits |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            f"Worst of all: {_ms(worst_all) if worst_all != float('inf') else 'did not finish'}.",
        ]
    )


# Made-up CJK "words" (random Han characters) strung into runs without spaces, as Chinese text is written.
def cjk_article(rnd: random.Random, words: list[str], n: int) -> Article:
    paragraphs = []
    for _ in range(12):
        paragraphs.append("。".join("".join(rnd.choices(words, k=rnd.randint(6, 14))) for _ in range(4)) + "。")
    url = f"https://example.cn/cjk-{n}"
    return Article(
        url=url,
        final_url=url,
        site="generic",
        kind="article",
        title="".join(rnd.choices(words, k=4)),
        markdown="\n\n".join(paragraphs),
        fetched_at="2025-01-01T00:00:00+00:00",
    )


def cjk_section(quick: bool) -> str:
    try:
        import inkreader.store.articles as indexing_module  # where an article's index row is made
    except ImportError:  # a tree from before the library's parts (measured with INKREADER_BENCH_SRC)
        import inkreader.store.library as indexing_module

    count = 300 if quick else 1_000
    rnd = random.Random(SEED)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    words = ["".join(rnd.choices(han, k=rnd.choice((2, 2, 3, 4)))) for _ in range(4000)]
    articles = [cjk_article(random.Random(n), words, n) for n in range(count)]
    corpus = Corpus()
    latin = [corpus.article(n) for n in range(count)]
    queries = [rnd.choice(words) for _ in range(20)]
    has_pairs = hasattr(indexing_module, "cjk_bigrams")
    original = getattr(indexing_module, "cjk_bigrams", None)
    rows = []
    for label, docs, pairs in (
        ("CJK, with pairs", articles, True),
        ("CJK, no pairs", articles, False),
        ("Latin, with pairs", latin, True),
    ):
        if not has_pairs and pairs:
            continue
        folder = WORK / "cjk"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "library.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        if has_pairs:
            indexing_module.cjk_bigrams = original if pairs else (lambda text: "")
        try:
            started = time.perf_counter()
            with Library(path) as library:
                library.put_articles(docs)
            build_seconds = time.perf_counter() - started
        finally:
            if has_pairs:
                indexing_module.cjk_bigrams = original
        size = sum(sizes(path).values()) or path.stat().st_size
        with Library(path) as library:
            found, timings = 0, []
            for query in queries:
                start = time.perf_counter()
                hits = library.search(query)
                timings.append(time.perf_counter() - start)
                found += bool(hits)
        rows.append(
            f"| {label} | {count:,} | {build_seconds:.1f} s | {size / count / 1024:.1f} KiB | "
            f"{_ms(statistics.median(timings))} | {found} of {len(queries)} |"
        )
        print(f"[library] {label}: {size / count / 1024:.1f} KiB/article, found {found}/{len(queries)}", flush=True)
    return "\n".join(
        [
            "### CJK search (words inside runs without spaces)",
            "",
            "Synthetic Chinese-like text: runs of made-up 2-4 character words with no spaces; queries are words of "
            'that vocabulary, found only inside longer runs. "no pairs" is the same library without the shadow '
            'column of character pairs (the cost of the feature); "Latin" is the usual corpus (the column is '
            "empty there).",
            "",
            "| library | articles | build | space / article | search median | queries found |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )


_URL_PREFIX = "https://www.cnas.org/publications/commentary/synthetic-"


def replicate(source: Path, target: Path, copies: int) -> float:
    """A library ``copies`` times the size of ``source`` (built by this tree's code), in SQL: the pieces are
    copied under new numbers and indexed again by this tree's schema. Building 100,000 pieces from text
    takes the better part of an hour on a loaded 2-core machine; this takes minutes and gives the index
    the same sizes (each term's matches times ``copies``)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    Library(target).close()  # this tree's schema
    started = time.perf_counter()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    tables = {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master")}
    source_count = conn.execute("SELECT count(*) FROM src.articles").fetchone()[0]
    cut = len(_URL_PREFIX) + 1
    conn.execute("BEGIN")
    for k in range(copies):
        offset = k * source_count
        conn.execute(
            """INSERT INTO main.articles (id, url, final_url, full_article_url, title, authors, outlet, published,
                                         kind, site, codec, record, stored_size, stored_at, accessed_at)
               SELECT id + ?1, ?2 || (CAST(substr(url, ?3) AS INTEGER) + ?1),
                      ?2 || (CAST(substr(url, ?3) AS INTEGER) + ?1), full_article_url, title, authors, outlet,
                      published, kind, site, codec, record, stored_size, stored_at, accessed_at FROM src.articles""",
            (offset, _URL_PREFIX, cut),
        )
        conn.execute(
            """INSERT INTO main.related (article_id, position, url, title, kind, outlet, published, summary,
                                        authors, program)
               SELECT article_id + ?, position, url || ?, title, kind, outlet, published, summary, authors, program
               FROM src.related""",
            (offset, f"-c{k}" if k else ""),
        )
        if "search_index" in tables:
            conn.execute(
                """INSERT INTO main.search_index (rowid, title, authors, outlet, body, cjk)
                            SELECT id + ?, c0, c1, c2, c3, c4 FROM src.search_index_content""",
                (offset,),
            )
        else:
            conn.execute(
                """INSERT INTO main.article_fts (rowid, title, authors, outlet, body)
                            SELECT id + ?, c0, c1, c2, c3 FROM src.search_index_content""",
                (offset,),
            )
    if "seen_items" in tables:
        conn.execute("""INSERT INTO seen_items (url, title, kind, outlet, published, summary, authors, seen_at)
                        SELECT url, title, kind, outlet, published, summary, authors, '2025-01-01'
                        FROM main.related GROUP BY url""")
        conn.execute("""INSERT INTO seen_index (rowid, title, summary, cjk)
                        SELECT id, title, coalesce(summary, ''), '' FROM seen_items""")
    conn.execute("""INSERT INTO saved (article_id, saved_at)
                    SELECT id, '2025-01-01T00:00:00.' || printf('%06d', id) || '+00:00' FROM articles
                    WHERE id % 10 = 1""")
    conn.execute("""INSERT INTO history (url, visited_at)
                    SELECT url, '2025-02-01T00:00:00.' || printf('%06d', id) || '+00:00' FROM articles
                    ORDER BY id DESC LIMIT 10000""")
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


_CHILD_LISTS = """
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from inkreader.store import Library
with Library(Path(sys.argv[2])) as library:
    for name, call in (("list_saved", library.list_saved), ("list_history", library.list_history)):
        call()
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            call()
            timings.append(time.perf_counter() - start)
        print(name, statistics.median(timings))
"""


def compare(old_src: str, old_path: Path, new_path: Path, queries: list[str], rounds: int = 3) -> str:
    """Before and after side by side on a loaded machine: for each query the two trees run in turn, in
    child processes, ``rounds`` times; each figure is the median of their medians."""
    global SRC
    rows, old_all, new_all = [], [], []
    ours = SRC
    for query in queries:
        figures: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(rounds):
            for label, src, path in (("old", old_src, old_path), ("new", ours, new_path)):
                SRC = src
                median, _worst, _hits = time_query_in_child(path, query)
                figures[label].append(float("inf") if median is None else median)
        SRC = ours
        old, new = statistics.median(figures["old"]), statistics.median(figures["new"])
        old_all.append(old)
        new_all.append(new)
        shown_old = "did not finish" if old == float("inf") else _ms(old)
        rows.append(f"| `{query}` | {shown_old} | {_ms(new)} |")
        print(f"[library] compare {query!r}: before {shown_old}, after {_ms(new)}", flush=True)
    lists = []
    for label, src, path in (("before", old_src, old_path), ("after", ours, new_path)):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD_LISTS, src, str(path)], capture_output=True, text=True, timeout=600
        )
        lists.append(
            f"{label}: "
            + ", ".join(
                f"{name}() {_ms(float(value))}" for name, value in (line.split() for line in done.stdout.splitlines())
            )
        )
    return "\n".join(
        [
            "| query | before | after |",
            "|---|---:|---:|",
            *rows,
            f"| **median of the queries** | **{_ms(statistics.median(old_all))}** | "
            f"**{_ms(statistics.median(new_all))}** |",
            f"| **worst query** | **{_ms(max(old_all))}** | **{_ms(max(new_all))}** |",
            "",
            "Saved list (all of it) and history (200 newest): " + "; ".join(lists) + ".",
        ]
    )


SECTIONS = {"scale": scale_section, "long": long_reports_section, "cjk": cjk_section}


def run(quick: bool = False, only: list[str] | None = None) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    parts = [SECTIONS[name](quick) for name in (only or list(SECTIONS))]
    source = "" if str(REPO / "src") == SRC else f"\n\n_(source tree measured: {SRC})_"
    return "\n\n".join(parts) + source


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--compare" in arguments:  # --compare OLD_SRC OLD_LIBRARY NEW_LIBRARY [long]
        at = arguments.index("--compare")
        old_src, old_lib, new_lib = arguments[at + 1 : at + 4]
        chosen_queries = long_queries(Corpus()) if "long" in arguments[at + 4 :] else QUERIES
        print(compare(old_src, Path(old_lib), Path(new_lib), chosen_queries))
        sys.exit(0)
    if "--build-long" in arguments:  # only build the long-report library (for another tree's compare)
        corpus = Corpus(seed=SEED + 1)
        target = WORK / f"long{TAG}" / "library.db"
        target.parent.mkdir(parents=True, exist_ok=True)
        build(target, 2_000, extra=[long_report(corpus, n) for n in range(2)])
        sys.exit(0)
    if "--replicate" in arguments:  # --replicate N: n{10k*N}{TAG} from n10000, then measure it (REUSE)
        copies = int(arguments[arguments.index("--replicate") + 1])
        target = WORK / f"n{10_000 * copies}{TAG}" / "library.db"
        seconds = replicate(WORK / "n10000" / "library.db", target, copies)
        print(f"[library] replicated n10000 x{copies} in {seconds:.1f} s", flush=True)
        sys.exit(0)
    chosen = [arguments[i + 1] for i, a in enumerate(arguments) if a == "--only" and i + 1 < len(arguments)]
    print(run(quick="--quick" in arguments, only=chosen or None))
