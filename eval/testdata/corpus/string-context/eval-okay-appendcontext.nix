builtins.hasContext (builtins.appendContext "abc" { "${builtins.unsafeDiscardStringContext "${./fixed-content.txt}"}" = { path = true; }; })
