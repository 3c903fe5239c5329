{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pykaabcor, pyloka, pyrakqui }:

buildPythonPackage rec {
  pname = "pygraka";
  version = "2009";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1na1kp8yvb9gz9cq1j0wzgg6gvbf4vkrn7hmf3zrzak0nzrgsllg";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pykaabcor pyloka pyrakqui ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pygraka library, generated";
    homepage = "https://example.org/projects/pygraka";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
