with { b = 5; }; ({ a ? c }: a) { }
