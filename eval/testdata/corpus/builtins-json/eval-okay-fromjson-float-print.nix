builtins.fromJSON "[0.1, 1.0, 123456789.0, 1e100, 2.5e-8]"
