{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyvinnu, pywarrakcor, pyabdorrak }:

buildPythonPackage rec {
  pname = "pysolrak";
  version = "5.6.35";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "4002c485ee03e1704eed0ba5fb646bf09cf244a26f41c18444371a93e3645a7d";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyvinnu pywarrakcor pyabdorrak ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysolrak library, generated";
    homepage = "https://example.org/projects/pysolrak";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
