"""How the tests start Debian's headless Chromium on a machine with no network.

Without the background-networking flags Chromium keeps trying to reach its services, which
this closed network refuses; each run gets its own empty profile (``--user-data-dir``).
"""

HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
