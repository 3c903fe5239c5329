x: let { body = 1; inherit x; }
