"""Connected sources: one adapter per warehouse, the guard, builds, tests, previews.

The public calls (the CLI and the language server use the same ones; run them from a
worker thread and pass a ``threading.Event`` to cancel):

- ``cdisql.sources.store``: ``load_sources``, ``get_source``, ``add_source``,
  ``update_source``, ``remove_source``, ``load_cached_catalog(name) -> (Source,
  Catalog | None)``
- ``cdisql.sources.guard.guard_segment(text, source, preview=False, catalog=None)``
- ``cdisql.sources.connection_test.run_connection_test(source, cancel=None)``
- ``cdisql.sources.catalog_cache.refresh_catalog(source)``
- ``cdisql.sources.preview.run_preview(source, sql, cancel=None)``
- ``cdisql.sources.build.run_build(source, sql, max_runtime=None, output=None,
  cancel=None, on_progress=None)``
- ``cdisql.sources.history``: ``list_builds``, ``membership_diff``

Nothing here imports a warehouse driver: adapters import theirs inside ``connect``.
"""
