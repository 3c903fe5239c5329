# Import from derivation: nix-instantiate runs with
# allow-import-from-derivation off (see derivations_test.go).
import (derivation { name = "ifd"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo 1 > $out" ]; })
