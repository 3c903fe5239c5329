{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pyvincor";
  version = "7.12.38";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-VlogEK5O4rplpKjur7ie7AL9giW6FKopmMVE33n1e/o=";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyvincor library, generated";
    homepage = "https://example.org/projects/pyvincor";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
