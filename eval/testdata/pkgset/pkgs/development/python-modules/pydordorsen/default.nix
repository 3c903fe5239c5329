{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyabdorqui }:

buildPythonPackage rec {
  pname = "pydordorsen";
  version = "2001";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-XcJaQfJUVhm+bU2NzrneiiRKeIpttQWjftCyVp4XOys=";
  };

  propagatedBuildInputs = [ pyabdorqui ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pydordorsen library, generated";
    homepage = "https://example.org/projects/pydordorsen";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
