{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pysoltem";
  version = "3.9.9";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0ylbdjdw3ihfqrj7hfa3ij7jfcy8vh945kwm7qqmjzl557g91vda";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysoltem library, generated";
    homepage = "https://example.org/projects/pysoltem";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
