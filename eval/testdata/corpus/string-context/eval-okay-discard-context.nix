builtins.hasContext (builtins.unsafeDiscardStringContext "${./eval-okay-discard-context.nix}")
