{ a = builtins.typeOf ./.; }
