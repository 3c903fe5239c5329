(args@{ a ? 1, b ? args.c or 9, ... }: [ a b ]) { c = 3; }
