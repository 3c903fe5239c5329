/foo/bar + /baz
