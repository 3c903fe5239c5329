{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pylomi }:

buildPythonPackage rec {
  pname = "pyquilo";
  version = "2018";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "872eb100e0dfeed74167bf47d7972f1452aa45b04edfb0bc3c4c9a6558a23837";
  };

  propagatedBuildInputs = [ pylomi ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquilo library, generated";
    homepage = "https://example.org/projects/pyquilo";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob ];
  };
}
