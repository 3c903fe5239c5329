{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyquirakab }:

buildPythonPackage rec {
  pname = "pyextormi";
  version = "2.4";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "134639af3da08e08fddad78ad43fbeb193712077c23f98ccc7ce8a4d2e4bb799";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyquirakab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyextormi library, generated";
    homepage = "https://example.org/projects/pyextormi";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
