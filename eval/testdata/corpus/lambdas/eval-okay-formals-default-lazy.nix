({ a ? throw "no", b }: b) { b = 1; }
