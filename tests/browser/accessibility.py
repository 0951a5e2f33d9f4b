"""axe-core in the page (the copy shipped with axe-playwright-python): no serious or critical
violation on any page a browser test opens.

`watch(context)` injects axe into every page of a browser context; once each page has loaded, axe
checks it and reports its serious and critical violations to the test through an exposed function
(the callback only records: it makes no Playwright call). `assert_accessible(page)` checks the page
as it is now, for a state reached without a navigation (an opened dialog, an htmx update).
"""

import json
from pathlib import Path

import axe_playwright_python

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")
# WCAG 2.1 A and AA, the level RGAA 4 asks.
RUN_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}  # fmt: skip

REPORTER = f"""
(() => {{
  if (window.top !== window) return;
  const check = () => {{
    if (!window.axe) return;
    window.axe.run(document, {json.dumps(RUN_OPTIONS)}).then((results) => {{
      const blocking = results.violations.filter((v) => {json.dumps(list(BLOCKING))}.includes(v.impact));
      window.__pacteAxeReport(location.pathname + location.search, JSON.stringify(blocking.map((v) => ({{
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }}))));
    }});
  }};
  window.addEventListener("load", () => setTimeout(check, 50));
}})();
"""


def describe(url, violations):
    return [
        f"{url} : [{v['impact']}] {v['id']} – {v['help']} ({', '.join(v['targets'])})" for v in violations
    ]


class Watcher:
    def __init__(self):
        self.checked = []
        self.problems = []

    def record(self, url, payload):
        violations = json.loads(payload)
        self.checked.append(url)
        self.problems += describe(url, violations)


def watch(context):
    watcher = Watcher()
    context.expose_function("__pacteAxeReport", watcher.record)
    context.add_init_script(script=AXE_JS)
    context.add_init_script(script=REPORTER)
    return watcher


def blocking_violations(page):
    page.evaluate(AXE_JS)
    results = page.evaluate(f"window.axe.run(document, {json.dumps(RUN_OPTIONS)})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def assert_accessible(page):
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [" ".join(n["target"]) for n in v["nodes"][:5]]}
        for v in blocking_violations(page)
    ]  # fmt: skip
    assert violations == [], "\n".join(describe(page.url, violations))
