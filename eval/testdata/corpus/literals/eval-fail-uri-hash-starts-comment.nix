[ https://example.com/a?b=c&d=e#frag ftp://x.y/z ]
