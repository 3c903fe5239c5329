builtins.readFile ./links/link-to-target
