{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pygrapul }:

buildPythonPackage rec {
  pname = "pydorsolsen";
  version = "6.6.22";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1d83fyvzjymj4mb3avj5mrarjhgpb777mjrvhncrrmvvbbzjga2x";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pygrapul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pydorsolsen library, generated";
    homepage = "https://example.org/projects/pydorsolsen";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
