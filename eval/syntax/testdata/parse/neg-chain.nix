a: -a - -a
