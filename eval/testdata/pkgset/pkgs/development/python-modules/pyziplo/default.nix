{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pycorsenka, pydordorsen, pymizenu }:

buildPythonPackage rec {
  pname = "pyziplo";
  version = "2012";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0q6s03ianjf9kfzp950jw15ghci94q71phvmv0zskz8lajq0sc4c";
  };

  propagatedBuildInputs = [ pycorsenka pydordorsen pymizenu ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyziplo library, generated";
    homepage = "https://example.org/projects/pyziplo";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
