"""The Textual reader. Only this package imports Textual; the CLI imports ``inkreader.tui.app`` lazily."""
