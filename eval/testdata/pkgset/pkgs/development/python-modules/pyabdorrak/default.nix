{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pysoltem, pysenbelvin }:

buildPythonPackage rec {
  pname = "pyabdorrak";
  version = "2016";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-ZLmvtVEnZzqSqhuQZrs1shto8PbRhQ1LvAmImX6GTcc=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pysoltem pysenbelvin ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyabdorrak library, generated";
    homepage = "https://example.org/projects/pyabdorrak";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
