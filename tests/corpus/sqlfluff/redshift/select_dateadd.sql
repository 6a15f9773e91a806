select dateadd(month,18,'2008-02-28');
