{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyvinvinze, pynuwarab, pykamipul }:

buildPythonPackage rec {
  pname = "pywarmidor";
  version = "2.8.8";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-cfS3c8bah3DSFgEtLEFJmjMD5k63cJwORO2vz/cu3aU=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyvinvinze pynuwarab pykamipul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pywarmidor library, generated";
    homepage = "https://example.org/projects/pywarmidor";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
