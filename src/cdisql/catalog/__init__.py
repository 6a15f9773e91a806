"""The catalog a source exposes: tables, columns, descriptions, partition keys."""

from cdisql.catalog.model import (
    Catalog,
    CatalogError,
    Column,
    Table,
    catalog_from_dict,
    catalog_problems,
    catalog_schema,
    load_catalog,
    read_catalog_json,
    save_catalog,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "Column",
    "Table",
    "catalog_from_dict",
    "catalog_problems",
    "catalog_schema",
    "load_catalog",
    "read_catalog_json",
    "save_catalog",
]
