builtins.toXML ({ a, b ? 1, ... }@args: a)
