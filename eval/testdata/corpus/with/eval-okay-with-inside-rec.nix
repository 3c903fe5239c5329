rec { a = 1; b = with { a = 2; c = 3; }; a + c; }
