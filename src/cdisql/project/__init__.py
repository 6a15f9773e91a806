"""Running a project: what applies to each file, the batch runner, its cache and replay.

Nothing is imported here: :mod:`cdisql.project.replay` must start without sqlglot,
click or the settings loader.
"""
