{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymisolpul, pydorwar, pykamipul }:

buildPythonPackage rec {
  pname = "pykaabcor";
  version = "0.10.21";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0zxhp5xbi59pjlnc3hwhdf4dhpc0ps7c5bqhfahpnwc6xh6rl17m";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pymisolpul pydorwar pykamipul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykaabcor library, generated";
    homepage = "https://example.org/projects/pykaabcor";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
