"""`load_catalog`: read a catalog file (and a stack's overrides) into a validated `Catalog`.

Every problem is collected (YAML syntax, types, unknown keys, Stripe rules, references) and raised
together as one `CatalogError`, each located by file, line and catalog path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas.base import RULES_RUN_BY_CALLER
from schemas.catalog import Catalog
from schemas.catalog_rules import check_catalog
from schemas.overrides import merge_documents, split_unknown_entries
from schemas.problems import CatalogError, FieldPath, Problem, Violation, format_path
from schemas.validation_errors import violations_from_validation_error
from schemas.yaml_source import SourceMap, YamlDocument, parse_yaml, read_yaml

__all__ = [
    "CATALOG_CONFIG_KEY",
    "OVERRIDES_CONFIG_KEY",
    "load_catalog",
    "load_located_catalog",
    "load_stack_catalog",
    "stack_catalog_files",
    "validate_catalog_document",
]

CATALOG_CONFIG_KEY = "paylinks:catalog"
"""Stack config key naming the catalog file (relative to the project directory)."""
OVERRIDES_CONFIG_KEY = "paylinks:overrides"
"""Stack config key holding the per-environment overlay (a YAML object)."""
DEFAULT_CATALOG = "stacks/catalog.yaml"
"""Catalog file used when a stack doesn't name one (as in Pulumi.yaml)."""


def _problems(violations: list[Violation], source: SourceMap) -> list[Problem]:
    problems = []
    for violation in violations:
        file, line = source.locate(violation.path)
        message = violation.message
        removed_at = source.origins.get(violation.missing) if violation.missing else None
        if removed_at is not None and removed_at[0] != source.default_file:
            # written in another file yet absent: a stack's override removed it (`null`)
            message += f" (the stack's overrides remove it at {removed_at[0]}:{removed_at[1]})"
        cause = violation.cause
        set_at = source.origins.get(cause) if cause else None
        if cause and set_at is not None and set_at[0] not in (file, source.default_file):
            message += f" ({format_path(cause)} is set at {set_at[0]}:{set_at[1]})"
        problems.append(Problem(file, line, format_path(violation.path), message))
    return problems


def validate_catalog_document(document: YamlDocument) -> Catalog:
    """Validate parsed catalog data; raise `CatalogError` with every problem located."""
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise CatalogError(
            _problems(
                [
                    Violation(
                        (),
                        "a catalog is a mapping with entitlement_features, products, prices, "
                        "coupons, promotion_codes, shipping_rates, payment_links and "
                        "webhook_endpoints",
                    )
                ],
                document.source,
            )
        )
    violations = check_catalog(data)
    catalog = None
    try:
        catalog = Catalog.model_validate(data, strict=True, context=RULES_RUN_BY_CALLER)
    except ValidationError as error:
        violations += violations_from_validation_error(error, Catalog, data)
    if violations or catalog is None:
        raise CatalogError(_problems(violations, document.source))
    return catalog


def _overrides_document(
    overrides: Mapping[str, Any] | None, overrides_source: str | Path | None
) -> YamlDocument | None:
    """The overlay with the origins of its parts (read from the stack file when possible)."""
    stack_document = None
    if overrides_source is not None and Path(overrides_source).is_file():
        stack_document = read_yaml(overrides_source)
    config = stack_document.data.get("config") if stack_document else None
    from_file = config.get(OVERRIDES_CONFIG_KEY) if isinstance(config, Mapping) else None
    if isinstance(from_file, str) and stack_document is not None:
        # Set with `pulumi config set paylinks:overrides '<json>'`: an object written as text.
        file, line = stack_document.source.locate(("config", OVERRIDES_CONFIG_KEY))
        from_file = parse_yaml(from_file, f"{file}:{line} ({OVERRIDES_CONFIG_KEY})").data
        if overrides is None:
            origins_line: dict[FieldPath, tuple[str, int]] = {(): (file, line)}
            return _checked(YamlDocument(from_file, SourceMap(origins_line, file)))
    if overrides is None:
        overrides = from_file
    if overrides is None:
        return None
    file = str(overrides_source or "<overrides>")
    origins: dict[FieldPath, tuple[str, int]] = {}
    if stack_document is not None and from_file == overrides:
        prefix = ("config", OVERRIDES_CONFIG_KEY)
        for path in stack_document.source.under(prefix):
            origins[path[len(prefix) :]] = stack_document.source.origins[path]
    return _checked(YamlDocument(overrides, SourceMap(origins, file)))


def _checked(document: YamlDocument) -> YamlDocument:
    if not isinstance(document.data, Mapping):
        problem = Problem(*document.source.locate(()), OVERRIDES_CONFIG_KEY, "must be a mapping")
        raise CatalogError([problem])
    return document


def load_catalog(
    path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    overrides_source: str | Path | None = None,
) -> Catalog:
    """Read, merge and validate a catalog.

    `overrides` is a stack's ``paylinks:overrides`` object; when None and `overrides_source` is a
    stack file, it is read from there. Problems an override causes point at `overrides_source`.
    Raises `CatalogError` listing every problem.
    """
    return load_located_catalog(path, overrides, overrides_source)[0]


def load_located_catalog(
    path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    overrides_source: str | Path | None = None,
) -> tuple[Catalog, SourceMap]:
    """As `load_catalog`, with where each part of the merged catalog is written (catalog or
    stack file), for messages about a valid catalog's fields (``paylinks preflight``)."""
    document = read_yaml(path)
    overlay = _overrides_document(overrides, overrides_source)
    unknown_entries: list[Problem] = []
    if overlay is not None:
        overlay, violations = split_unknown_entries(document.data, overlay)
        unknown_entries = _problems(violations, overlay.source)
        document = merge_documents(document, overlay)
    try:
        catalog = validate_catalog_document(document)
    except CatalogError as error:
        raise CatalogError(unknown_entries + list(error.problems)) from None
    if unknown_entries:
        raise CatalogError(unknown_entries)
    return catalog, document.source


def stack_catalog_files(stack: str, project_dir: str | Path = ".") -> tuple[Path, Path]:
    """``(catalog file, stack file)`` of a stack: ``stacks/Pulumi.<stack>.yaml`` and the catalog
    its ``paylinks:catalog`` names (default ``stacks/catalog.yaml``)."""
    project = Path(project_dir)
    stack_file = project / "stacks" / f"Pulumi.{stack}.yaml"
    stack_document = read_yaml(stack_file)
    config = stack_document.data.get("config") if isinstance(stack_document.data, Mapping) else None
    config = config if isinstance(config, Mapping) else {}
    catalog_name = config.get(CATALOG_CONFIG_KEY, DEFAULT_CATALOG)
    if not isinstance(catalog_name, str):
        file, line = stack_document.source.locate(("config", CATALOG_CONFIG_KEY))
        raise CatalogError([Problem(file, line, CATALOG_CONFIG_KEY, "must be a file path")])
    return project / catalog_name, stack_file


def load_stack_catalog(stack: str, project_dir: str | Path = ".") -> tuple[Path, Catalog]:
    """The catalog a stack deploys: ``stacks/Pulumi.<stack>.yaml``'s catalog plus its overrides.

    Returns the catalog file used and the validated catalog.
    """
    catalog_file, stack_file = stack_catalog_files(stack, project_dir)
    return catalog_file, load_catalog(catalog_file, overrides_source=stack_file)
