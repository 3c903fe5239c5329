{ zzz = 1; name = 2; abc = 3; outPath = 4; B = 6; _a = 7; a-b = 8; "" = 9; "a b" = 10; "if" = 11; "then" = 12; or = 13; "1a" = 14; }
