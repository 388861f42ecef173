"""Runs axe-core (shipped by axe-playwright-python) in a page and keeps a summary for the run."""

import json
from collections import Counter
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


@dataclass
class Summary:
    pages: list[str] = field(default_factory=list)
    # (rule id, impact) -> pages where it was found, with the number of elements
    violations: dict[tuple[str, str], Counter] = field(default_factory=dict)
    version: str = ""

    def lines(self):
        blocking = sum(1 for _rule, impact in self.violations if impact in BLOCKING_IMPACTS)
        yield (
            f"axe-core {self.version or '?'}: {len(self.pages)} page scans, "
            f"{len(self.violations)} rule(s) violated, {blocking} of impact serious/critical"
        )
        for (rule, impact), pages in sorted(self.violations.items()):
            where = ", ".join(f"{page} ({count})" for page, count in sorted(pages.items()))
            yield f"  {rule} [{impact}]: {sum(pages.values())} element(s) on {where}"

    def to_json(self) -> str:
        """What a pytest-xdist worker found, for the controller's `merge_json`."""
        violations = [
            [rule, impact, dict(pages)] for (rule, impact), pages in self.violations.items()
        ]
        return json.dumps({"pages": self.pages, "violations": violations, "version": self.version})

    def merge_json(self, text: str):
        found = json.loads(text)
        self.pages.extend(found["pages"])
        for rule, impact, pages in found["violations"]:
            self.violations.setdefault((rule, impact), Counter()).update(pages)
        self.version = self.version or found["version"]


SUMMARY = Summary()


def scan(page, label):
    """The page's violations of impact serious or critical, as readable lines; all are recorded."""
    response = _axe.run(page).response
    SUMMARY.version = response.get("testEngine", {}).get("version", SUMMARY.version)
    SUMMARY.pages.append(label)
    blocking = []
    for violation in response["violations"]:
        key = (violation["id"], violation["impact"] or "unknown")
        SUMMARY.violations.setdefault(key, Counter())[label] += len(violation["nodes"])
        if violation["impact"] in BLOCKING_IMPACTS:
            for node in violation["nodes"]:
                blocking.append(
                    f"{violation['id']} [{violation['impact']}] {', '.join(map(str, node['target']))}"
                    f": {violation['help']}\n    {node['html'][:200]}"
                )
    return blocking
