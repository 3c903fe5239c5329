a: b: c: assert a; assert b; c
