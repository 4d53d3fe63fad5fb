"""axe-core (the npm package, pinned in package-lock.json) run inside the page by headless Chromium.

Every violation is returned, so a report can list the moderate and minor ones too; the tests fail
on serious and critical ones, the level the city's accessibility policy (JIS X 8341-3 AA) forbids.
"""

from pathlib import Path

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0/2.1 level A and AA (JIS X 8341-3:2016 AA follows WCAG 2.0 AA), plus axe's best
# practices for landmarks and headings.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def inject_axe(page):
    """Puts axe-core into the page. Evaluated through the DevTools protocol rather than added as a
    <script>: the site's Content-Security-Policy forbids inline scripts, and rightly refuses one."""
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `make test` (it runs `npm ci`).")
    page.evaluate(AXE_SCRIPT.read_text())


def axe_violations(page):
    """All of axe-core's violations on the page as loaded: [{id, impact, help, targets}]."""
    inject_axe(page)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
    ]


def blocking(violations):
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
