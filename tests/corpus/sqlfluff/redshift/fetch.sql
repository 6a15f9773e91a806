fetch next from curs1;

fetch all from curs1;

fetch forward 100 from curs1;

fetch forward all from curs1;
