{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyvinnu";
  version = "2.9";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0s0mx2f0cq53qzxiqfhqkv0bc8bbm4jpd7zbdhjd08ycrz9pa3vn";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyvinnu library, generated";
    homepage = "https://example.org/projects/pyvinnu";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave bob ];
  };
}
