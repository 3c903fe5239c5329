builtins.fetchurl { url = "file://${toString ./files/hello.txt}"; name = "sub/hello"; }
