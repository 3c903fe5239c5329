rec { a = { x = 5; }; inherit (a) x; }
