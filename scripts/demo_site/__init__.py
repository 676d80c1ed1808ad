"""The generator of the bundled demo site (``src/inkreader/demo/site``): a development script, not shipped.

    python -m scripts.demo_site            # rewrite the site from the sources here
    python -m scripts.demo_site --check    # exit 1 if the committed site differs from what they give

Run from the repository root. ``tests/test_demo.py`` fails while the committed site is stale.
"""
