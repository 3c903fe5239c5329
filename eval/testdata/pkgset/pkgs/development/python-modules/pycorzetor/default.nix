{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pytorbelfy }:

buildPythonPackage rec {
  pname = "pycorzetor";
  version = "9.9.13";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-47aYwq5yJnMfnAC65nMJE8ekrco+gOzNYfJkzL8pZy4=";
  };

  propagatedBuildInputs = [ pytorbelfy ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pycorzetor library, generated";
    homepage = "https://example.org/projects/pycorzetor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
