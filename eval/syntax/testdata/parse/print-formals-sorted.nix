{ zz, b ? 1, a, B, _c, ... }@args: a
