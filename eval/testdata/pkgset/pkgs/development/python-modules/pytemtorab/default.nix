{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pynuwarab, pysolsolsol, pymicordor }:

buildPythonPackage rec {
  pname = "pytemtorab";
  version = "3.9.2";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-BN7G2rm5NYYj33xy2dOAeCsRzMsgYVVLGeGfru3IRzo=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pynuwarab pysolsolsol pymicordor ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pytemtorab library, generated";
    homepage = "https://example.org/projects/pytemtorab";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
