{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pydorwar";
  version = "3.9";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1q1vc5yccix1hsbdg19sfz08b8x5r9kz37xdafhnbs5g58drjvy1";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pydorwar library, generated";
    homepage = "https://example.org/projects/pydorwar";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
