# a name given in the set must be a valid store path name
builtins.fetchurl { url = "https://example.invalid/x"; name = ".-x"; }
