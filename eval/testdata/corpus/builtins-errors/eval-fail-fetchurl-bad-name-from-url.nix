# a fetched file needs a valid store path name, checked before fetching
builtins.fetchurl "https://example.invalid/a~b"
