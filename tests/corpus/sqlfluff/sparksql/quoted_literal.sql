SELECT result
FROM student
WHERE
    name = "John Smith"
    OR name = 'Jane Doe';
