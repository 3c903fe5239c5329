/a/b < /a/c
