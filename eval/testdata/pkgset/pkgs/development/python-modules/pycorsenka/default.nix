{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pycorsenka";
  version = "2.9.0";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "08r3y1h0ychv917ny7813bvpzknahj1mdhxc6mmc3xzf9v7bsd45";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pycorsenka library, generated";
    homepage = "https://example.org/projects/pycorsenka";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
