baseNameOf foo/bar
