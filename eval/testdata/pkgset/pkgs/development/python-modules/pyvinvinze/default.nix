{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pysolsolsol, pycorsol }:

buildPythonPackage rec {
  pname = "pyvinvinze";
  version = "0.15";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-LG0TeOoH7yu7PNk8xxm2T/YxpLQ7aKAiTeM4TfLVEq0=";
  };

  propagatedBuildInputs = [ pysolsolsol pycorsol ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyvinvinze library, generated";
    homepage = "https://example.org/projects/pyvinvinze";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
