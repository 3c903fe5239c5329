# nix-instantiate calls a top-level function whose arguments all have
# defaults, and functions met along -A paths and inside returned sets.
{ name ? "autocall", n ? 2 }:
{
  top = derivation { inherit name; system = "x86_64-linux"; builder = "/bin/sh"; n = toString n; };
  nested = { suffix ? "-nested" }: derivation { name = name + suffix; system = "x86_64-linux"; builder = "/bin/sh"; };
}
