builtins.tryEval (import <pkgsx>)
