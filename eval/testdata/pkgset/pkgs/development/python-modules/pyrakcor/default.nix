{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pycorbel }:

buildPythonPackage rec {
  pname = "pyrakcor";
  version = "9.17.25";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-M8My7MF0vetq2P+dyqzvYQK58CCFBGkS0PnOyaHklNA=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pycorbel ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyrakcor library, generated";
    homepage = "https://example.org/projects/pyrakcor";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
