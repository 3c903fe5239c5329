{
  zz = throw "zz";
  aa = throw "aa";
} == {
  zz = 1;
  aa = 2;
}
