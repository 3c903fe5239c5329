builtins.toXML /foo/bar
