{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyexpul, pyexrak, pysenbelvin }:

buildPythonPackage rec {
  pname = "pykalosen";
  version = "2.8.5";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0m4vk770xg0222iccypms0jf07cscjra3llna3k557hk9x028d5p";
  };

  propagatedBuildInputs = [ pyexpul pyexrak pysenbelvin ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykalosen library, generated";
    homepage = "https://example.org/projects/pykalosen";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
