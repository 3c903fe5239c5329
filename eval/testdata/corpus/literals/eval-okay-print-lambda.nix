{ f = x: x; }
