close curs1;
