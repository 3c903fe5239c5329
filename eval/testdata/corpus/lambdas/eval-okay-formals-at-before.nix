(args@{ a, ... }: args.a) { a = 3; }
