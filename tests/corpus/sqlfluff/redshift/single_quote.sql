SELECT '';

SELECT '''';

SELECT '

';

SELECT '''aaa''';

SELECT '
''
';

SELECT 'foo'
'bar';

SELECT 'foo'


'bar';

SELECT 'foo'


     'bar';

SELECT 'foo' -- some comment
'bar';
