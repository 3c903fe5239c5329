# Both are missing; Nix reports the one whose name it met first.
({ zeta, alpha }: zeta + alpha) { }
