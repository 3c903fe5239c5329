let r = rec { a = 1; b = a; }; in (r // { a = 2; }).b
