{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymicordor, pysolsolsol, pysenzelo }:

buildPythonPackage rec {
  pname = "pyquiex";
  version = "8.10.8";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "269b197d5e8c286c219061eb265dd5fa42a877b1d8cdcb666bf381a5a82659b5";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pymicordor pysolsolsol pysenzelo ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquiex library, generated";
    homepage = "https://example.org/projects/pyquiex";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol alice ];
  };
}
