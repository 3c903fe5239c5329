toString /a/b/..
