builtins.getEnv { }
