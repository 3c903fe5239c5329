# __overrides must be a set; the error has no position
rec { a = 1; __overrides = [ ]; }
