"""The catalog a source exposes: tables, columns, descriptions, partition keys."""

from cdisql.catalog.model import (
    Catalog,
    CatalogError,
    Column,
    Table,
    catalog_from_dict,
    load_catalog,
    save_catalog,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "Column",
    "Table",
    "catalog_from_dict",
    "load_catalog",
    "save_catalog",
]
