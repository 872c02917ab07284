"""Keys of imported objects: readable, valid catalog keys, unique per kind."""

from __future__ import annotations

from paylinks.importer.keys import KeyAllocator, slugify
from schemas.base import MAX_KEY_LENGTH, is_logical_key


def test_names_become_kebab_case_keys() -> None:
    assert slugify("Café Crème, 250 g", "product") == "cafe-creme-250-g"
    assert slugify("house_blend", "product") == "house-blend"
    assert slugify("  --Pro Plan!!  ", "product") == "pro-plan"


def test_a_name_with_nothing_usable_falls_back_to_the_kind() -> None:
    assert slugify("☕☕", "product") == "product"
    assert slugify("", "webhook") == "webhook"


def test_long_names_are_cut_at_a_word_within_the_key_limit() -> None:
    key = slugify("a very long product name " * 10, "product")
    assert len(key) <= MAX_KEY_LENGTH
    assert is_logical_key(key)
    assert not key.endswith("-")
    assert key.startswith("a-very-long-product-name")


def test_duplicates_get_numbered_suffixes() -> None:
    keys = KeyAllocator()
    assert [keys.allocate("tip") for _ in range(3)] == ["tip", "tip-2", "tip-3"]


def test_reserved_keys_are_never_handed_out() -> None:
    keys = KeyAllocator()
    keys.reserve("beans")
    assert keys.allocate("beans") == "beans-2"


def test_suffixed_keys_stay_within_the_limit() -> None:
    keys = KeyAllocator()
    wanted = "x" * MAX_KEY_LENGTH
    keys.allocate(wanted)
    second = keys.allocate(wanted)
    assert len(second) == MAX_KEY_LENGTH and second.endswith("-2")


def test_logical_key_pattern() -> None:
    assert is_logical_key("pro_monthly-2")
    assert not is_logical_key("Pro")
    assert not is_logical_key("-pro")
    assert not is_logical_key("x" * (MAX_KEY_LENGTH + 1))
