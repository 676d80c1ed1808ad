"""The bundled demo site (a fictional think tank and two fictional outlets) and its loopback server.

Everything under ``site/`` is fiction written for inkreader; ``scripts/demo_site`` in the repository
regenerates it (it is a development script and is not shipped).
"""
