builtins.match "[\x7f-\x7f]" "\x7f"
