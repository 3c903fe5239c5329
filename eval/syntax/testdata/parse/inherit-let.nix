y: let inherit y; inherit (y) a b; in a
