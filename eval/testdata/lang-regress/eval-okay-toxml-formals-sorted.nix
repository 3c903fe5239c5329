builtins.toXML [ ({ y, w, x ? 0 }: w) ({ c, b, a, ... }: a) ]
