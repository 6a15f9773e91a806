"""Connected sources: one adapter per warehouse, the guard, builds, tests, previews."""
