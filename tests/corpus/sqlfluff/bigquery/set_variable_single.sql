set var1 = 5;
set var1 = ['one', 'two'];
set @@query_label = 'text';
