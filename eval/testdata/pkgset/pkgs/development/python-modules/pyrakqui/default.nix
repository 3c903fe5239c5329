{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pytemtorab, pymicordor, pykamipul }:

buildPythonPackage rec {
  pname = "pyrakqui";
  version = "2024";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "17a1zcww08d1amwfjkmfiaa9kwsfd1jq6p9103aisn15w623hk5c";
  };

  propagatedBuildInputs = [ pytemtorab pymicordor pykamipul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyrakqui library, generated";
    homepage = "https://example.org/projects/pyrakqui";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
