builtins.toXML (args@{ ... }: 1)
