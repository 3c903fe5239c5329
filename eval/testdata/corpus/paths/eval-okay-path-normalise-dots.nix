baseNameOf ./foo/../bar/./baz
