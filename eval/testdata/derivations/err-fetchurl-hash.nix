builtins.fetchurl { url = "file://${toString ./files/hello.txt}"; sha256 = "0000000000000000000000000000000000000000000000000000"; }
