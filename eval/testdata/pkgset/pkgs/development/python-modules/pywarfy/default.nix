{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pywarfy";
  version = "1.1";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0vs3lhhrm4a8s119gp5ffp4551kmy4y70c96l9l3b3rqwgx9p36w";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pywarfy library, generated";
    homepage = "https://example.org/projects/pywarfy";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
