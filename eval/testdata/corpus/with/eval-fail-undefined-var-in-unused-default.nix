({ a ? b }: with { b = 5; }; a) { a = 3; }
