{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pywarrakcor, pyquimi }:

buildPythonPackage rec {
  pname = "pypulloex";
  version = "9.1.23";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "70de73b208fe585d93ac4635e20bfc8d07b45a78cc02bb9533eaa38f2aed08b1";
  };

  propagatedBuildInputs = [ pywarrakcor pyquimi ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pypulloex library, generated";
    homepage = "https://example.org/projects/pypulloex";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice bob ];
  };
}
