{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pywarmidor, pykaabcor }:

buildPythonPackage rec {
  pname = "pycorbel";
  version = "2.7";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1y1cs4x1bjsbw3643dpjrqfhxz4ky4dzqmj3ybvvvzlbswb5zhy1";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pywarmidor pykaabcor ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pycorbel library, generated";
    homepage = "https://example.org/projects/pycorbel";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol dave ];
  };
}
