builtins.toJSON "quote\" backslash\\ nl\n tab\t cr\r ctrl\u0001 dollar$ slash/ unicode é ✓"
