"""Per-environment overlays: a stack's ``paylinks:overrides`` deep-merged onto the catalog.

The catalog (``stacks/catalog.yaml``) says what is sold everywhere; a stack file changes only what
differs in its environment, with the catalog's own field names::

    # stacks/Pulumi.staging.yaml
    config:
      paylinks:overrides:
        payment_links:
          pro-monthly:
            active: false
            after_completion: {redirect: {url: "https://staging.example.com/thanks"}}
            allow_promotion_codes: null     # delete: back to Stripe's default

Merge rule, the same at every depth: mappings merge key by key, lists and scalars replace the
catalog's value, and ``null`` deletes the key. The result is validated exactly like a catalog.
Overrides change the catalog's entries; they never add one, so an entry key the catalog doesn't
have (a typo such as ``tip-jarr``) is reported as such, with a "did you mean".
Every merged value keeps its origin (file and line), so a problem an override introduces points at
the stack file; a problem on a mapping the stack changed (or a key missing from it) does too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.kinds import KINDS
from schemas.problems import FieldPath, Violation
from schemas.suggestions import did_you_mean
from schemas.yaml_source import SourceMap, YamlDocument

__all__ = ["ENTRY_SECTIONS", "apply_overrides", "merge_documents", "split_unknown_entries"]

ENTRY_SECTIONS = {kind.section: kind.label for kind in KINDS.values()}
"""Catalog sections holding entries by key, and what users call one entry: every kind's, so a
new kind's overrides are checked as soon as it is in `KINDS`."""


def split_unknown_entries(
    catalog: Any, overrides: YamlDocument
) -> tuple[YamlDocument, list[Violation]]:
    """`overrides` without the entries the catalog doesn't have, and a violation for each.

    Merged, such an entry would be a new, partial object (``tip-jarr: {active: false}``) and
    fail as one ("line_items: required field is missing"), hiding the typo.
    """
    if not isinstance(overrides.data, Mapping):
        return overrides, []
    catalog = catalog if isinstance(catalog, Mapping) else {}
    kept = dict(overrides.data)
    violations = []
    for section, singular in ENTRY_SECTIONS.items():
        entries = kept.get(section)
        if not isinstance(entries, Mapping):
            continue
        known = catalog.get(section)
        known = known if isinstance(known, Mapping) else {}
        unknown = [key for key in entries if key not in known]
        for key in unknown:
            hint = did_you_mean(str(key), [str(k) for k in known])
            violations.append(
                Violation(
                    (section, key),
                    f"no {singular} '{key}' in the catalog; {hint} (overrides change the "
                    "catalog's entries; declare new ones in the catalog)",
                )
            )
        if unknown:
            kept[section] = {k: v for k, v in entries.items() if k not in unknown}
    return YamlDocument(kept, overrides.source), violations


def _merge(
    base: Any, overrides: Mapping[str, Any], path: FieldPath, origins: SourceMap, source: SourceMap
) -> dict[str, Any]:
    merged = dict(base) if isinstance(base, Mapping) else {}
    for key, value in overrides.items():
        child = (*path, key)
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            origins.changed_by[child] = source.locate(child)
            merged[key] = _merge(merged[key], value, child, origins, source)
            continue
        for stale in list(origins.under(child)):
            origins.origins.pop(stale, None)
            origins.changed_by.pop(stale, None)
        origins.origins[child] = source.locate(child)
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
            for below in source.under(child):
                origins.origins[below] = source.locate(below)
    return merged


def merge_documents(catalog: YamlDocument, overrides: YamlDocument) -> YamlDocument:
    """The catalog with `overrides` applied; origins of overridden parts name the overrides' file.

    `overrides.source` must be rooted at the overrides object itself (paths like
    ``("payment_links", "pro", "active")``).
    """
    origins = SourceMap(
        dict(catalog.source.origins),
        catalog.source.default_file,
        dict(catalog.source.changed_by),
    )
    if not isinstance(overrides.data, Mapping):
        return YamlDocument(catalog.data, origins)
    merged = _merge(catalog.data, overrides.data, (), origins, overrides.source)
    return YamlDocument(merged, origins)


def apply_overrides(catalog_data: Any, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Plain deep merge of `overrides` onto `catalog_data` (no origins; inputs are not changed)."""
    document = YamlDocument(catalog_data, SourceMap())
    return dict(merge_documents(document, YamlDocument(overrides or {}, SourceMap())).data)
