{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyzipzip";
  version = "2.10";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "10nmj0zq7v9yga86lxnvizx4ddk13lw5n6xcrccnv9iw8czfngjh";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyzipzip library, generated";
    homepage = "https://example.org/projects/pyzipzip";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob carol ];
  };
}
