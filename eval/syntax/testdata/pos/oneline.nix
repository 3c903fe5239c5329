{ a = 1; b.c = 2; b.d = 3; inherit (builtins) head; f = { }; f.g = 5; }
