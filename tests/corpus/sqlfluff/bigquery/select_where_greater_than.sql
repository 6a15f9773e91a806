SELECT
  *
FROM
  `project.dataset.actions`
WHERE
  c > 1
