# name is one of Nix's own names: it comes before any name of this file.
{
  zzz = throw "zzz";
  name = throw "name";
}
