"""The example PR comment in the README is the generated one, not hand-edited."""

from tests.readme_example import EXAMPLE_DOC, README, quoted_review, review_in_readme


def test_readme_quotes_the_generated_example_review() -> None:
    expected = quoted_review(EXAMPLE_DOC.read_text(encoding="utf-8"))
    assert review_in_readme(README.read_text(encoding="utf-8")) == expected, (
        "README's example review differs from docs/example-review.md: regenerate with "
        "PAYLINKS_UPDATE_GOLDEN=1 pytest tests/e2e/test_review_golden.py"
    )
