/foo/bar/../baz/.
