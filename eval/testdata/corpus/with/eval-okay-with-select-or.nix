with { a = { }; }; a.b or "default"
