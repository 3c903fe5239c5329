{ "assert" = 1; "else" = 2; "in" = 3; "let" = 4; "rec" = 5; "with" = 6; }
