[ (dirOf "a/b/c") (dirOf "abc") (dirOf "/abc") (dirOf "a/b/") (dirOf "") (dirOf "/") (dirOf "a//b") ]
