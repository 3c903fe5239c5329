a: assert a; 1
