# A formal's name becomes a symbol after the names in its default.
({ alpha ? beta, beta ? 1 }: {
  beta = throw "beta";
  alpha = throw "alpha";
}) { }
