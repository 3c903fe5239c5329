[ (builtins.getEnv "TEST_VAR") (builtins.getEnv "SURELY_NOT_SET_VAR") ]
