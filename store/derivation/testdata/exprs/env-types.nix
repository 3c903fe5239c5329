# How each Nix value type becomes an environment variable.
let l = import ./lib.nix; in
{
  types = l.mk {
    name = "env-types";
    int = 42;
    negative = -7;
    float = 3.14;
    true = true;
    false = false;
    null = null;
    list = [ 1 "two" 3.5 true false null [ "nested" "list" ] ];
    emptyList = [ ];
    path = ./files/script.sh;
    drv = l.mk { name = "dep"; };
  };
  ignoreNulls = l.mk { name = "ignore-nulls"; __ignoreNulls = true; gone = null; kept = "x"; };
  placeholders = l.mk {
    name = "placeholders";
    outputs = [ "out" "bin" ];
    script = "mkdir ${builtins.placeholder "out"} ${builtins.placeholder "bin"}";
  };
  references = l.mk {
    name = "references";
    allowedReferences = [ ];
    allowedRequisites = [ ];
    disallowedReferences = [ "/nix/store/00000000000000000000000000000000-x" ];
    preferLocalBuild = true;
    allowSubstitutes = false;
    impureEnvVars = [ "http_proxy" "HOME" ];
  };
}
