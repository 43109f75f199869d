"""Every relative link in the README and docs/ lands: the file exists, and an #anchor names one of its headings."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"`[^`]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose(text: str) -> str:
    """The page without its fenced code blocks (whose `# ...` lines are not headings) and inline code."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation but - and _ dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings (a repeated heading gets -1, -2...)."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(page.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path) -> list[str]:
    broken = []
    for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
        if SCHEME.match(target):
            continue  # http(s), mailto: not this test's business
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        where = f"{page.relative_to(ROOT)} → {target}"
        if not linked.exists():
            broken.append(f"{where}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{where}: no heading with that anchor")
    return broken


def test_the_slug_is_githubs() -> None:
    assert slug("HubSpot's side, as HubSpot does it") == "hubspots-side-as-hubspot-does-it"
    assert slug("REST API (CRM objects)") == "rest-api-crm-objects"
    assert slug("Dev server: live reload, watched scenarios, HTTPS, offline CDNs") == (
        "dev-server-live-reload-watched-scenarios-https-offline-cdns"
    )
    assert slug("7.2 `localStorage` overrides_x") == "72-localstorage-overrides_x"


def test_code_is_not_read_as_headings_or_links() -> None:
    text = "# Title\n\n```yaml\n# a comment\n```\n\nSee `[not](a-link.md)` and [one](#title).\n"
    assert HEADING.findall(prose(text)) == ["Title"]
    assert LINK.findall(prose(text)) == ["#title"]


def test_every_relative_link_and_anchor_lands() -> None:
    assert [broken for page in PAGES for broken in broken_links(page)] == []


def test_the_readme_links_every_doc() -> None:
    readme_links = {target.partition("#")[0] for target in LINK.findall(prose(PAGES[0].read_text(encoding="utf-8")))}
    assert [page.name for page in PAGES[1:] if f"docs/{page.name}" not in readme_links] == []
