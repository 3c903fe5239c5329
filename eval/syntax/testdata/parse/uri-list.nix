[ x:x http://a.b/c?d=e&f ftp://x.y ]
