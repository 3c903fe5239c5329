let
  bb = 1;
in
{
  cc = throw "cc";
  bb = throw "bb was met first";
}
