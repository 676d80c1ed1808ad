"""Sources and the inbox: feed parsing, discovery, OPML, refresh. The Reader exposes them as ``reader.sources``."""
