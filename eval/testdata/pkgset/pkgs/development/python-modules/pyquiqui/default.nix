{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymitor, pytorsen, pysenbelvin }:

buildPythonPackage rec {
  pname = "pyquiqui";
  version = "2.3.10";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-Lc8jtyveSQw3+q5OOvW0ybdFRe7FOBcANqW4BvwYYM4=";
  };

  propagatedBuildInputs = [ pymitor pytorsen pysenbelvin ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquiqui library, generated";
    homepage = "https://example.org/projects/pyquiqui";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
