(builtins.tryEval <nonexistent-sp>).success
