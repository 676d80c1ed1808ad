"""The bundled demo site (a fictional think tank and two fictional outlets) and its loopback server.

Everything under ``site/`` is fiction written for inkreader; ``_build.py`` regenerates it from ``_content*.py``.
"""
