{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pypulab";
  version = "1.2.9";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0212cbkbcvnq9vi7a201aj1a27sdzwqqggsqvbpc1nd36c0fh7s0";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pypulab library, generated";
    homepage = "https://example.org/projects/pypulab";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
