{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pymizenu";
  version = "1.13";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "19ralskhxr8w8xkzd90r5jmrcykmwxi6a8k05r195jiljd5nnaqv";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pymizenu library, generated";
    homepage = "https://example.org/projects/pymizenu";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
