let l = import ./lib.nix; in
{
  passAsFile = l.mk {
    name = "pass-as-file";
    passAsFile = [ "big" "other" ];
    big = builtins.concatStringsSep "\n" (builtins.genList toString 200);
    other = "short";
  };
}
