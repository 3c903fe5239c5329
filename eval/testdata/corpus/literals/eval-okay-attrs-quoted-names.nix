{ "1a" = 1; "" = 2; "foo.bar" = 3; "with\"quote" = 4; }
