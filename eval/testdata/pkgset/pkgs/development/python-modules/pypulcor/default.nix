{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pybelfyqui, pysoltem, pydortornu }:

buildPythonPackage rec {
  pname = "pypulcor";
  version = "2017";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "01f4980a8bbcfb5c8d68cf5c8411dde1df091afe6dc9acc0243d3161060bcd05";
  };

  propagatedBuildInputs = [ pybelfyqui pysoltem pydortornu ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pypulcor library, generated";
    homepage = "https://example.org/projects/pypulcor";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
