SELECT
    *
FROM
    ML.WEIGHTS(MODEL `project.dataset.model`)
ORDER BY 2, 1
