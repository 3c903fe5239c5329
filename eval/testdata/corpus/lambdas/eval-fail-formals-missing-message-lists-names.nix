({ alpha, beta, gamma }: alpha) { alpha = 1; }
