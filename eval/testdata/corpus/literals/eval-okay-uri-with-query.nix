[ https://example.com/a?b=c&d=e ftp://x.y/z ]
