{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pynuwarab, pyvinvinze }:

buildPythonPackage rec {
  pname = "pyquizip";
  version = "7.1.8";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "15iyxpwi12i70f5j5x9h1vv0mf98zyf7f5w4p0s2cl47j8rihgb5";
  };

  propagatedBuildInputs = [ pynuwarab pyvinvinze ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquizip library, generated";
    homepage = "https://example.org/projects/pyquizip";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
