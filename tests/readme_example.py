"""The README quotes the generated example review; these helpers keep the quote in sync."""

from __future__ import annotations

from pathlib import Path

__all__ = ["EXAMPLE_DOC", "README", "quoted_review", "readme_with_review", "review_in_readme"]

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
EXAMPLE_DOC = REPO / "docs" / "example-review.md"
START = "<!-- example-review:start (generated from docs/example-review.md) -->"
END = "<!-- example-review:end -->"


def quoted_review(example_doc: str) -> str:
    """The review comment of `docs/example-review.md` as a Markdown quote (header dropped)."""
    review = example_doc.split("-->\n", 1)[1].strip("\n")
    return "\n".join(f"> {line}".rstrip() for line in review.splitlines())


def review_in_readme(readme: str) -> str:
    """What the README currently quotes between its markers."""
    start = readme.index(START) + len(START)
    return readme[start : readme.index(END)].strip("\n")


def readme_with_review(readme: str, example_doc: str) -> str:
    """The README with its quoted example replaced by the current one."""
    head, rest = readme.split(START, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{START}\n{quoted_review(example_doc)}\n{END}{tail}"
