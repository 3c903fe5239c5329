# Nix forces a set's attributes in the order it first met their names.
{
  zz = throw "zz first";
  aa = throw "aa second";
}
