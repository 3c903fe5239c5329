builtins.getEnv ""
