[ (baseNameOf "a/b/c") (baseNameOf "abc") (baseNameOf "a/b/") (baseNameOf "") (baseNameOf "/") (baseNameOf "a//") ]
