{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyloka, pygrawarsol }:

buildPythonPackage rec {
  pname = "pykasenrak";
  version = "5.2.28";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0gdrv2mn00fhk496m5wmrkgkbk3wl2ri13p7sjnapm3629s2lb22";
  };

  propagatedBuildInputs = [ pyloka pygrawarsol ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pykasenrak library, generated";
    homepage = "https://example.org/projects/pykasenrak";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave alice ];
  };
}
