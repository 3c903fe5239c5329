x: [ { "then" = 1; "in" = 2; "or" = 3; "let" = 4; "" = 5; "a'b" = 6; "rec" = 7; "with" = 8; } x."in".or."inherit".a-b."1" ]
