builtins.tryEval <nonexistent-search-path-entry>
